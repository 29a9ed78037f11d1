import { createHash, randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { acceptRoundResult } from '../../lib/board/accept-round';
import { readRefinementSettings } from '../../lib/board/details';
import { effectiveSprintThreshold, exceedsSprint, readEstimationSettings, writeEstimationSettings } from '../../lib/board/estimation';
import { toEstimateRecord } from '../../lib/poker/history';
import { isBoardError } from '../../lib/board/errors';
import { createItem } from '../../lib/board/mutations';
import { getItemMap, listItems, readItem } from '../../lib/board/schema';
import { cardToEstimate } from '../../lib/poker/decks';
import { presentVoterIds, viewFor, type PresentMember } from '../../lib/poker/redact';
import {
  PokerError,
  acceptCard,
  acceptedHistory,
  castVote,
  everyoneHasVoted,
  initialPokerState,
  nextQueuedItem,
  queueNext,
  revealRound,
  revote,
  roundTarget,
  setNotVoting,
  setTimer,
  startRound,
  stopRound,
  timerExpired,
  updateSettings,
  votesOf,
  type PokerState,
} from '../../lib/poker/round';
import { computeStats } from '../../lib/poker/stats';
import { ERROR_CODES } from '../../lib/protocol';
import type { Role } from '../../lib/session/roles';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import { ControlError, requireRole, type ControlHub, type ControlSocket, type EventContext } from './control-hub';
import { PokerStateStore } from './poker-state-store';

/** Origin of the server's own writes into board documents. */
const SERVER_ORIGIN = 'server';

interface Session {
  socket: ControlSocket;
  boardId: string;
  role: Role;
  /**
   * Public id: a hash of the private token, so knowing someone's id does not let you act as them.
   * Until the socket joins, a hash of a secret the server minted and never sends: an identity
   * nobody (not even this socket) can claim elsewhere, which may not vote.
   */
  voterId: string;
  /** Whether `voterId` comes from a token this socket presented (only then may it vote). */
  joined: boolean;
}

interface BoardPoker {
  state: PokerState;
  timer: NodeJS.Timeout | null;
}

export function voterIdFor(boardId: string, token: string): string {
  return createHash('sha256').update(`${boardId}\0${token}`).digest('base64url').slice(0, 16);
}

/**
 * Planning poker on the control plane. The server holds the round and its votes; every change
 * is stored (a restart keeps the round) and then sent to each connected client as its own
 * redacted view (lib/poker/redact.ts). No handler ever emits board-wide.
 */
export class PokerService {
  private readonly sessions = new Map<string, Session>();
  private readonly boards = new Map<string, Promise<BoardPoker>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly states: PokerStateStore;

  constructor(
    private readonly hub: ControlHub,
    store: Store,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.states = new PokerStateStore(store, log);
  }

  register(): void {
    const hub = this.hub;
    hub.onJoin(async (ctx) => {
      const session = this.ensureSession(ctx);
      // A voter arriving (or coming back) is news for everyone. A socket that has not joined
      // is no voter: nobody else's view changes, so only it gets one (800 projectors
      // connecting would otherwise cost 800 × 800 views).
      await this.mutate(
        ctx.boardId,
        (s) => s,
        () => (session.joined ? null : ctx.socket),
      );
    });
    hub.onLeave((ctx) => {
      const session = this.sessions.get(ctx.socket.id);
      this.sessions.delete(ctx.socket.id);
      if (!this.hasSessions(ctx.boardId)) return void this.unload(ctx.boardId);
      // Only a voter leaving changes what others see (and may let the rest auto-reveal).
      if (!session?.joined) return;
      void this.mutate(ctx.boardId, (s) => s).catch((err) => this.log.error({ err }, 'poker leave failed'));
    });

    hub.on('poker:join', async (ctx, { voterToken }) => {
      const session = this.ensureSession(ctx);
      // A projector never votes; binding it to the browser's token would make it the same voter
      // as the facilitator's tab in that browser, and show that tab's card on the wall.
      // Bound inside the board's queue, so a round starting meanwhile is seen.
      let sameVoter = true;
      await this.mutate(
        ctx.boardId,
        (s) => {
          if (ctx.role === 'spectator') return s;
          const before = session.joined ? session.voterId : null;
          bindVoterToken(session, voterIdFor(ctx.boardId, voterToken), s.round?.phase === 'voting');
          sameVoter = before === session.voterId;
          return s;
        },
        // A new voter is news for everyone; a reconnecting tab re-announcing itself is not.
        () => (sameVoter ? ctx.socket : null),
      );
    });

    hub.on('poker:vote', async (ctx, { roundId, card }) => {
      requireRole(ctx, 'facilitator', 'participant');
      // Read inside the board's queue: a poker:join sent just before is bound by then.
      await this.mutate(ctx.boardId, (s) => {
        const { voterId } = this.joinedSession(ctx);
        return castVote(s, { roundId, card, voterId, name: ctx.socket.data.name, color: ctx.socket.data.color });
      });
    });

    hub.on('poker:not-voting', async (ctx, { notVoting }) => {
      requireRole(ctx, 'facilitator', 'participant');
      await this.mutate(ctx.boardId, (s) => setNotVoting(s, this.joinedSession(ctx).voterId, notVoting));
    });

    hub.on('poker:start', async (ctx, payload) => {
      requireRole(ctx, 'facilitator');
      const doc = await this.doc(ctx.boardId);
      await this.mutate(ctx.boardId, (s) => {
        if (payload.mode === 'item') {
          const item = getItemMap(doc, payload.itemId);
          if (!(item instanceof Y.Map)) throw new ControlError(ERROR_CODES.notFound, 'no such item on this board');
          return startRound(s, {
            roundId: newRoundId(),
            itemId: payload.itemId,
            itemTitle: readItem(item).title,
            now: this.now(),
            target: payload.target,
          });
        }
        const unestimated = listItems(doc, { zone: 'backlog' }).filter((i) => i.estimate === null && i.estimateLabel === null);
        if (unestimated.length === 0) throw new ControlError(ERROR_CODES.conflict, 'every backlog item already has an estimate');
        const picked = unestimated.slice(0, payload.count);
        return startRound(s, {
          roundId: newRoundId(),
          itemId: picked[0].id,
          itemTitle: picked[0].title,
          now: this.now(),
          queue: picked.slice(1).map((i) => i.id),
        });
      });
    });

    hub.on('poker:next', async (ctx) => {
      requireRole(ctx, 'facilitator');
      const doc = await this.doc(ctx.boardId);
      await this.mutate(ctx.boardId, (s) => {
        const next = nextQueuedItem(s, (id) => getItemMap(doc, id) instanceof Y.Map);
        if (!next) return stopRound(s);
        const title = readItem(getItemMap(doc, next.itemId)!).title;
        return startRound(s, { roundId: newRoundId(), itemId: next.itemId, itemTitle: title, now: this.now(), queue: next.queue });
      });
    });

    hub.on('poker:stop', async (ctx) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, (s) => stopRound(s));
    });

    hub.on('poker:reveal', async (ctx, { roundId }) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, (s) => revealRound(s, roundId, this.now()));
    });

    hub.on('poker:revote', async (ctx, { roundId }) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, (s) => revote(s, { roundId, newRoundId: newRoundId(), now: this.now() }));
    });

    hub.on('poker:accept', async (ctx, { roundId, card: label }) => {
      requireRole(ctx, 'facilitator');
      const doc = await this.doc(ctx.boardId);
      await this.mutate(ctx.boardId, (s) => {
        const wasAccepted = s.round?.phase === 'accepted';
        const { state, card } = acceptCard(s, { roundId, card: label });
        const round = state.round!;
        const now = this.now();
        const target = roundTarget(round);
        const history = acceptedHistory(round);
        const records = history.map((r, i) =>
          toEstimateRecord(r, s.settings.deck.kind, i === history.length - 1 ? card : null, i === history.length - 1 ? now : null, target),
        );
        // Written before the state changes: if the item is gone, nothing is accepted. The round's
        // target says what is written: the estimate, or one WSJF input.
        // A second accept (the facilitator changed their mind) only corrects the value.
        acceptRoundResult(
          doc,
          round.itemId,
          { target, estimate: cardToEstimate(card), records: wasAccepted ? [] : records },
          SERVER_ORIGIN,
        );
        return state;
      });
    });

    hub.on('poker:timer', async (ctx, { roundId, seconds, revealAtEnd }) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, (s) => setTimer(s, { roundId, seconds, revealAtEnd, now: this.now() }));
    });

    hub.on('poker:settings', async (ctx, patch) => {
      requireRole(ctx, 'facilitator');
      const doc = await this.doc(ctx.boardId);
      await this.mutate(ctx.boardId, (s) => {
        const next = updateSettings(s, patch);
        // The doc holds a copy for everyone (and for exports); this state stays authoritative,
        // because any participant can write the doc but only a facilitator may change settings.
        writeEstimationSettings(doc, next.settings, SERVER_ORIGIN);
        return next;
      });
    });

    hub.on('poker:split', async (ctx, { itemId, titles }) => {
      requireRole(ctx, 'facilitator');
      const doc = await this.doc(ctx.boardId);
      await this.mutate(ctx.boardId, (s) => {
        const item = getItemMap(doc, itemId);
        if (!(item instanceof Y.Map)) throw new ControlError(ERROR_CODES.notFound, 'no such item on this board');
        if (!this.tooBig(s, itemId, readItem(item).estimate, readRefinementSettings(doc).velocity)) {
          throw new ControlError(ERROR_CODES.conflict, 'only an item estimated above the sprint threshold can be split here');
        }
        const childIds: string[] = [];
        doc.transact(() => {
          let after = itemId;
          for (const title of titles) {
            after = createItem(doc, { title, kind: 'story', parentId: itemId, position: { after }, createdBy: ctx.name }, SERVER_ORIGIN);
            childIds.push(after);
          }
        }, SERVER_ORIGIN);
        return queueNext(s, childIds);
      });
      return undefined;
    });
  }

  /**
   * Whether the estimate on the table for an item is above the sprint limit: the accepted card,
   * else the revealed round's suggestion, else the card's own estimate. The limit is the board's
   * (`effectiveSprintThreshold`, the rule behind the "split me" flag): the threshold held here,
   * else the velocity in the doc. A round on a WSJF input is no estimate, so it never counts.
   */
  private tooBig(state: PokerState, itemId: string, docEstimate: number | null, velocity: number | null): boolean {
    const limit = effectiveSprintThreshold({ sprintThreshold: state.settings.sprintThreshold, velocity });
    const round = state.round;
    if (round && round.itemId === itemId && round.phase !== 'voting' && roundTarget(round) === 'estimate') {
      const points = round.accepted?.value ?? computeStats(round.deck, votesOf(round)).suggested?.value ?? null;
      if (exceedsSprint(points, limit)) return true;
    }
    return exceedsSprint(docEstimate, limit);
  }

  private ensureSession(ctx: EventContext): Session {
    let session = this.sessions.get(ctx.socket.id);
    if (!session) {
      // The handshake carried the token: a voter from its first event, whatever order the
      // client's first events arrive in.
      // Otherwise not the socket id (it is public in the roster, so anyone could have joined as
      // it): a secret minted here and never sent, so no one else can name or claim this identity.
      const token = ctx.role === 'spectator' ? null : (ctx.socket.data.voterToken ?? null);
      const voterId = voterIdFor(ctx.boardId, token ?? `minted:${randomBytes(24).toString('base64url')}`);
      session = { socket: ctx.socket, boardId: ctx.boardId, role: ctx.role, voterId, joined: token !== null };
      this.sessions.set(ctx.socket.id, session);
    }
    return session;
  }

  /** The session of a socket that has presented its voter token; votes need one. */
  private joinedSession(ctx: EventContext): Session {
    // Runs inside the board's queue, possibly after the socket left: never re-create its
    // session then (nothing would delete it again, and the board would never unload).
    const session = this.sessions.get(ctx.socket.id) ?? (ctx.socket.connected ? this.ensureSession(ctx) : undefined);
    if (!session?.joined) {
      throw new ControlError(ERROR_CODES.conflict, 'announce your voter token (poker:join) before voting');
    }
    return session;
  }

  private hasSessions(boardId: string): boolean {
    for (const s of this.sessions.values()) if (s.boardId === boardId) return true;
    return false;
  }

  private async doc(boardId: string): Promise<Y.Doc> {
    const room = await this.hub.rooms.peek(boardId);
    if (!room) throw new ControlError(ERROR_CODES.internal, 'the board is not loaded');
    return room.doc;
  }

  private board(boardId: string): Promise<BoardPoker> {
    let board = this.boards.get(boardId);
    if (!board) {
      board = (async () => {
        const stored = await this.states.load(boardId);
        if (stored) return { state: stored, timer: null };
        const room = await this.hub.rooms.peek(boardId);
        return { state: initialPokerState(room ? readEstimationSettings(room.doc) : undefined), timer: null };
      })();
      this.boards.set(boardId, board);
      board.catch(() => this.boards.delete(boardId));
    }
    return board;
  }

  /**
   * Runs one change at a time per board: apply, auto-reveal, store, then send every client its
   * view. `onlyTo` (asked after the change ran) names the one socket to answer when nothing
   * others see has changed; any change of the state still goes to everyone.
   */
  private mutate(
    boardId: string,
    change: (state: PokerState) => PokerState,
    onlyTo: () => ControlSocket | null = () => null,
  ): Promise<void> {
    const previous = this.locks.get(boardId) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const entry = this.board(boardId);
        const board = await entry;
        let next = change(board.state);
        next = this.autoReveal(boardId, next);
        const changed = next !== board.state;
        if (changed) {
          await this.states.save(boardId, next);
          board.state = next;
        }
        if (this.boards.get(boardId) !== entry || !this.hasSessions(boardId)) {
          // Everyone left while this ran (unload already dropped this board object, or it was
          // loaded again by a change queued before the last leave). The change is stored; keep
          // neither the board in memory nor a timer on it, or the timer would load the board
          // again with nobody here. A timer's end is applied when the board is next loaded.
          if (this.boards.get(boardId) === entry) this.boards.delete(boardId);
          this.clearTimer(board);
          return;
        }
        this.scheduleTimer(boardId, entry, board);
        const only = changed ? null : onlyTo();
        if (only) this.sendView(only, board.state);
        else this.broadcast(boardId, board.state);
      });
    const settled = run.catch(() => undefined);
    this.locks.set(boardId, settled);
    void settled.then(() => {
      if (this.locks.get(boardId) === settled) this.locks.delete(boardId);
    });
    return run.catch((err) => {
      if (err instanceof PokerError)
        throw new ControlError(
          ERROR_CODES[err.code === 'not_found' ? 'notFound' : err.code === 'conflict' ? 'conflict' : 'invalidPayload'],
          err.message,
        );
      if (isBoardError(err))
        throw new ControlError(err.code === 'unknown_item' ? ERROR_CODES.notFound : ERROR_CODES.invalidPayload, err.message);
      throw err;
    });
  }

  private autoReveal(boardId: string, state: PokerState): PokerState {
    const round = state.round;
    if (!round || round.phase !== 'voting') return state;
    const now = this.now();
    if (timerExpired(state, now) && round.timer!.revealAtEnd) return revealRound(state, round.id, now);
    if (state.settings.autoReveal && everyoneHasVoted(state, presentVoterIds(this.present(boardId)))) {
      return revealRound(state, round.id, now);
    }
    return state;
  }

  /** `entry` is the board's loaded state as `this.boards` held it when the timer was armed. */
  private scheduleTimer(boardId: string, entry: Promise<BoardPoker>, board: BoardPoker): void {
    this.clearTimer(board);
    const timer = board.state.round?.phase === 'voting' ? board.state.round.timer : null;
    if (!timer || !timer.revealAtEnd) return;
    const delay = Math.max(0, timer.endsAt - this.now());
    board.timer = setTimeout(() => {
      board.timer = null;
      // Unloaded since (everyone left): loading it again for nobody would keep it in memory.
      if (this.boards.get(boardId) !== entry) return;
      this.mutate(boardId, (s) => s).catch((err) => this.log.error({ err, boardId }, 'poker timer failed'));
    }, delay + 5);
    board.timer.unref();
  }

  private clearTimer(board: BoardPoker): void {
    if (board.timer) clearTimeout(board.timer);
    board.timer = null;
  }

  private present(boardId: string): PresentMember[] {
    const members: PresentMember[] = [];
    for (const s of this.sessions.values()) {
      // A socket that has not joined cannot vote, so it must not hold up an auto-reveal either.
      if (s.boardId !== boardId || !s.joined) continue;
      members.push({ voterId: s.voterId, name: s.socket.data.name, color: s.socket.data.color, role: s.role });
    }
    return members;
  }

  private sendView(socket: ControlSocket, state: PokerState): void {
    const session = this.sessions.get(socket.id);
    if (!session) return;
    socket.emit('poker:state', viewFor(state, { voterId: session.voterId, role: session.role }, this.present(session.boardId), this.now()));
  }

  private broadcast(boardId: string, state: PokerState): void {
    const present = this.present(boardId);
    const now = this.now();
    for (const s of this.sessions.values()) {
      if (s.boardId !== boardId) continue;
      s.socket.emit('poker:state', viewFor(state, { voterId: s.voterId, role: s.role }, present, now));
    }
  }

  private unload(boardId: string): void {
    // Stored after every change already; a timer that ends while nobody is here is applied when
    // the board is loaded again (autoReveal checks the end time).
    const board = this.boards.get(boardId);
    this.boards.delete(boardId);
    void board?.then((b) => this.clearTimer(b)).catch(() => undefined);
  }

  /** Whether a board's poker state is held in memory (for tests: it must go when everyone left). */
  isLoaded(boardId: string): boolean {
    return this.boards.has(boardId);
  }

  close(): void {
    for (const board of this.boards.values()) void board.then((b) => b.timer && clearTimeout(b.timer)).catch(() => undefined);
    this.boards.clear();
  }
}

/**
 * Binds a socket to the voter a token names. One token per socket: a different one is refused
 * while a round is voting (one socket cycling through tokens cast 300 votes in a round); between
 * rounds it may change (the browser's stored token was reset). Taking over a voter another
 * socket holds needs that voter's token itself: the public voterId is a hash of it.
 */
export function bindVoterToken(session: { voterId: string; joined: boolean }, voterId: string, roundOpen: boolean): void {
  if (session.joined && session.voterId !== voterId && roundOpen) {
    throw new ControlError(
      ERROR_CODES.conflict,
      'this connection already votes with another voter token in the open round; a new token is accepted between rounds',
    );
  }
  session.voterId = voterId;
  session.joined = true;
}

function newRoundId(): string {
  return randomBytes(9).toString('base64url');
}

export function registerPoker(hub: ControlHub, store: Store, log: Logger): PokerService {
  const service = new PokerService(hub, store, log);
  service.register();
  return service;
}
