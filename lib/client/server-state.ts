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
  /**
   * Asks the server to push the whole state again; the patches that follow apply to that.
   * Resolves to whether the server took the request (a refusal, rate_limited say, pushes nothing).
   */
  resync(connection: BoardConnection): Promise<boolean>;
}

/**
 * Waits before asking for the whole state again after the server refused (or failed) the last
 * request: doubling, so a client the server holds back by its event budget does not spend the
 * budget again at once, and capped, so the view is not stale for long once the server answers.
 */
export const RESYNC_RETRY_MS = { first: 250, max: 5000 } as const;
/** An accepted request whose state never came (or an answer that never came) is asked again after this. */
export const RESYNC_TIMEOUT_MS = 10_000;

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
  // Set while the whole state is asked for again: the patches until it comes are dropped (they
  // cannot apply to the state held, and asking once per patch would spend the event budget).
  let resyncing = false;
  let refusals = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const stopResync = () => {
    resyncing = false;
    refusals = 0;
    if (retry) clearTimeout(retry);
    retry = null;
  };
  const receive = (payload: StateEventPayload<E>) => {
    stopResync();
    changed(spec.accept(payload, Date.now()));
  };
  const socket = connection.socket;
  // socket.io's typed `on` cannot check a listener against an event name that is a type
  // parameter; `receive` takes exactly that event's payload.
  (socket.on as (event: E, listener: (payload: StateEventPayload<E>) => void) => void)(spec.event, receive);
  const patch = spec.patch;
  if (patch) {
    const askAgainIn = (ms: number) => {
      if (retry) clearTimeout(retry);
      retry = setTimeout(() => {
        retry = null;
        if (resyncing) resync();
      }, ms);
    };
    const refused = () => {
      if (resyncing) askAgainIn(Math.min(RESYNC_RETRY_MS.first * 2 ** refusals++, RESYNC_RETRY_MS.max));
    };
    const resync = () => {
      resyncing = true;
      askAgainIn(RESYNC_TIMEOUT_MS);
      patch.resync(connection).then((ok) => (ok ? undefined : refused()), refused);
    };
    const receivePatch = (payload: StateEventPayload<P>) => {
      if (resyncing) return;
      const next = patch.apply(state, payload, Date.now());
      if (next !== null) return changed(next);
      resync();
    };
    (socket.on as (event: P, listener: (payload: StateEventPayload<P>) => void) => void)(patch.event, receivePatch);
    // A reconnecting socket is sent the whole state as it joins.
    socket.on('disconnect', stopResync);
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
