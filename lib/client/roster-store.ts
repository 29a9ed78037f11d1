'use client';

import { assertNever } from '../session/assert-never';
import type { Participant } from '../session/roles';
import type { RosterDelta } from '../protocol';
import type { BoardConnection } from './board-connection';

/** Who is on the board, as this tab knows it: the listed people, and how many spectators. */
export interface RosterState {
  participants: Participant[];
  spectators: number;
}

export const EMPTY_ROSTER: RosterState = { participants: [], spectators: 0 };

/** The roster after one `roster:delta`; a pure function, so both ends can be tested. */
export function applyRosterDelta(state: RosterState, delta: RosterDelta): RosterState {
  switch (delta.op) {
    case 'join':
    case 'update': {
      // A delta for someone unknown (a join raced this tab's own full roster) is a join.
      const index = state.participants.findIndex((p) => p.clientId === delta.participant.clientId);
      const participants =
        index === -1 ? [...state.participants, delta.participant] : state.participants.map((p, i) => (i === index ? delta.participant : p));
      return { ...state, participants };
    }
    case 'leave': {
      if (!state.participants.some((p) => p.clientId === delta.clientId)) return state;
      return { ...state, participants: state.participants.filter((p) => p.clientId !== delta.clientId) };
    }
    case 'spectators':
      return state.spectators === delta.count ? state : { ...state, spectators: delta.count };
    default:
      return assertNever(delta, 'roster delta');
  }
}

/** The full roster a (re)joining tab receives replaces what it had; the spectator count follows. */
export function replaceRoster(state: RosterState, participants: Participant[]): RosterState {
  return { ...state, participants: participants.filter((p) => p.role !== 'spectator') };
}

export interface RosterStore {
  getSnapshot(): RosterState;
  subscribe(listener: () => void): () => void;
}

const stores = new WeakMap<BoardConnection, RosterStore>();

/**
 * The roster of a connection, kept from `roster` and `roster:delta`. Must be made in the same
 * task that creates the connection (open-connection.ts does), before its socket can receive anything:
 * a delta missed is a person missing until the next reconnect.
 */
export function rosterStoreFor(connection: BoardConnection): RosterStore {
  let store = stores.get(connection);
  if (store) return store;
  let state = EMPTY_ROSTER;
  const listeners = new Set<() => void>();
  const set = (next: RosterState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };
  connection.socket.on('roster', (participants) => set(replaceRoster(state, participants)));
  connection.socket.on('roster:delta', (delta) => set(applyRosterDelta(state, delta)));
  store = {
    getSnapshot: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  stores.set(connection, store);
  return store;
}
