'use client';

import { btnPrimary, btnGhost } from '../ui/styles';

/** "Following Fay" with a way to step away, or "Browsing on your own" with one-click jump back. */
export function FollowControl({
  following,
  facilitatorName,
  currentTitle,
  onJumpBack,
  onBrowse,
}: {
  following: boolean;
  facilitatorName: string;
  currentTitle: string;
  onJumpBack: () => void;
  onBrowse: () => void;
}) {
  if (following) {
    return (
      <p className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300" data-testid="meeting-follow" data-state="following">
        <span className="inline-block h-2 w-2 rounded-full bg-emerald-500" aria-hidden="true" />
        Following {facilitatorName}
        <button type="button" className={btnGhost} onClick={onBrowse} data-testid="meeting-browse">
          Browse on my own
        </button>
      </p>
    );
  }
  return (
    <p
      className="flex flex-wrap items-center gap-2 text-sm text-amber-800 dark:text-amber-300"
      data-testid="meeting-follow"
      data-state="browsing"
    >
      <span className="inline-block h-2 w-2 rounded-full bg-amber-500" aria-hidden="true" />
      Browsing on your own · the meeting is on “{currentTitle}”
      <button type="button" className={btnPrimary} onClick={onJumpBack} data-testid="meeting-jump-back">
        Jump back
      </button>
    </p>
  );
}
