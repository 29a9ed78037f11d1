import { defaultAgenda, totalMinutes } from '@/lib/meeting/agenda';
import type { Role } from '@/lib/session/roles';
import { btnPrimary, btnSecondary } from '../ui/styles';

/** The meeting bar's box and its idle row: the bar (MeetingBar) and its slot below share them. */
export const MEETING_BAR_CLASS = 'shrink-0 border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900';
export const MEETING_IDLE_ROW_CLASS = 'flex flex-wrap items-center gap-2 px-4 py-2';
export const FACILITATOR_IDLE_TEXT = 'Run the refinement meeting from here: everyone follows the agenda.';
export const PARTICIPANT_IDLE_TEXT = 'No meeting is running.';

/**
 * The room the meeting bar will take, held from the board's first render until the bar knows
 * the meeting's state: the bar's chunk loads after the list's first paint and its state comes
 * over the control socket, and a bar appearing above the list moved every card down by its
 * height (53 px at 1366 px) right after the board went live, under a click on its way. The
 * slot is the idle bar of the role, invisible (a running meeting's bar differs a little); the
 * projector has none (no bar unless a meeting runs or ran).
 */
export function MeetingBarSlot({ role }: { role: Role | null }) {
  if (role !== 'facilitator' && role !== 'participant') return null;
  const agenda = defaultAgenda();
  return (
    <div aria-hidden="true" className={`${MEETING_BAR_CLASS} invisible`} data-testid="meeting-bar-slot">
      <div className={MEETING_IDLE_ROW_CLASS}>
        <p className="mr-auto text-sm">{role === 'facilitator' ? FACILITATOR_IDLE_TEXT : PARTICIPANT_IDLE_TEXT}</p>
        {role === 'facilitator' && (
          <>
            <span className={btnSecondary}>
              Agenda · {agenda.length} stages, {totalMinutes(agenda)} min
            </span>
            <span className={btnPrimary}>Start meeting</span>
          </>
        )}
      </div>
    </div>
  );
}
