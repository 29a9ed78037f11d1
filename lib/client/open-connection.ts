'use client';

import type { Role } from '../session/roles';
import { BoardConnection } from './board-connection';
import { requestRole } from './role-request';
import { rosterStoreFor } from './roster-store';
import { recordServerStates } from './server-states';

/** A connection opened before React rendered, waiting for useBoardConnection to adopt it. */
let preopened: BoardConnection | null = null;

/**
 * Opens a board's connections ahead of React, as soon as the board's code has loaded: the
 * document starts syncing while the page hydrates instead of after. The next
 * useBoardConnection for the same board and key adopts it.
 */
export function preopenBoardConnection(boardId: string, key: string, identity: { name: string; color: string }): void {
  preopened ??= openBoardConnection(boardId, key, identity);
}

/**
 * A new connection with the stores that must listen from its first message (the roster and
 * the server-held states), and the lower role asked for, if any (the projector asks for
 * 'spectator').
 */
export function openBoardConnection(
  boardId: string,
  key: string,
  identity: { name: string; color: string },
  asRole: Role | null = null,
): BoardConnection {
  // A lower role (the projector) keeps no local copy, so it does not show one either.
  const conn = new BoardConnection(boardId, key, identity, { localFirst: !asRole });
  if (asRole) requestRole(conn, asRole);
  rosterStoreFor(conn);
  recordServerStates(conn);
  return conn;
}

/** The preopened connection if it is for this board, key and role, left for adoptPreopened. */
export function peekPreopened(boardId: string, key: string, asRole: Role | null): BoardConnection | null {
  const conn = preopened;
  // A connection opened ahead of React asked for no lower role: never adopt it for one.
  return conn && conn.boardId === boardId && conn.key === key && !asRole ? conn : null;
}

/** The preopened connection if it is for this board, key and role; otherwise it is closed. */
export function adoptPreopened(boardId: string, key: string, asRole: Role | null): BoardConnection | null {
  const conn = peekPreopened(boardId, key, asRole);
  if (!conn) preopened?.destroy();
  preopened = null;
  return conn;
}
