'use client';

import { useState } from 'react';
import type { PokerClient } from '@/lib/client/hooks/use-poker';
import { parseSplitTitles } from '@/lib/refinement/split';
import { btnPrimaryLarge, btnSecondaryLarge } from '../ui/styles';
import { formatPoints } from './format-points';

/** "Too big? Split now": one child story per line, created under the item and estimated next. */
export function SplitForm({
  itemId,
  points,
  threshold,
  send,
}: {
  itemId: string;
  points: number | null;
  threshold: number;
  send: PokerClient['send'];
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  // The drawer's rule: one title per line, list markers stripped (same children either way).
  const titles = parseSplitTitles(text);
  return (
    <div
      className="rounded-2xl border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40"
      data-testid="poker-split"
    >
      <p className="text-sm font-semibold text-amber-900 dark:text-amber-100">
        Too big? {formatPoints(points)} is above the sprint threshold of {formatPoints(threshold)}.
      </p>
      {!open ? (
        <button type="button" className={`${btnSecondaryLarge} mt-2 w-full`} data-testid="poker-split-open" onClick={() => setOpen(true)}>
          Split now
        </button>
      ) : (
        <form
          className="mt-2 space-y-2"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!titles.length) return;
            const ack = await send('poker:split', { itemId, titles });
            if (ack.ok) {
              setText('');
              setOpen(false);
            }
          }}
        >
          <label className="block text-xs font-semibold text-amber-900 dark:text-amber-100" htmlFor="poker-split-titles">
            Child stories, one per line
          </label>
          <textarea
            id="poker-split-titles"
            data-testid="poker-split-titles"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="w-full rounded-xl border border-amber-300 bg-white p-2 text-sm dark:border-amber-800 dark:bg-slate-900"
            placeholder={'Pay by card\nPay by invoice'}
          />
          <div className="flex gap-2">
            <button type="submit" className={`${btnPrimaryLarge} flex-1`} disabled={!titles.length} data-testid="poker-split-submit">
              Create {titles.length || ''} {titles.length === 1 ? 'story' : 'stories'} and queue them
            </button>
            <button type="button" className={btnSecondaryLarge} onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
