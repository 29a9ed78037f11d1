import type { ReactNode } from 'react';
import { defaultAgenda, totalMinutes, type AgendaStage } from '@/lib/meeting/agenda';
import type { Role } from '@/lib/session/roles';
import { btnPrimary, btnSecondary } from '../ui/styles';

/** The meeting bar's box: the bar (MeetingBar) and its slot below share it. */
export const MEETING_BAR_CLASS = 'shrink-0 border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900';

/**
 * The band's height on the board, idle or running (both rows stay on one line at every width):
 * a person opening the link while a meeting runs gets the slot of the idle bar first (the page
 * cannot know yet), and a running bar of another height moved every card when it came (12 px on
 * a phone, from 37 to 49). 52 px is the facilitator's idle row, the tallest of them.
 */
export const MEETING_ROW_HEIGHT = 'min-h-13';

/**
 * The idle bar's row (no meeting running): what it says, and for the facilitator the agenda and
 * start buttons. One markup for the bar and for its invisible slot, so the two have one height;
 * the slot's copy has no handlers and no test ids.
 */
export function MeetingIdleRow({
  facilitator,
  agenda,
  onEditAgenda,
  onStart,
  children,
}: {
  facilitator: boolean;
  agenda: readonly AgendaStage[];
  onEditAgenda?: () => void;
  onStart?: () => void;
  /** More buttons at the row's end (past meetings). */
  children?: ReactNode;
}) {
  return (
    <div className={`flex flex-wrap items-center gap-2 px-4 py-2 ${MEETING_ROW_HEIGHT}`}>
      <p className="mr-auto text-sm text-slate-600 dark:text-slate-400">
        {facilitator ? (
          // Below `lg` the sentence and the two buttons took two lines (97 px at 768, 101 on a
          // phone): the buttons say it, and the band stays one line, as when a meeting runs.
          <span className="max-lg:sr-only">Run the refinement meeting from here: everyone follows the agenda.</span>
        ) : (
          'No meeting is running.'
        )}
      </p>
      {facilitator && (
        <>
          <button type="button" className={btnSecondary} onClick={onEditAgenda} data-testid={onEditAgenda && 'meeting-edit-agenda'}>
            Agenda · {agenda.length} stages, {totalMinutes(agenda)} min
          </button>
          <button type="button" className={btnPrimary} onClick={onStart} data-testid={onStart && 'meeting-start'}>
            Start meeting
          </button>
        </>
      )}
      {children}
    </div>
  );
}

/**
 * The room the meeting bar will take, held from the board's first render until the bar knows
 * the meeting's state: the bar's chunk loads after the list's first paint and its state comes
 * over the control socket, and a bar appearing above the list moved every card down by its
 * height (53 px at 1366 px) right after the board went live, under a click on its way. The
 * slot is the idle bar of the role, invisible and inert (a running meeting's bar has the same
 * height: MEETING_ROW_HEIGHT). None for the projector (no bar unless a meeting runs or ran), and
 * none while the meeting's state cannot come (offline: no bar comes until the board is back).
 */
export function MeetingBarSlot({ role, coming }: { role: Role | null; coming: boolean }) {
  if (!coming || (role !== 'facilitator' && role !== 'participant')) return null;
  return (
    <div aria-hidden="true" inert className={`${MEETING_BAR_CLASS} invisible`} data-testid="meeting-bar-slot">
      <MeetingIdleRow facilitator={role === 'facilitator'} agenda={defaultAgenda()} />
    </div>
  );
}
