'use client';

import { useSyncExternalStore } from 'react';
import type { BoardConnection } from '../board-connection';
import { EMPTY_ROSTER, rosterStoreFor, type RosterState } from '../roster-store';
import { noopSubscribe } from './noop-subscribe';

/** Who is on the board (spectators as a count), re-rendering on every change. */
export function useRoster(connection: BoardConnection | null): RosterState {
  const store = connection ? rosterStoreFor(connection) : null;
  return useSyncExternalStore(store?.subscribe ?? noopSubscribe, store?.getSnapshot ?? (() => EMPTY_ROSTER), () => EMPTY_ROSTER);
}
