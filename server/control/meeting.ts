import { randomBytes } from 'node:crypto';
import type * as Y from 'yjs';
import { type AgendaStage, AgendaError, defaultAgenda, parseStoredAgenda } from '../../lib/meeting/agenda';
import { type BoardSnapshot, captureSnapshot, parseStoredSnapshot } from '../../lib/meeting/snapshot';
import {
  type MeetingState,
  MeetingError,
  addAttendee,
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
import { ControlError, requireRole, type ControlHub, type EventContext } from './control-hub';

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

interface BoardMeeting {
  meeting: MeetingState | null;
  savedAgenda: AgendaStage[] | null;
  past: MeetingSummary[];
}

type Change = (board: BoardMeeting, doc: () => Promise<Y.Doc>) => Promise<Dirty | void> | Dirty | void;
interface Dirty {
  meeting?: boolean;
  savedAgenda?: boolean;
  past?: boolean;
  /** Set when the change ended a meeting: sent to everyone as `meeting:ended`. */
  ended?: MeetingSummary;
}

/**
 * The guided meeting on the control plane. The server holds the meeting (agenda, current stage,
 * clock, attendees) so every client — late joiners and reconnects included — sees the same
 * stage and timer, and only a facilitator can move it. Every change is stored before it is
 * broadcast, so a restart keeps the meeting where it was.
 *
 * Ending a meeting compares the board as it was at the start (a snapshot stored then) with the
 * board now, and keeps the summary with the board's past meetings in the store: only the
 * server writes it, so no participant can rewrite the record.
 */
export class MeetingService {
  private readonly boards = new Map<string, Promise<BoardMeeting>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly hub: ControlHub,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  register(): void {
    const hub = this.hub;

    // Late joiners and reconnects land on the current stage: they get the state at once, and
    // a person joining during a meeting is recorded as an attendee.
    hub.onJoin(async (ctx) => {
      await this.mutate(
        ctx.boardId,
        (b) => {
          if (!b.meeting || b.meeting.status !== 'running' || ctx.role === 'spectator') return;
          const next = addAttendee(b.meeting, { name: ctx.name, role: ctx.role }, this.now());
          if (next === b.meeting) return;
          b.meeting = next;
          return { meeting: true };
        },
        ctx,
      );
    });
    hub.onLeave((ctx) => {
      if (hub.roster(ctx.boardId).length === 0) this.boards.delete(ctx.boardId);
    });

    hub.on('meeting:get', async (ctx) => ({ view: this.view(await this.board(ctx.boardId)) }));

    hub.on('meeting:summary', async (ctx, { meetingId }) => {
      const summary = (await this.board(ctx.boardId)).past.find((s) => s.meetingId === meetingId);
      if (!summary) throw new ControlError(ERROR_CODES.notFound, 'no such meeting on this board');
      return { summary };
    });

    hub.on('meeting:start', async (ctx, { agenda }) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, async (b, doc) => {
        if (b.meeting?.status === 'running') throw new ControlError(ERROR_CODES.conflict, 'a meeting is already running on this board');
        const now = this.now();
        const snapshot = captureSnapshot(await doc(), now);
        // The snapshot goes first: a meeting must never run without its starting point.
        await this.store.setControlState(ctx.boardId, MEETING_STATE_NAMES.startSnapshot, snapshot);
        b.meeting = startMeeting({
          id: randomBytes(9).toString('base64url'),
          agenda: agenda ?? b.savedAgenda ?? defaultAgenda(),
          now,
          startedBy: ctx.name,
          attendees: this.people(this.hub.roster(ctx.boardId)),
        });
        return { meeting: true };
      });
    });

    hub.on('meeting:goto', async (ctx, { stageId }) => {
      requireRole(ctx, 'facilitator');
      await this.step(ctx, (m, now) => goToStage(m, stageId, now));
    });

    hub.on('meeting:next', async (ctx, { fromStageId }) => {
      requireRole(ctx, 'facilitator');
      await this.step(ctx, (m, now) => (fromStageId !== undefined && fromStageId !== m.currentStageId ? m : nextStage(m, now)));
    });

    hub.on('meeting:prev', async (ctx, { fromStageId }) => {
      requireRole(ctx, 'facilitator');
      await this.step(ctx, (m, now) => (fromStageId !== undefined && fromStageId !== m.currentStageId ? m : previousStage(m, now)));
    });

    hub.on('meeting:skip', async (ctx, { stageId }) => {
      requireRole(ctx, 'facilitator');
      await this.step(ctx, (m, now) => skipStage(m, stageId, now));
    });

    hub.on('meeting:agenda', async (ctx, { agenda, save }) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, (b) => {
        const dirty: Dirty = {};
        const running = b.meeting?.status === 'running';
        if (running) {
          b.meeting = updateMeetingAgenda(b.meeting!, agenda, this.now());
          dirty.meeting = true;
        }
        // Without a meeting, the agenda being edited is the one the next meeting starts with.
        if (save || !running) {
          b.savedAgenda = running ? b.meeting!.agenda : checkAgenda(agenda);
          dirty.savedAgenda = true;
        }
        return dirty;
      });
    });

    hub.on('meeting:agenda-reset', async (ctx) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, (b) => {
        b.savedAgenda = null;
        return { savedAgenda: true };
      });
    });

    hub.on('meeting:end', async (ctx) => {
      requireRole(ctx, 'facilitator');
      let summary: MeetingSummary | null = null;
      await this.mutate(ctx.boardId, async (b, doc) => {
        if (!b.meeting || b.meeting.status !== 'running')
          throw new ControlError(ERROR_CODES.conflict, 'no meeting is running on this board');
        const now = this.now();
        let meeting = b.meeting;
        // Whoever is still here counts, under the name they use now.
        for (const p of this.people(this.hub.roster(ctx.boardId))) meeting = addAttendee(meeting, p, now);
        meeting = endMeeting(meeting, now);
        const end = captureSnapshot(await doc(), now);
        let start = parseStoredSnapshot(await this.store.getControlState(ctx.boardId, MEETING_STATE_NAMES.startSnapshot));
        if (!start) {
          this.log.warn({ boardId: ctx.boardId, meetingId: meeting.id }, 'meeting start snapshot missing; the summary shows no changes');
          start = end;
        }
        summary = buildSummary(meeting, start, end, now);
        b.past = [summary, ...b.past.filter((s) => s.meetingId !== meeting.id)].slice(0, MAX_PAST_MEETINGS);
        b.meeting = null;
        return { meeting: true, past: true, ended: summary };
      });
      return { summary };
    });
  }

  /** Applies a step to the running meeting (refused when none runs). */
  private step(ctx: EventContext, change: (meeting: MeetingState, now: number) => MeetingState): Promise<void> {
    return this.mutate(ctx.boardId, (b) => {
      if (!b.meeting || b.meeting.status !== 'running') throw new ControlError(ERROR_CODES.conflict, 'no meeting is running on this board');
      const next = change(b.meeting, this.now());
      if (next === b.meeting) return;
      b.meeting = next;
      return { meeting: true };
    });
  }

  private people(roster: Participant[]): Array<{ name: string; role: Participant['role'] }> {
    return roster.filter((p) => p.role !== 'spectator').map((p) => ({ name: p.name, role: p.role }));
  }

  private view(b: BoardMeeting): MeetingView {
    return {
      serverNow: this.now(),
      meeting: b.meeting,
      agenda: b.savedAgenda ?? defaultAgenda(),
      agendaSaved: b.savedAgenda !== null,
      past: b.past.map(pastEntry),
    };
  }

  private board(boardId: string): Promise<BoardMeeting> {
    let board = this.boards.get(boardId);
    if (!board) {
      board = (async () => {
        const [meeting, agenda, past] = await Promise.all([
          this.store.getControlState(boardId, MEETING_STATE_NAMES.meeting),
          this.store.getControlState(boardId, MEETING_STATE_NAMES.agenda),
          this.store.getControlState(boardId, MEETING_STATE_NAMES.past),
        ]);
        const parsedMeeting = meeting === null ? null : parseStoredMeeting(meeting);
        if (meeting !== null && !parsedMeeting) this.log.warn({ boardId }, 'stored meeting does not fit this version; dropped');
        return {
          meeting: parsedMeeting,
          savedAgenda: agenda === null ? null : parseStoredAgenda(agenda),
          past: Array.isArray(past) ? past.filter(isSummary) : [],
        };
      })();
      this.boards.set(boardId, board);
      board.catch(() => this.boards.delete(boardId));
    }
    return board;
  }

  private async doc(boardId: string): Promise<Y.Doc> {
    const room = await this.hub.rooms.peek(boardId);
    if (!room) throw new ControlError(ERROR_CODES.internal, 'the board is not loaded');
    return room.doc;
  }

  /**
   * One change at a time per board: apply, store what changed, then send everyone the view.
   * With `joiner`, only that socket gets the view when nothing changed (a join).
   */
  private mutate(boardId: string, change: Change, joiner?: EventContext): Promise<void> {
    const previous = this.locks.get(boardId) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const board = await this.board(boardId);
        // Work on a copy: a change that throws halfway must leave the held state untouched.
        const draft: BoardMeeting = { ...board };
        const dirty = (await change(draft, () => this.doc(boardId))) ?? {};
        const writes: Promise<void>[] = [];
        if (dirty.meeting) writes.push(this.store.setControlState(boardId, MEETING_STATE_NAMES.meeting, draft.meeting));
        if (dirty.savedAgenda) writes.push(this.store.setControlState(boardId, MEETING_STATE_NAMES.agenda, draft.savedAgenda));
        if (dirty.past) writes.push(this.store.setControlState(boardId, MEETING_STATE_NAMES.past, draft.past));
        await Promise.all(writes);
        if (dirty.ended) await this.store.setControlState(boardId, MEETING_STATE_NAMES.startSnapshot, null);
        Object.assign(board, draft);
        const changed = !!(dirty.meeting || dirty.savedAgenda || dirty.past);
        if (changed) this.hub.toBoard(boardId).emit('meeting:state', this.view(board));
        else if (joiner) joiner.socket.emit('meeting:state', this.view(board));
        if (dirty.ended) this.hub.toBoard(boardId).emit('meeting:ended', dirty.ended);
      });
    const settled = run.catch(() => undefined);
    this.locks.set(boardId, settled);
    void settled.then(() => {
      if (this.locks.get(boardId) === settled) this.locks.delete(boardId);
    });
    return run.catch((err) => {
      if (err instanceof MeetingError) {
        const code =
          err.code === 'not_running'
            ? ERROR_CODES.conflict
            : err.code === 'unknown_stage'
              ? ERROR_CODES.notFound
              : ERROR_CODES.invalidPayload;
        throw new ControlError(code, err.message);
      }
      if (err instanceof AgendaError)
        throw new ControlError(err.code === 'unknown_stage' ? ERROR_CODES.notFound : ERROR_CODES.invalidPayload, err.message);
      throw err;
    });
  }
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

export function registerMeeting(hub: ControlHub, store: Store, log: Logger): MeetingService {
  const service = new MeetingService(hub, store, log);
  service.register();
  return service;
}
