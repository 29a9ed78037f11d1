'use client';

import type { BoardConnection, ConnectionSnapshot } from '@/lib/client/board-connection';

/**
 * Feature panels shown beside the backlog (planning poker, refinement tools, meeting agenda).
 * Each feature mounts its own panel here so the board screen itself stays small.
 */
export function BoardPanels(_props: { connection: BoardConnection; snapshot: ConnectionSnapshot }) {
  return null;
}
