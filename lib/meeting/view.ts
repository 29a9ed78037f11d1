/**
 * What `meeting:state` carries to every client: the running meeting (or none), the agenda the
 * next meeting will use, and the board's past meetings. Plain JSON; clients show the timer from
 * `serverNow` so a wrong clock on a laptop does not shift everyone's countdown.
 */
import type { AgendaStage } from './agenda';
import type { MeetingState } from './state';
import type { MeetingSummary } from './summary';

/** A past meeting in the board's list (the full summary is fetched with `meeting:summary`). */
export interface PastMeetingEntry {
  id: string;
  startedAt: number;
  endedAt: number;
  startedBy: string;
  attendeeCount: number;
  /** Headline counts for the list. */
  counts: { created: number; splits: number; trimmed: number; estimates: number };
}

export interface MeetingView {
  /** Server clock when sent. */
  serverNow: number;
  meeting: MeetingState | null;
  /** The board's agenda: saved by a facilitator, else the default. */
  agenda: AgendaStage[];
  /** True when the board has an agenda of its own (not the default). */
  agendaSaved: boolean;
  /** Newest first. */
  past: PastMeetingEntry[];
}

export function pastEntry(summary: MeetingSummary): PastMeetingEntry {
  return {
    id: summary.meetingId,
    startedAt: summary.startedAt,
    endedAt: summary.endedAt,
    startedBy: summary.startedBy,
    attendeeCount: summary.attendees.length,
    counts: {
      created: summary.created.length,
      splits: summary.splits.length,
      trimmed: summary.trimmed.length,
      estimates: summary.estimates.length,
    },
  };
}

/**
 * The meeting clock as a client shows it: `offset` is serverNow − the client's clock when the
 * view arrived, so `Date.now() + offset` reads the server's time.
 */
export function clockOffset(view: Pick<MeetingView, 'serverNow'>, receivedAt: number): number {
  return view.serverNow - receivedAt;
}
