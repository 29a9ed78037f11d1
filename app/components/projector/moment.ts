import type { AgendaStage } from '@/lib/meeting/agenda';
import { currentStage } from '@/lib/meeting/state';
import type { MeetingView } from '@/lib/meeting/view';
import type { PokerView } from '@/lib/poker/redact';
import type { SortPreviewView } from '@/lib/protocol';
import type { TrimStateView } from '@/lib/refinement/trim-consensus';

/** An applied sort stays on the projector this long (server clock), so the room sees the result. */
export const SORT_RESULT_SHOWN_MS = 60_000;

/** What the projector shows now: the room's current moment. */
export type ProjectorMoment =
  { kind: 'poker' } | { kind: 'trim' } | { kind: 'sort' } | { kind: 'stage'; stage: AgendaStage } | { kind: 'summary' } | { kind: 'board' };

/**
 * The moment that matters most to the room now. An open decision (a poker round, a trim vote)
 * comes first, then the facilitator's sort preview (and its result for a minute), then the
 * meeting's stage, then the summary of a meeting that just ended; with none of these, the ranked
 * board.
 */
export function projectorMoment(input: {
  poker: PokerView | null;
  trim: TrimStateView;
  sort: SortPreviewView | null;
  meeting: MeetingView | null;
  /** Now on the server's clock. */
  now: number;
  /** A meeting ended here and its summary is still to be shown. */
  summary: boolean;
}): ProjectorMoment {
  if (input.poker?.round) return { kind: 'poker' };
  if (input.trim.proposal) return { kind: 'trim' };
  const sort = input.sort;
  if (sort && (sort.phase === 'previewing' || input.now - sort.at < SORT_RESULT_SHOWN_MS)) return { kind: 'sort' };
  const meeting = input.meeting?.meeting;
  if (meeting?.status === 'running') return { kind: 'stage', stage: currentStage(meeting) };
  if (input.summary) return { kind: 'summary' };
  return { kind: 'board' };
}
