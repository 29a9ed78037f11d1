import { randomBytes } from 'node:crypto';
import type * as Y from 'yjs';
import { markTrimDiscussion, recordTrimDecision } from '../../lib/board/details';
import { trimItems } from '../../lib/board/mutations';
import { getItemMap, readItem } from '../../lib/board/schema';
import { ERROR_CODES } from '../../lib/protocol';
import { type TrimStateView, EMPTY_TRIM_STATE, TrimConsensusError, createProposal, isTrimState, outcomeOf, rebindSeat, releaseSeat, respond, viewOfState, type TrimProposal, type TrimState } from '../../lib/refinement/trim-consensus';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import { ControlError, requireRole, type ControlHub } from './control-hub';

/** Control-state name under which a board's open trim proposal is stored. */
export const TRIM_STATE_NAME = 'trim';

/** Origin of the server's own writes into board documents. */
const SERVER_ORIGIN = 'server';

function toControlError(err: TrimConsensusError): ControlError {
  const code =
    err.code === 'forbidden'
      ? ERROR_CODES.forbidden
      : err.code === 'not_found'
        ? ERROR_CODES.notFound
        : err.code === 'conflict'
          ? ERROR_CODES.conflict
          : ERROR_CODES.invalidPayload;
  return new ControlError(code, err.message);
}

/**
 * Tail trim by consensus on the control plane. The rules are pure (lib/refinement/trim-consensus.ts);
 * this service loads and stores the state (an open proposal survives a restart), serialises the
 * events of one board, writes the outcome into the document and tells the board.
 */
