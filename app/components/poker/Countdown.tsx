'use client';

import { useServerNow } from '@/lib/client/hooks/use-server-now';
import type { PokerTimer } from '@/lib/poker/round';

/** The round's countdown, on the server's clock so every screen shows the same time. */
export function Countdown({ timer, clockOffset }: { timer: PokerTimer; clockOffset: number }) {
  // A quarter-second tick: the bar moves smoothly and the seconds flip on time.
  const now = useServerNow(clockOffset, true, 250);
  const left = Math.max(0, Math.ceil((timer.endsAt - now) / 1000));
  const fraction = Math.min(1, Math.max(0, (timer.endsAt - now) / (timer.seconds * 1000)));
  const urgent = left <= 10;
  return (
    <div data-testid="poker-timer" role="timer" aria-label={`${left} seconds left`} className="flex items-center gap-2">
      <div className="h-2 w-20 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
        <div className={`h-full rounded-full ${urgent ? 'bg-rose-500' : 'bg-indigo-500'}`} style={{ width: `${fraction * 100}%` }} />
      </div>
      <span className={`font-mono text-sm font-bold tabular-nums ${urgent ? 'text-rose-600 dark:text-rose-400' : ''}`}>
        {left === 0 ? "Time's up" : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`}
      </span>
    </div>
  );
}
