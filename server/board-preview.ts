import { buildBoardPreview } from '../lib/board/preview';
import type { BoardPreviewSource } from '../lib/board/preview-bridge';
import { checkBoardAccess } from './board-access';
import type { Logger } from './log';
import type { Store } from './store/store';
import type { RoomRegistry } from './sync/room-registry';

/** How long a board loaded for a page stays loaded, waiting for that page's connection. */
const WARM_MS = 15_000;

/**
 * Previews for the board page (see lib/board/preview.ts), read from the room's document. A
 * page request is followed within a second or two by that page's sync connection, so a board
 * that is not loaded yet is loaded into the registry here and held for WARM_MS: the preview
 * and the connection that follows share one load from disk.
 */
export function createBoardPreviewSource(store: Store, rooms: RoomRegistry, log: Logger): BoardPreviewSource {
  return async (boardId, key) => {
    const access = await checkBoardAccess(store, boardId, key);
    if (!access.ok) return null;
    if (rooms.closed) return null;
    const started = performance.now();
    let room;
    try {
      room = await rooms.acquire(boardId);
    } catch (err) {
      // acquire forgets a board whose load failed; this holder is released at once, like the
      // sync endpoint does, so no late release can take someone else's count.
      rooms.release(boardId);
      log.warn({ err, boardId }, 'board preview: loading the board failed');
      return null;
    }
    setTimeout(() => rooms.release(boardId), WARM_MS).unref();
    const preview = buildBoardPreview(room.doc, access.role);
    log.debug({ boardId, items: preview.backlogCount, ms: Math.round(performance.now() - started) }, 'board preview');
    return preview;
  };
}
