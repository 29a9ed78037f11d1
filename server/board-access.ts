import { type Role, ROLES } from '../lib/session/roles';
import { boardIdSchema } from '../lib/protocol';
import { roleForKey } from './keys';
import type { BoardRecord, Store } from './store/store';

export type AccessResult = { ok: true; board: BoardRecord; role: Role } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/** One check for every entry point (HTTP API, sync upgrade, socket.io handshake). */
export async function checkBoardAccess(store: Store, boardId: string, key: string | null | undefined): Promise<AccessResult> {
  if (!boardIdSchema.safeParse(boardId).success) return { ok: false, status: 404, reason: 'unknown board' };
  if (!key) return { ok: false, status: 401, reason: 'missing key' };
  if (key.length > 200) return { ok: false, status: 403, reason: 'wrong key' };
  const board = await store.getBoard(boardId);
  if (!board) return { ok: false, status: 404, reason: 'unknown board' };
  const role = roleForKey(key, board.keyHashes);
  if (!role) return { ok: false, status: 403, reason: 'wrong key' };
  return { ok: true, board, role };
}

const ROLE_RANK: Record<Role, number> = { spectator: 0, participant: 1, facilitator: 2 };

/**
 * The role a connection gets: its key's role, or a lower one it asked for (`as=spectator` on
 * /yjs, `asRole: 'spectator'` in the socket.io handshake). A downgrade is always granted, so a
 * page opened as the projector with a facilitator key is a read-only non-voter; an upgrade is
 * never (the request is ignored and the key's own role stands).
 */
export function effectiveRole(keyRole: Role, requested: Role | null | undefined): Role {
  if (!requested) return keyRole;
  return ROLE_RANK[requested] < ROLE_RANK[keyRole] ? requested : keyRole;
}

/** Reads a requested role from a query value (`?as=spectator`); anything else is no request. */
export function requestedRole(value: unknown): Role | null {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value) ? (value as Role) : null;
}
