import type { Role } from '../lib/protocol';
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
