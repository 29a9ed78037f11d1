'use client';

import type { MeetingState } from '@/lib/meeting/state';

/**
 * The agenda as a row of steps: done, current, skipped, ahead. The step being viewed is
 * outlined. Clicking a step is the facilitator's "go to" and a participant's "browse".
 */
export function AgendaStepper({
  meeting,
  viewedStageId,
  onPick,
  large = false,
}: {
  meeting: MeetingState;
  viewedStageId: string;
  onPick: ((stageId: string) => void) | null;
  large?: boolean;
}) {
  const currentIndex = meeting.agenda.findIndex((s) => s.id === meeting.currentStageId);
  return (
    <ol className="flex min-w-0 gap-1 overflow-x-auto pb-1" aria-label="Agenda" data-testid="meeting-stepper">
      {meeting.agenda.map((stage, index) => {
        const time = meeting.times[stage.id];
        const current = stage.id === meeting.currentStageId;
        const skipped = time?.skipped ?? false;
        const done = !current && !skipped && (time?.visits ?? 0) > 0 && index < currentIndex;
        const viewed = stage.id === viewedStageId;
        const state = current ? 'current' : skipped ? 'skipped' : done ? 'done' : 'ahead';
        const tone = current
          ? 'bg-indigo-600 text-white dark:bg-indigo-500'
          : done
            ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200'
            : 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200';
        const label = `${index + 1}. ${stage.title}`;
        const content = (
          <>
            <span className="tabular-nums">{index + 1}</span>
            <span className={skipped ? 'line-through' : ''}>{stage.title}</span>
            {done && <span aria-hidden="true">✓</span>}
          </>
        );
        const className = `flex shrink-0 items-center gap-1 rounded-full px-3 py-1 font-semibold whitespace-nowrap ${large ? 'text-xl' : 'text-xs'} ${tone} ${
          viewed && !current ? 'outline-2 outline-offset-1 outline-indigo-500' : ''
        }`;
        return (
          <li key={stage.id} data-testid={`meeting-stage-${stage.id}`} data-state={state} aria-current={current ? 'step' : undefined}>
            {onPick ? (
              <button
                type="button"
                className={className}
                onClick={() => onPick(stage.id)}
                aria-label={`${label}${current ? ' (current)' : ''}${skipped ? ' (skipped)' : ''}`}
              >
                {content}
              </button>
            ) : (
              <span className={className}>{content}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
