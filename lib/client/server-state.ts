'use client';

import type { ServerToClientEvents } from '../protocol';
import type { BoardConnection } from './board-connection';

/** A server-to-client event that carries one whole state (a view), each replacing the last. */
export type StateEventName = keyof ServerToClientEvents;
export type StateEventPayload<E extends StateEventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * How to keep one piece of server-held state (the poker view, the meeting, the trim proposal):
 * the event that pushes it, what to hold before the first one, and how to ask for it.
 */
export interface ServerStateSpec<E extends StateEventName, T, P extends StateEventName = StateEventName> {
  event: E;
  /** A second event that carries changes of the state rather than all of it (poker votes). */
  patch?: StatePatchSpec<P, T>;
  initial: T;
  /** What the store keeps of a payload, given the local time it came (for clock offsets). */
  accept(payload: StateEventPayload<E>, receivedAt: number): T;
  /**
   * Asks the server for its current state; called on every (re)connect. Only where the server
   * answers such a request: a state it pushes as the socket joins needs no asking.
   */
  ask?(connection: BoardConnection): Promise<StateEventPayload<E> | null>;
}

export interface StatePatchSpec<P extends StateEventName, T> {
  event: P;
  /** The state with the change applied, or null when it does not follow the state held (one was missed). */
  apply(state: T, payload: StateEventPayload<P>, receivedAt: number): T | null;
  /** Asks the server to push the whole state again; the patches that follow apply to that. */
  resync(connection: BoardConnection): void;
}

export interface ServerStateStore<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

const stores = new WeakMap<BoardConnection, Map<object, ServerStateStore<unknown>>>();

/**
 * The latest state of `spec` the connection received, kept for the connection's lifetime: a
 * panel mounted late starts from it instead of waiting for the next change. Made when the
 * connection opens (open-connection.ts), before its socket can receive anything, since the
 * server pushes each state once as the socket joins.
 */
export function serverStateFor<E extends StateEventName, T, P extends StateEventName>(
  connection: BoardConnection,
  spec: ServerStateSpec<E, T, P>,
): ServerStateStore<T> {
  let byspec = stores.get(connection);
  if (!byspec) {
    byspec = new Map();
    stores.set(connection, byspec);
  }
  const existing = byspec.get(spec) as ServerStateStore<T> | undefined;
  if (existing) return existing;

  let state = spec.initial;
  const listeners = new Set<() => void>();
  const changed = (next: T) => {
    state = next;
    for (const listener of listeners) listener();
  };
  // Set while the whole state is asked for again: the patches until it comes are dropped.
  let resyncing = false;
  const receive = (payload: StateEventPayload<E>) => {
    resyncing = false;
    changed(spec.accept(payload, Date.now()));
  };
  const socket = connection.socket;
  // socket.io's typed `on` cannot check a listener against an event name that is a type
  // parameter; `receive` takes exactly that event's payload.
  (socket.on as (event: E, listener: (payload: StateEventPayload<E>) => void) => void)(spec.event, receive);
  const patch = spec.patch;
  if (patch) {
    const receivePatch = (payload: StateEventPayload<P>) => {
      if (resyncing) return;
      const next = patch.apply(state, payload, Date.now());
      if (next !== null) return changed(next);
      resyncing = true;
      patch.resync(connection);
    };
    (socket.on as (event: P, listener: (payload: StateEventPayload<P>) => void) => void)(patch.event, receivePatch);
    // A reconnecting socket is sent the whole state as it joins.
    socket.on('disconnect', () => (resyncing = false));
  }
  const ask = spec.ask;
  if (ask) {
    const request = () =>
      void ask(connection).then((payload) => {
        if (payload) receive(payload);
      });
    socket.on('connect', request);
    if (socket.connected) request();
  }
  const store: ServerStateStore<T> = {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  byspec.set(spec, store as ServerStateStore<unknown>);
  return store;
}
