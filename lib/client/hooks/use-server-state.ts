'use client';

import { useSyncExternalStore } from 'react';
import type { BoardConnection } from '../board-connection';
import { serverStateFor, type ServerStateSpec, type StateEventName } from '../server-state';

/**
 * One piece of server-held state (see server-states.ts), re-rendering on every change. Starts
 * from the latest state the connection has received, however late the component mounts.
 */
export function useServerState<E extends StateEventName, T>(connection: BoardConnection, spec: ServerStateSpec<E, T>): T {
  const store = serverStateFor(connection, spec);
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
