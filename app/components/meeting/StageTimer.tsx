'use client';

import { formatDuration } from '@/lib/meeting/time-text';
import { remainingMs, type MeetingState } from '@/lib/meeting/state';

/** Time left in the current stage's timebox; once it runs over, the overrun in red. */
export function StageTimer({ meeting, now, large = false }: { meeting: MeetingState; now: number; large?: boolean }) {
  const left = remainingMs(meeting, now);
  const over = left < 0;
  const text = over ? `+${formatDuration(-left)} over` : `${formatDuration(left)} left`;
  return (
    <span
      role="timer"
      aria-live="off"
      data-testid="meeting-timer"
      data-overrun={over || undefined}
      className={`rounded-lg px-2 py-1 font-bold tabular-nums ${large ? 'text-3xl' : 'text-sm'} ${
        over
          ? 'bg-rose-100 text-rose-700 dark:bg-rose-950 dark:text-rose-300'
          : 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100'
      }`}
    >
      {text}
    </span>
  );
}
