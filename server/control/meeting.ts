import { randomBytes } from 'node:crypto';
import { type AgendaStage, defaultAgenda, parseStoredAgenda } from '../../lib/meeting/agenda';
import { type BoardSnapshot, captureSnapshot, parseStoredSnapshot } from '../../lib/meeting/snapshot';
import {
  type MeetingState,
  addAttendee,
  attendeesFull,
  endMeeting,
  goToStage,
  nextStage,
  parseStoredMeeting,
  previousStage,
  skipStage,
  stageLog,
  startMeeting,
  updateMeetingAgenda,
} from '../../lib/meeting/state';
import { type MeetingSummary, SUMMARY_VERSION, summarizeMeeting } from '../../lib/meeting/summary';
import { type MeetingView, pastEntry } from '../../lib/meeting/view';
import { ERROR_CODES } from '../../lib/protocol';
import type { Participant } from '../../lib/session/roles';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { PokerService } from './poker';
import type { BoardStateService } from './board-state';
import { ControlError } from './control-error';
import { requireRole } from './control-hub';
import { voterIdFor } from './poker-voters';

/** Control-state names in the store (one JSON value each, per board). */
export const MEETING_STATE_NAMES = {
  /** The running meeting (null when none). Small; rewritten on every step. */
  meeting: 'meeting',
  /** The board snapshot taken at the start; written once per meeting, it can be large. */
  startSnapshot: 'meeting-start',
  /** Summaries of past meetings, newest first. */
  past: 'meetings',
  /** The board's own agenda, saved by a facilitator. */
  agenda: 'agenda',
} as const;

/** Past meetings kept per board; older summaries are dropped (download them to keep them). */
export const MAX_PAST_MEETINGS = 50;

/** A board's meeting state; each part is stored under its own name, and only when it changed. */
interface BoardMeeting {
  readonly meeting: MeetingState | null;
  readonly savedAgenda: AgendaStage[] | null;
  readonly past: MeetingSummary[];
}

/**
 * The guided meeting on the control plane. The server holds the meeting (agenda, current stage,
 * clock, attendees) so every client — late joiners and reconnects included — sees the same
 * stage and timer, and only a facilitator can move it. Every change is stored before it is
 * broadcast (the board-state service), so a restart keeps the meeting where it was.
 *
 * Ending a meeting compares the board as it was at the start (a snapshot stored then) with the
 * board now, and keeps the summary with the board's past meetings in the store: only the
 * server writes it, so no participant can rewrite the record.
 *
 * @param maxAttendees people a meeting records (addAttendee): the configured
 *   MAX_CONNECTIONS_PER_KEY, so everyone of a full room is on the list.
 */
