'use client';

import { clockOffset, type MeetingView } from '../meeting/view';
import { applyPokerPatch } from '../poker/patch';
import type { PokerView } from '../poker/redact';
import type { SortPreviewView } from '../protocol';
import type { TrimStateView } from '../refinement/trim-consensus';
import type { BoardConnection } from './board-connection';
import { serverStateFor, type ServerStateSpec } from './server-state';

/**
 * This client's poker view; the server sends one as the socket joins and on every change, and
 * while a round is voting, patches of it (the votes coming in).
 */
export interface PokerState {
  view: PokerView | null;
  /** The number of the last poker message the view comes from (a patch follows exactly it). */
  seq: number;
  /** serverNow − local now when the view came; add it to Date.now() for the server's clock. */
  clockOffset: number;
}

export const POKER_STATE: ServerStateSpec<'poker:state', PokerState, 'poker:patch'> = {
  event: 'poker:state',
  initial: { view: null, seq: 0, clockOffset: 0 },
  accept: ({ seq, ...view }, receivedAt) => ({ view, seq, clockOffset: clockOffset(view, receivedAt) }),
  patch: {
    event: 'poker:patch',
    apply: (state, patch, receivedAt) => {
      const next = state.view && applyPokerPatch({ view: state.view, seq: state.seq }, patch);
      return next && { view: next.view, seq: next.seq, clockOffset: clockOffset(next.view, receivedAt) };
    },
    resync: async (connection) => (await connection.emit('poker:get', {})).ok,
  },
};

/** The meeting as the server holds it. */
export interface MeetingState {
  view: MeetingView | null;
  /** Add to Date.now() to read the server's clock (the meeting timer runs on it). */
  offset: number;
}

export const MEETING_STATE: ServerStateSpec<'meeting:state', MeetingState> = {
  event: 'meeting:state',
  initial: { view: null, offset: 0 },
  accept: (view, receivedAt) => ({ view, offset: clockOffset(view, receivedAt) }),
  ask: async (connection) => {
    const ack = await connection.emit('meeting:get', {});
    return ack.ok ? ack.result.view : null;
  },
};

/** The open trim proposal and the last outcome. */
export const TRIM_STATE: ServerStateSpec<'trim:state', TrimStateView> = {
  event: 'trim:state',
  initial: { proposal: null, lastOutcome: null },
  accept: (state) => state,
  ask: async (connection) => {
    const ack = await connection.emit('trim:get', {});
    return ack.ok ? ack.result : null;
  },
};

/** The facilitator's sort preview as the room sees it (null: none open). */
export interface SortPreviewState {
  preview: SortPreviewView | null;
  /** Add to Date.now() to read the server's clock (an applied result is shown for a while). */
  offset: number;
}

export const SORT_PREVIEW_STATE: ServerStateSpec<'sort:preview', SortPreviewState> = {
  event: 'sort:preview',
  initial: { preview: null, offset: 0 },
  accept: (preview, receivedAt) => ({ preview, offset: preview ? clockOffset(preview, receivedAt) : 0 }),
};

/**
 * Starts recording every server-held state on a new connection, in the task that created it:
 * the server pushes each one as the socket joins, before any panel has mounted.
 */
export function recordServerStates(connection: BoardConnection): void {
  serverStateFor(connection, POKER_STATE);
  serverStateFor(connection, MEETING_STATE);
  serverStateFor(connection, TRIM_STATE);
  serverStateFor(connection, SORT_PREVIEW_STATE);
}
