import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { acceptRoundResult } from '../../lib/board/accept-round';
import { readRefinementSettings } from '../../lib/board/settings';
import { effectiveSprintThreshold, exceedsSprint, readEstimationSettings, writeEstimationSettings } from '../../lib/board/estimation';
import { toEstimateRecord } from '../../lib/poker/history';
import { getItemMap, listItems, readItem } from '../../lib/board/schema';
import { cardToEstimate } from '../../lib/poker/decks';
import { presentVoterIds } from '../../lib/poker/redact';
import {
  acceptCard,
  acceptedHistory,
  castVote,
  everyoneHasVoted,
  initialPokerState,
  nextQueuedItem,
  queueNext,
  revealRound,
  roundAtMeetingEnd,
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
import { splitItem } from '../../lib/refinement/split';
import { assertNever } from '../../lib/session/assert-never';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import { SERVER_ORIGIN, type Audience, type BoardAccess, type BoardStateService, type BoardStates } from './board-state';
import { ControlError } from './control-error';
import { requireRole, type ControlHub, type ControlSocket } from './control-hub';
import { PokerStateStore } from './poker-state-store';
import { PokerPatches } from './poker-patches';
import { PokerVoters, bindVoterToken, voterIdFor } from './poker-voters';

/**
 * Planning poker on the control plane: its rules on top of the board-state service. The server
 * holds the round and its votes; every change is stored (a restart keeps the round) and then
 * sent to each connected client as its own redacted view (lib/poker/redact.ts). While a round is
 * voting, the votes go out as patches of those views instead (poker-patches.ts). No handler ever
 * emits board-wide.
 */
export class PokerService {
  private readonly hub: ControlHub;
  private readonly voters = new PokerVoters();
  private readonly states: BoardStates<PokerState>;
  private readonly now: () => number;
  private readonly patches: PokerPatches;

  /**
   * @param maxNotVoting voters who may sit out at once (setNotVoting): the configured
   *   MAX_CONNECTIONS_PER_KEY, so everyone of a full room may.
   */
  constructor(
    private readonly boards: BoardStateService,
    store: Store,
    private readonly log: Logger,
    private readonly maxNotVoting: number,
  ) {
    this.hub = boards.hub;
    this.now = boards.now;
    this.voters.remote = (boardId) => this.hub.remoteVoters(boardId);
    this.patches = new PokerPatches(this.voters, this.now);
    const stored = new PokerStateStore(store, log);
    this.states = boards.define<PokerState>('poker', {
      load: async (board) => {
        const state = await stored.load(board.boardId);
        if (state) return state;
        const doc = await board.docIfLoaded();
        return initialPokerState(doc ? readEstimationSettings(doc) : undefined);
      },
      save: (boardId, next) => stored.save(boardId, next),
      // Never from `previous`: patches are made against what this node's sockets were told (poker-patches.ts).
      send: (boardId, state, to) => (to === 'everyone' ? this.patches.tell(boardId, state) : this.sendView(to, state)),
      settle: (boardId, state) => this.autoReveal(boardId, state),
      // A countdown that reveals at its end is revealed then, with no event to trigger it.
      wakeAt: ({ round }) => (round?.phase === 'voting' && round.timer?.revealAtEnd ? round.timer.endsAt : null),
    });
  }

  register(): void {
    const hub = this.hub;
    hub.onJoin(async (ctx) => {
      const voter = this.voters.seat(ctx);
      // A voter arriving (or coming back) is news for everyone. A socket that has not joined
      // is no voter: nobody else's view changes, so only it gets one (800 projectors
      // connecting would otherwise cost 800 × 800 views), as poker:get sends it, without a
      // change (in a cluster a change is a store transaction under the board's lock, and a
      // projector link reconnecting in a loop queued the facilitator's reveal behind them).
      if (!voter.joined) {
        await this.states.tell(ctx.boardId, ctx.socket);
        return;
      }
      await this.mutate(
        ctx.boardId,
        (s) => s,
        () => 'everyone',
      );
    });
    hub.onLeave((ctx) => {
      const voter = this.voters.leave(ctx.socket.id);
      if (this.voters.nobodyAt(ctx.boardId)) this.patches.forget(ctx.boardId);
      // Only a voter leaving changes what others see (and may let the rest auto-reveal), here or
      // on other nodes (the change then loads the state, stores it and drops it again: nobody
      // here is left to tell). Nobody left anywhere: nothing to change.
      if (!voter?.joined || this.hub.roster(ctx.boardId).length === 0) return;
      void this.mutate(ctx.boardId, (s) => s).catch((err) => this.log.error({ err, boardId: ctx.boardId }, 'poker leave failed'));
    });

    // Cluster mode: a voter arriving on or leaving another node is news for everyone here (their
    // node tells its own sockets; nothing is stored, so no state notice comes).
    hub.onRemoteVoters((boardId) => this.retell(boardId));
    // Auto-reveal waited while voters elsewhere were not all known (see autoReveal): settle
    // every round held here now that they are.
    hub.onRemoteRosterComplete(() => {
      for (const boardId of this.states.loadedBoardIds()) {
        if (this.voters.nobodyAt(boardId)) continue;
        void this.mutate(boardId, (s) => s).catch((err) =>
          this.log.error({ err, boardId }, 'poker settle after the roster completed failed'),
        );
      }
    });

    hub.on('poker:join', async (ctx, { voterToken }) => {
      // A projector never votes; binding it to the browser's token would make it the same voter
      // as the facilitator's tab in that browser, and show that tab's card on the wall. It gets
      // its view, as poker:get does: no change, so no store transaction (in a cluster, each
      // change holds the board's lock in PostgreSQL, and a projector link joining in a loop
      // queued the facilitator's reveal behind its transactions).
      if (ctx.role === 'spectator') {
        await this.states.tell(ctx.boardId, ctx.socket);
        return;
      }
      const voter = this.voters.seat(ctx);
      // Bound inside the board's queue, so a round starting meanwhile is seen.
      let sameVoter = true;
      await this.mutate(
        ctx.boardId,
        (s) => {
          const before = voter.joined ? voter.voterId : null;
          bindVoterToken(voter, voterIdFor(ctx.boardId, voterToken), s.round?.phase === 'voting');
          sameVoter = before === voter.voterId;
          return s;
        },
        // A new voter is news for everyone; a reconnecting tab re-announcing itself is not.
        () => (sameVoter ? ctx.socket : 'everyone'),
      );
    });

    hub.on('poker:get', async (ctx) => {
      // A client whose patches stopped fitting its view (one went missing): its whole view
      // again, in the board's queue (after any change under way, so the patches that follow
      // fit it). Nothing changes: no cluster lock, no store read (review S4).
      await this.states.tell(ctx.boardId, ctx.socket);
    });

    hub.on('poker:vote', async (ctx, { roundId, card }) => {
      requireRole(ctx, 'facilitator', 'participant');
      // Read inside the board's queue: a poker:join sent just before is bound by then.
      await this.mutate(ctx.boardId, (s) => {
        const { voterId } = this.voters.joined(ctx);
        return castVote(s, { roundId, card, voterId, name: ctx.socket.data.name, color: ctx.socket.data.color });
      });
    });

    hub.on('poker:not-voting', async (ctx, { notVoting }) => {
      requireRole(ctx, 'facilitator', 'participant');
      await this.mutate(ctx.boardId, (s) =>
        setNotVoting(s, this.voters.joined(ctx).voterId, notVoting, presentVoterIds(this.voters.present(ctx.boardId)), this.maxNotVoting),
      );
    });

    hub.on('poker:start', async (ctx, payload) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, async (s, board) => {
        const doc = await board.doc();
        switch (payload.mode) {
          case 'item':
            return startRound(s, {
              roundId: newRoundId(),
              itemId: payload.itemId,
              itemTitle: readItem(requireItem(doc, payload.itemId)).title,
              now: this.now(),
              target: payload.target,
            });
          case 'queue': {
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
          }
          default:
            return assertNever(payload, 'poker:start mode');
        }
      });
    });

    hub.on('poker:next', async (ctx) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, async (s, board) => {
        const doc = await board.doc();
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
      await this.mutate(ctx.boardId, async (s, board) => {
        const doc = await board.doc();
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
      await this.mutate(ctx.boardId, async (s, board) => {
        const doc = await board.doc();
        const next = updateSettings(s, patch);
        // The doc holds a copy for everyone (and for exports); this state stays authoritative,
        // because any participant can write the doc but only a facilitator may change settings.
        writeEstimationSettings(doc, next.settings, SERVER_ORIGIN);
        return next;
      });
    });

    hub.on('poker:split', async (ctx, { itemId, titles }) => {
      requireRole(ctx, 'facilitator');
      await this.mutate(ctx.boardId, async (s, board) => {
        const doc = await board.doc();
        const item = requireItem(doc, itemId);
        if (!this.tooBig(s, itemId, readItem(item).estimate, readRefinementSettings(doc).velocity)) {
          throw new ControlError(ERROR_CODES.conflict, 'only an item estimated above the sprint threshold can be split here');
        }
        // The same act as splitting from the item itself: same kinds, same places, same limit.
        const childIds = splitItem(doc, itemId, titles, { createdBy: ctx.name }, SERVER_ORIGIN);
        return queueNext(s, childIds);
      });
    });
  }

  /** Whether a board's poker state is held in memory (for tests: it must go when everyone left). */
  isLoaded(boardId: string): boolean {
    return this.states.isLoaded(boardId);
  }

  close(): void {
    this.states.close();
    this.patches.close();
  }

  /** One change of the board's round. Unless told otherwise, everyone hears of it, changed or not: who is here is part of every view. */
  /**
   * The meeting ends: its poker round and queue end with it, so no phone is left behind a poker
   * sheet. Votes nobody accepted are dropped only when the facilitator said so (`dropVotes`).
   */
  async closeForMeetingEnd(boardId: string, dropVotes: boolean): Promise<void> {
    await this.states.change(
      boardId,
      (s) => {
        const what = roundAtMeetingEnd(s);
        if (what === 'ask' && !dropVotes) {
          throw new ControlError(
            ERROR_CODES.pokerRoundOpen,
            'the poker round has votes nobody accepted; end the meeting anyway to drop them',
          );
        }
        return what === 'none' ? s : stopRound(s);
      },
      { unchanged: () => 'nobody' },
    );
  }

  private mutate(
    boardId: string,
    change: (state: PokerState, board: BoardAccess) => PokerState | Promise<PokerState>,
    unchanged: () => Audience = () => 'everyone',
  ): Promise<void> {
    return this.states.change(boardId, change, { unchanged });
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

  private autoReveal(boardId: string, state: PokerState): PokerState {
    const round = state.round;
    if (!round || round.phase !== 'voting') return state;
    const now = this.now();
    if (timerExpired(state, now) && round.timer!.revealAtEnd) return revealRound(state, round.id, now);
    // In a cluster, only once every other node's voters are known here: a voter this node has
    // not heard of yet would otherwise find the cards already on the table.
    if (
      state.settings.autoReveal &&
      this.hub.remoteRosterComplete() &&
      everyoneHasVoted(state, presentVoterIds(this.voters.present(boardId)))
    ) {
      return revealRound(state, round.id, now);
    }
    return state;
  }

  private sendView(socket: ControlSocket, state: PokerState): void {
    const voter = this.voters.of(socket);
    if (voter) this.patches.tellOne(voter, state);
  }

  /**
   * Who is present changed with no change of the state: everyone here is told, in the board's
   * queue (after any change under way). Only the local queue: nothing is read from the store
   * or changed, and auto-reveal is settled by the voter's own node.
   */
  private retell(boardId: string): void {
    if (!this.states.isLoaded(boardId) || this.voters.nobodyAt(boardId)) return;
    this.boards.lock
      .run(boardId, async () => {
        if (this.states.isLoaded(boardId)) this.patches.tell(boardId, await this.states.read(boardId));
      })
      .catch((err) => this.log.error({ err, boardId }, 'poker retell failed'));
  }
}

function requireItem(doc: Y.Doc, itemId: string) {
  const item = getItemMap(doc, itemId);
  if (!(item instanceof Y.Map)) throw new ControlError(ERROR_CODES.notFound, 'no such item on this board');
  return item;
}

function newRoundId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * @param maxNotVoting voters the "not voting" list holds: the configured MAX_CONNECTIONS_PER_KEY,
 *   the size of a full room (server/app.ts passes it).
 */
export function registerPoker(boards: BoardStateService, store: Store, log: Logger, maxNotVoting: number): PokerService {
  const service = new PokerService(boards, store, log, maxNotVoting);
  service.register();
  return service;
}
