import { randomBytes } from 'node:crypto';
import { markTrimDiscussion, recordTrimDecision } from '../../lib/board/trim-outcomes';
import { trimItems } from '../../lib/board/mutations';
import { getItemMap, readItem } from '../../lib/board/schema';
import { ERROR_CODES } from '../../lib/protocol';
import { assertNever } from '../../lib/session/assert-never';
import {
  EMPTY_TRIM_STATE,
  TRIM_AWAY_GRACE_MS,
  createProposal,
  isTrimState,
  outcomeOf,
  proceedWithout,
  rebindSeat,
  releaseSeat,
  respond,
  viewOfState,
  type RespondResult,
  type TrimProposal,
  type TrimState,
} from '../../lib/refinement/trim-consensus';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import { SERVER_ORIGIN, type BoardAccess, type BoardStateService } from './board-state';
import { ControlError } from './control-error';
import { requireRole } from './control-hub';

/** Control-state name under which a board's open trim proposal is stored. */
export const TRIM_STATE_NAME = 'trim';

export type TrimResponseResult = { status: 'pending' | 'kept' | 'trimmed'; trimmed?: string[] };

/**
 * Tail trim by consensus on the control plane. The rules are pure (lib/refinement/trim-consensus.ts);
 * the board-state service loads and stores the state (an open proposal survives a restart) and
 * serialises the events of one board; this module writes the outcome into the document.
 */
