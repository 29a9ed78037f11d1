'use client';

import type { TrimStateView } from '../../refinement/trim-consensus';
import type { BoardConnection } from '../board-connection';
import { TRIM_STATE } from '../server-states';
import { useServerState } from './use-server-state';

/** The open trim proposal and the last outcome, live from the server. */
export function useTrimState(connection: BoardConnection): TrimStateView {
  return useServerState(connection, TRIM_STATE);
}
