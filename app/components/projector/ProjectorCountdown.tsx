'use client';

import { useServerNow } from '@/lib/client/hooks/use-server-now';
import type { PokerTimer } from '@/lib/poker/round';
import { NUMBER } from './type';

/** The poker round's countdown in large type, on the server's clock. */
export function ProjectorCountdown({ timer, clockOffset }: { timer: PokerTimer; clockOffset: number }) {
  const now = useServerNow(clockOffset, true, 250);
  const left = Math.max(0, Math.ceil((timer.endsAt - now) / 1000));
  const fraction = Math.min(1, Math.max(0, (timer.endsAt - now) / (timer.seconds * 1000)));
  const urgent = left <= 10;
  return (
    <div data-testid="projector-poker-timer" role="timer" aria-label={`${left} seconds left`} className="flex items-center gap-4">
      <div className="h-5 w-48 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800">
        <div className={`h-full rounded-full ${urgent ? 'bg-rose-600' : 'bg-indigo-600'}`} style={{ width: `${fraction * 100}%` }} />
      </div>
      <span className={`${NUMBER} ${urgent ? 'text-rose-700 dark:text-rose-400' : ''}`}>
        {left === 0 ? "Time's up" : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`}
      </span>
    </div>
  );
}