export function registerTrim(hub: ControlHub, store: Store, log: Logger, now: () => number = Date.now): void {
  const states = new Map<string, Promise<TrimState>>();
  const locks = new Map<string, Promise<unknown>>();

  function load(boardId: string): Promise<TrimState> {
    let state = states.get(boardId);
    if (!state) {
      state = store.getControlState(boardId, TRIM_STATE_NAME).then((raw) => {
        if (raw === null) return EMPTY_TRIM_STATE;
        if (isTrimState(raw)) return raw;
        log.warn({ boardId }, 'stored trim state does not fit this version; starting fresh');
        return EMPTY_TRIM_STATE;
      });
      states.set(boardId, state);
      // A failed load is retried on the next event rather than cached.
      state.catch(() => states.delete(boardId));
    }
    return state;
  }

  /** Runs one change of a board's state at a time, stores it, then tells the board. */
  function change<T>(
    boardId: string,
    fn: (state: TrimState) => Promise<{ state: TrimState; result: T }> | { state: TrimState; result: T },
  ): Promise<T> {
    const run = (locks.get(boardId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const before = await load(boardId);
        const { state, result } = await fn(before);
        if (state !== before) {
          await store.setControlState(boardId, TRIM_STATE_NAME, state.proposal || state.lastOutcome ? state : null);
          states.set(boardId, Promise.resolve(state));
          hub.toBoard(boardId).emit('trim:state', viewOfState(state));
        }
        return result;
      });
    locks.set(boardId, run);
    // Clean up on success and on refusal alike; `.finally` would re-reject unobserved.
    void run
      .catch(() => undefined)
      .then(() => {
        if (locks.get(boardId) === run) locks.delete(boardId);
      });
    return run;
  }

  async function docOf(boardId: string): Promise<Y.Doc> {
    const room = await hub.rooms.peek(boardId);
    if (!room) throw new ControlError(ERROR_CODES.internal, 'the board is not loaded');
    return room.doc;
  }

  function connected(boardId: string) {
    const ids = new Set(hub.roster(boardId).map((p) => p.clientId));
    return (clientId: string) => ids.has(clientId);
  }

  hub.on('trim:propose', (ctx, { itemIds }) => {
    requireRole(ctx, 'facilitator');
    return change(ctx.boardId, async (state) => {
      if (state.proposal) throw new ControlError(ERROR_CODES.conflict, 'A trim proposal is already open; withdraw it first');
      const doc = await docOf(ctx.boardId);
      const items = Array.from(new Set(itemIds)).map((id) => {
        const map = getItemMap(doc, id);
        const view = map ? readItem(map) : null;
        if (!view) throw new ControlError(ERROR_CODES.notFound, `unknown item ${id}`);
        if (view.zone !== 'tail') throw new ControlError(ERROR_CODES.conflict, `“${view.title}” is not parked in the tail`);
        return { id, title: view.title };
      });
      let proposal: TrimProposal;
      try {
        proposal = createProposal({
          id: randomBytes(9).toString('base64url'),
          proposedBy: ctx.name,
          items,
          roster: hub.roster(ctx.boardId),
          now: now(),
        });
      } catch (err) {
        if (err instanceof TrimConsensusError) throw toControlError(err);
        throw err;
      }
      log.info({ boardId: ctx.boardId, proposalId: proposal.id, items: items.length, voters: proposal.seats.length }, 'trim proposed');
      return { state: { ...state, proposal }, result: { proposalId: proposal.id } };
    });
  });

  hub.on('trim:respond', (ctx, { proposalId, response, reason }) => {
    return change<{ status: 'pending' | 'kept' | 'trimmed'; trimmed?: string[] }>(ctx.boardId, async (state) => {
      const proposal = state.proposal;
      if (!proposal || proposal.id !== proposalId) throw new ControlError(ERROR_CODES.notFound, 'this trim proposal is no longer open');
      let answer;
      try {
        answer = respond(proposal, ctx.clientId, response, reason ?? null, now());
      } catch (err) {
        if (err instanceof TrimConsensusError) throw toControlError(err);
        throw err;
      }
      if (answer.status === 'pending') return { state: { ...state, proposal: answer.proposal }, result: { status: 'pending' } };
      const doc = await docOf(ctx.boardId);
      const at = now();
      const ids = proposal.items.map((i) => i.id).filter((id) => getItemMap(doc, id) !== undefined);
      if (answer.status === 'objected') {
        doc.transact(() => {
          for (const id of ids) {
            markTrimDiscussion(doc, id, { proposalId, objectedBy: answer.seat.name, reason: answer.seat.reason, at }, SERVER_ORIGIN);
          }
        }, SERVER_ORIGIN);
        log.info({ boardId: ctx.boardId, proposalId }, 'trim objected; items kept for discussion');
        return {
          state: { ...state, proposal: null, lastOutcome: outcomeOf(proposal, 'kept', answer.seat.name, answer.seat.reason, at, ids) },
          result: { status: 'kept' },
        };
      }
      const confirmedBy = answer.proposal.seats.map((s) => ({ name: s.name, at: s.respondedAt ?? at }));
      let trimmed: string[] = [];
      doc.transact(() => {
        // Items restored from the tail since the proposal are skipped: that restore wins.
        trimmed = trimItems(doc, ids, SERVER_ORIGIN);
        for (const id of trimmed) {
          recordTrimDecision(doc, id, { proposalId, proposedBy: proposal.proposedBy, confirmedBy, decidedAt: at }, SERVER_ORIGIN);
        }
      }, SERVER_ORIGIN);
      log.info({ boardId: ctx.boardId, proposalId, trimmed: trimmed.length }, 'trim agreed');
      return {
        state: { ...state, proposal: null, lastOutcome: outcomeOf(proposal, 'trimmed', proposal.proposedBy, null, at, trimmed) },
        result: { status: 'trimmed', trimmed },
      };
    });
  });

  hub.on('trim:cancel', (ctx, { proposalId }) => {
    requireRole(ctx, 'facilitator');
    return change(ctx.boardId, (state) => {
      if (!state.proposal || state.proposal.id !== proposalId)
        throw new ControlError(ERROR_CODES.notFound, 'this trim proposal is no longer open');
      return {
        state: { ...state, proposal: null, lastOutcome: outcomeOf(state.proposal, 'cancelled', ctx.name, null, now()) },
        result: null,
      };
    });
  });

  hub.on('trim:get', async (ctx) => {
    const view: TrimStateView = viewOfState(await load(ctx.boardId));
    return view;
  });

  hub.onJoin(async (ctx) => {
    if (ctx.role === 'spectator') {
      ctx.socket.emit('trim:state', viewOfState(await load(ctx.boardId)));
      return;
    }
    const me = hub.roster(ctx.boardId).find((p) => p.clientId === ctx.clientId);
    const rebound = await change(ctx.boardId, (state) => {
      if (!state.proposal || !me) return { state, result: false };
      const proposal = rebindSeat(state.proposal, me, connected(ctx.boardId));
      return proposal === state.proposal ? { state, result: false } : { state: { ...state, proposal }, result: true };
    });
    // When the seat was rebound the whole board already got the new state.
    if (!rebound) ctx.socket.emit('trim:state', viewOfState(await load(ctx.boardId)));
  });

  hub.onLeave((ctx) => {
    void change(ctx.boardId, (state) => {
      if (!state.proposal) return { state, result: null };
      const proposal = releaseSeat(state.proposal, ctx.clientId);
      return { state: proposal === state.proposal ? state : { ...state, proposal }, result: null };
    }).catch((err) => log.error({ err, boardId: ctx.boardId }, 'releasing a trim seat failed'));
    if (hub.roster(ctx.boardId).length === 0) {
      // Nothing to keep in memory for an empty board; the store has the state.
      void (locks.get(ctx.boardId) ?? Promise.resolve()).finally(() => {
        if (hub.roster(ctx.boardId).length === 0 && !locks.has(ctx.boardId)) states.delete(ctx.boardId);
      });
    }
  });
}