export function registerMeeting(
  boards: BoardStateService,
  store: Store,
  log: Logger,
  poker: PokerService | null,
  maxAttendees: number,
): void {
  const { hub, now } = boards;
  /**
   * Per board, the meeting whose list was full and who was told so: each person hears it once
   * per meeting, not on every reconnect (a phone's each one a new socket). At most maxAttendees
   * are remembered, oldest forgotten first, since a client can mint voters without end.
   */
  const toldFull = new Map<string, { meetingId: string; told: Set<string> }>();

  function firstTimeFull(boardId: string, meetingId: string, who: { name: string; role: string; voterId: string | null }): boolean {
    let entry = toldFull.get(boardId);
    if (!entry || entry.meetingId !== meetingId) {
      entry = { meetingId, told: new Set() };
      toldFull.set(boardId, entry);
    }
    const key = who.voterId ? `v\0${who.voterId}` : `n\0${who.role}\0${who.name.trim().toLowerCase()}`;
    if (entry.told.has(key)) return false;
    if (entry.told.size >= maxAttendees) entry.told.delete(entry.told.values().next().value!);
    entry.told.add(key);
    return true;
  }

  const meetings = boards.define<BoardMeeting>('meeting', {
    async load({ boardId }) {
      const [meeting, agenda, past] = await Promise.all([
        store.getControlState(boardId, MEETING_STATE_NAMES.meeting),
        store.getControlState(boardId, MEETING_STATE_NAMES.agenda),
        store.getControlState(boardId, MEETING_STATE_NAMES.past),
      ]);
      const parsedMeeting = meeting === null ? null : parseStoredMeeting(meeting);
      if (meeting !== null && !parsedMeeting) log.warn({ boardId }, 'stored meeting does not fit this version; dropped');
      return {
        meeting: parsedMeeting,
        savedAgenda: agenda === null ? null : parseStoredAgenda(agenda),
        past: Array.isArray(past) ? past.filter(isSummary) : [],
      };
    },
    async save(boardId, next, previous) {
      const writes: Promise<void>[] = [];
      if (next.meeting !== previous.meeting) writes.push(store.setControlState(boardId, MEETING_STATE_NAMES.meeting, next.meeting));
      if (next.savedAgenda !== previous.savedAgenda) {
        writes.push(store.setControlState(boardId, MEETING_STATE_NAMES.agenda, next.savedAgenda));
      }
      if (next.past !== previous.past) writes.push(store.setControlState(boardId, MEETING_STATE_NAMES.past, next.past));
      await Promise.all(writes);
      // An ended meeting is in `past` now; its starting point is no longer needed.
      if (previous.meeting && !next.meeting) await store.setControlState(boardId, MEETING_STATE_NAMES.startSnapshot, null);
    },
    send: (boardId, state, to) => (to === 'everyone' ? hub.toBoard(boardId) : to).emit('meeting:state', view(state)),
  });
  // Forgotten with the board's meeting state when everyone has left (its state unloads first).
  hub.onLeave((ctx) => {
    if (!meetings.isLoaded(ctx.boardId)) toldFull.delete(ctx.boardId);
  });

  function view(b: BoardMeeting): MeetingView {
    return {
      serverNow: now(),
      meeting: b.meeting,
      agenda: b.savedAgenda ?? defaultAgenda(),
      agendaSaved: b.savedAgenda !== null,
      past: b.past.map(pastEntry),
    };
  }

  function running(b: BoardMeeting): MeetingState {
    if (!b.meeting || b.meeting.status !== 'running') throw new ControlError(ERROR_CODES.conflict, 'no meeting is running on this board');
    return b.meeting;
  }

  /** Applies a step to the running meeting (refused when none runs). */
  function step(boardId: string, change: (meeting: MeetingState, now: number) => MeetingState): Promise<void> {
    return meetings.change(boardId, (b) => {
      const meeting = running(b);
      const next = change(meeting, now());
      return next === meeting ? b : { ...b, meeting: next };
    });
  }

  // Late joiners and reconnects land on the current stage: they get the state at once, and
  // a person joining during a meeting is recorded as an attendee (news for everyone). A tab
  // that names its voter is that voter: coming back under a new name renames its entry.
  hub.onJoin(async (ctx) => {
    // A projector is no attendee: it gets the state without a change (in a cluster a change is
    // a store transaction under the board's lock; a projector link reconnecting in a loop
    // queued everyone's steps behind them).
    if (ctx.role === 'spectator') {
      await meetings.tell(ctx.boardId, ctx.socket);
      return;
    }
    const token = ctx.socket.data.voterToken;
    const who = { name: ctx.name, role: ctx.role, voterId: token ? voterIdFor(ctx.boardId, token) : null };
    let full: string | null = null;
    await meetings.change(
      ctx.boardId,
      (b) => {
        if (!b.meeting || b.meeting.status !== 'running') return b;
        if (attendeesFull(b.meeting, who, maxAttendees)) full = b.meeting.id;
        const next = addAttendee(b.meeting, who, now(), maxAttendees);
        return next === b.meeting ? b : { ...b, meeting: next };
      },
      { unchanged: () => ctx.socket },
    );
    // They still follow the meeting; only its record leaves them out.
    if (full !== null && firstTimeFull(ctx.boardId, full, who)) {
      ctx.socket.emit('server:error', {
        code: ERROR_CODES.conflict,
        message: `this meeting already records ${maxAttendees} attendees; you are not added to its list`,
      });
    }
  });

  hub.on('meeting:get', async (ctx) => ({ view: view(await meetings.read(ctx.boardId)) }));

  hub.on('meeting:summary', async (ctx, { meetingId }) => {
    const summary = (await meetings.read(ctx.boardId)).past.find((s) => s.meetingId === meetingId);
    if (!summary) throw new ControlError(ERROR_CODES.notFound, 'no such meeting on this board');
    return { summary };
  });

  hub.on('meeting:start', async (ctx, { agenda }) => {
    requireRole(ctx, 'facilitator');
    await meetings.change(ctx.boardId, async (b, board) => {
      if (b.meeting?.status === 'running') throw new ControlError(ERROR_CODES.conflict, 'a meeting is already running on this board');
      const at = now();
      const snapshot = captureSnapshot(await board.doc(), at);
      // The snapshot goes first: a meeting must never run without its starting point.
      await store.setControlState(ctx.boardId, MEETING_STATE_NAMES.startSnapshot, snapshot);
      const meeting = startMeeting({
        id: randomBytes(9).toString('base64url'),
        agenda: agenda ?? b.savedAgenda ?? defaultAgenda(),
        now: at,
        startedBy: ctx.name,
        attendees: people(hub.roster(ctx.boardId)),
        maxAttendees,
      });
      return { ...b, meeting };
    });
  });

  hub.on('meeting:goto', async (ctx, { stageId }) => {
    requireRole(ctx, 'facilitator');
    await step(ctx.boardId, (m, at) => goToStage(m, stageId, at));
  });

  hub.on('meeting:next', async (ctx, { fromStageId }) => {
    requireRole(ctx, 'facilitator');
    await step(ctx.boardId, (m, at) => (fromStageId !== undefined && fromStageId !== m.currentStageId ? m : nextStage(m, at)));
  });

  hub.on('meeting:prev', async (ctx, { fromStageId }) => {
    requireRole(ctx, 'facilitator');
    await step(ctx.boardId, (m, at) => (fromStageId !== undefined && fromStageId !== m.currentStageId ? m : previousStage(m, at)));
  });

  hub.on('meeting:skip', async (ctx, { stageId }) => {
    requireRole(ctx, 'facilitator');
    await step(ctx.boardId, (m, at) => skipStage(m, stageId, at));
  });

  hub.on('meeting:agenda', async (ctx, { agenda, save }) => {
    requireRole(ctx, 'facilitator');
    await meetings.change(ctx.boardId, (b) => {
      const meeting = b.meeting?.status === 'running' ? updateMeetingAgenda(b.meeting, agenda, now()) : null;
      // Without a meeting, the agenda being edited is the one the next meeting starts with.
      const savedAgenda = !meeting ? checkAgenda(agenda) : save ? meeting.agenda : b.savedAgenda;
      return { ...b, meeting: meeting ?? b.meeting, savedAgenda };
    });
  });

  hub.on('meeting:agenda-reset', async (ctx) => {
    requireRole(ctx, 'facilitator');
    await meetings.change(ctx.boardId, (b) => ({ ...b, savedAgenda: null }));
  });

  hub.on('meeting:end', async (ctx, { closePoker }) => {
    requireRole(ctx, 'facilitator');
    // Poker first, under its own lock: a refusal leaves the meeting running.
    await poker?.closeForMeetingEnd(ctx.boardId, closePoker === true);
    let summary: MeetingSummary | null = null;
    await meetings.change(ctx.boardId, async (b, board) => {
      const at = now();
      let meeting = running(b);
      // Whoever is still here counts, under the name they use now.
      for (const p of people(hub.roster(ctx.boardId))) meeting = addAttendee(meeting, p, at, maxAttendees);
      meeting = endMeeting(meeting, at);
      const end = captureSnapshot(await board.doc(), at);
      let start = parseStoredSnapshot(await store.getControlState(ctx.boardId, MEETING_STATE_NAMES.startSnapshot));
      if (!start) {
        log.warn({ boardId: ctx.boardId, meetingId: meeting.id }, 'meeting start snapshot missing; the summary shows no changes');
        start = end;
      }
      const ended = buildSummary(meeting, start, end, at);
      summary = ended;
      return { ...b, meeting: null, past: [ended, ...b.past.filter((s) => s.meetingId !== ended.meetingId)].slice(0, MAX_PAST_MEETINGS) };
    });
    toldFull.delete(ctx.boardId);
    if (summary) hub.toBoardEverywhere(ctx.boardId).emit('meeting:ended', summary);
    return { summary };
  });
}

function people(roster: Participant[]): Array<{ name: string; role: Participant['role'] }> {
  return roster.filter((p) => p.role !== 'spectator').map((p) => ({ name: p.name, role: p.role }));
}

function checkAgenda(agenda: AgendaStage[]): AgendaStage[] {
  const parsed = parseStoredAgenda(agenda);
  if (!parsed) throw new ControlError(ERROR_CODES.invalidPayload, 'invalid agenda: unique stage ids, 1 to 120 minutes each');
  return parsed;
}

function buildSummary(meeting: MeetingState, start: BoardSnapshot, end: BoardSnapshot, now: number): MeetingSummary {
  return summarizeMeeting(start, end, {
    meetingId: meeting.id,
    startedAt: meeting.startedAt,
    endedAt: meeting.endedAt ?? now,
    startedBy: meeting.startedBy,
    attendees: meeting.attendees,
    stages: stageLog(meeting, now),
  });
}

function isSummary(value: unknown): value is MeetingSummary {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<MeetingSummary>;
  return s.version === SUMMARY_VERSION && typeof s.meetingId === 'string' && typeof s.startedAt === 'number' && Array.isArray(s.created);
}