export function registerTrim(boards: BoardStateService, store: Store, log: Logger, awayGraceMs = TRIM_AWAY_GRACE_MS): void {
  const { hub, now } = boards;
  const trim = boards.define<TrimState>('trim', {
    async load({ boardId }) {
      const raw = await store.getControlState(boardId, TRIM_STATE_NAME);
      if (raw === null) return EMPTY_TRIM_STATE;
      if (isTrimState(raw)) return raw;
      log.warn({ boardId }, 'stored trim state does not fit this version; starting fresh');
      return EMPTY_TRIM_STATE;
    },
    save: (boardId, state) => store.setControlState(boardId, TRIM_STATE_NAME, state.proposal || state.lastOutcome ? state : null),
    send: (boardId, state, to) => (to === 'everyone' ? hub.toBoard(boardId) : to).emit('trim:state', viewOfState(state)),
  });

  function connected(boardId: string) {
    const ids = new Set(hub.roster(boardId).map((p) => p.clientId));
    return (clientId: string) => ids.has(clientId);
  }

  function openProposal(state: TrimState, proposalId: string) {
    if (!state.proposal || state.proposal.id !== proposalId)
      throw new ControlError(ERROR_CODES.notFound, 'this trim proposal is no longer open');
    return state.proposal;
  }

  hub.on('trim:propose', async (ctx, { itemIds }) => {
    requireRole(ctx, 'facilitator');
    let proposalId = '';
    await trim.change(ctx.boardId, async (state, board) => {
      if (state.proposal) throw new ControlError(ERROR_CODES.conflict, 'A trim proposal is already open; withdraw it first');
      const doc = await board.doc();
      const items = Array.from(new Set(itemIds)).map((id) => {
        const map = getItemMap(doc, id);
        const view = map ? readItem(map) : null;
        if (!view) throw new ControlError(ERROR_CODES.notFound, `unknown item ${id}`);
        if (view.zone !== 'tail') throw new ControlError(ERROR_CODES.conflict, `“${view.title}” is not parked in the tail`);
        return { id, title: view.title };
      });
      const proposal = createProposal({
        id: randomBytes(9).toString('base64url'),
        proposedBy: ctx.name,
        items,
        roster: hub.roster(ctx.boardId),
        now: now(),
      });
      log.info({ boardId: ctx.boardId, proposalId: proposal.id, items: items.length, voters: proposal.seats.length }, 'trim proposed');
      proposalId = proposal.id;
      return { ...state, proposal };
    });
    return { proposalId };
  });

  /**
   * A proposal the last answer decided (an objection, or everyone yes): written into the
   * document, and the state closed with its outcome. `pending` leaves it open.
   */
  async function settle(
    boardId: string,
    state: TrimState,
    board: BoardAccess,
    proposal: TrimProposal,
    answer: RespondResult,
  ): Promise<{ state: TrimState; result: TrimResponseResult }> {
    const proposalId = proposal.id;
    if (answer.status !== 'objected' && answer.keptNow?.length) {
      // An objection to some of the items: those are out of the vote, marked to discuss now.
      const doc = await board.doc();
      const at = now();
      doc.transact(() => {
        for (const k of answer.keptNow ?? []) {
          if (getItemMap(doc, k.id)) markTrimDiscussion(doc, k.id, { proposalId, objectedBy: k.by, reason: k.reason, at }, SERVER_ORIGIN);
        }
      }, SERVER_ORIGIN);
      log.info({ boardId, proposalId, kept: answer.keptNow.length }, 'trim objection to some items; kept for discussion');
    }
    if (answer.status === 'pending') return { state: { ...state, proposal: answer.proposal }, result: { status: 'pending' } };
    const doc = await board.doc();
    const at = now();
    // The items still in the vote once this answer is counted (an objection may have taken some out).
    const ids = answer.proposal.items.map((i) => i.id).filter((id) => getItemMap(doc, id) !== undefined);
    switch (answer.status) {
      case 'objected': {
        const { name, reason } = answer.seat;
        doc.transact(() => {
          for (const id of ids) markTrimDiscussion(doc, id, { proposalId, objectedBy: name, reason, at }, SERVER_ORIGIN);
        }, SERVER_ORIGIN);
        log.info({ boardId, proposalId }, 'trim objected; items kept for discussion');
        return {
          state: { ...state, proposal: null, lastOutcome: outcomeOf(answer.proposal, 'kept', name, reason, at, ids) },
          result: { status: 'kept' },
        };
      }
      case 'confirmed': {
        // Only those who confirmed are named as confirming; the outcome names who was away.
        const confirmedBy = answer.proposal.seats
          .filter((s) => s.response === 'confirm')
          .map((s) => ({ name: s.name, at: s.respondedAt ?? at }));
        let trimmed: string[] = [];
        doc.transact(() => {
          // Items restored from the tail since the proposal are skipped: that restore wins.
          trimmed = trimItems(doc, ids, SERVER_ORIGIN);
          for (const id of trimmed) {
            recordTrimDecision(doc, id, { proposalId, proposedBy: proposal.proposedBy, confirmedBy, decidedAt: at }, SERVER_ORIGIN);
          }
        }, SERVER_ORIGIN);
        const outcome = outcomeOf(answer.proposal, 'trimmed', proposal.proposedBy, null, at, trimmed);
        log.info({ boardId, proposalId, trimmed: trimmed.length, without: outcome.without?.length ?? 0 }, 'trim agreed');
        return { state: { ...state, proposal: null, lastOutcome: outcome }, result: { status: 'trimmed', trimmed } };
      }
      default:
        return assertNever(answer, 'trim answer');
    }
  }

  hub.on('trim:respond', async (ctx, { proposalId, response, reason, itemIds }) => {
    // A projector holds no seat (respond refuses it too), but refused here it costs no change of
    // the board's state: in a cluster a change is a store transaction under the board's lock.
    requireRole(ctx, 'facilitator', 'participant');
    let result: TrimResponseResult = { status: 'pending' };
    await trim.change(ctx.boardId, async (state, board) => {
      const proposal = openProposal(state, proposalId);
      const settled = await settle(
        ctx.boardId,
        state,
        board,
        proposal,
        respond(proposal, ctx.clientId, response, reason ?? null, now(), itemIds),
      );
      result = settled.result;
      return settled.state;
    });
    return result;
  });

  hub.on('trim:proceed-without', async (ctx, { proposalId, seatId }) => {
    requireRole(ctx, 'facilitator');
    let result: TrimResponseResult = { status: 'pending' };
    await trim.change(ctx.boardId, async (state, board) => {
      const proposal = openProposal(state, proposalId);
      const settled = await settle(ctx.boardId, state, board, proposal, proceedWithout(proposal, seatId, now(), awayGraceMs));
      result = settled.result;
      return settled.state;
    });
    return result;
  });

  hub.on('trim:cancel', async (ctx, { proposalId }) => {
    requireRole(ctx, 'facilitator');
    await trim.change(ctx.boardId, (state) => ({
      ...state,
      proposal: null,
      lastOutcome: outcomeOf(openProposal(state, proposalId), 'cancelled', ctx.name, null, now()),
    }));
  });

  hub.on('trim:get', async (ctx) => viewOfState(await trim.read(ctx.boardId)));

  hub.onJoin(async (ctx) => {
    if (ctx.role === 'spectator') return trim.tell(ctx.boardId, ctx.socket);
    const me = hub.roster(ctx.boardId).find((p) => p.clientId === ctx.clientId);
    // A voter coming back takes their seat again: news for everyone. Otherwise only the joiner
    // needs the state.
    await trim.change(
      ctx.boardId,
      (state) => {
        if (!state.proposal || !me) return state;
        const proposal = rebindSeat(state.proposal, me, connected(ctx.boardId));
        return proposal === state.proposal ? state : { ...state, proposal };
      },
      { unchanged: () => ctx.socket },
    );
  });

  hub.onLeave((ctx) => {
    // Stored even when this was the last one: the seat is free when the board is loaded again.
    void trim
      .change(ctx.boardId, (state) => {
        if (!state.proposal) return state;
        const proposal = releaseSeat(state.proposal, ctx.clientId, now());
        return proposal === state.proposal ? state : { ...state, proposal };
      })
      .catch((err) => log.error({ err, boardId: ctx.boardId }, 'releasing a trim seat failed'));
  });
}
