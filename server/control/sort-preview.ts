import type { SortPreviewView } from '../../lib/protocol';
import type { BoardStateService } from './board-state';
import { requireRole } from './control-hub';

/**
 * The facilitator's sort preview, relayed to the room (issue 12: the projector shows the moves
 * while the facilitator previews, then the result). The plan is computed in the facilitator's
 * browser from the shared document, so the server only checks who sends it and what it looks
 * like (zod, in the hub) and passes it on. Kept on the board-state service like poker, trim and
 * the meeting, so it is ordered with them and a projector that joins mid-preview is told; but
 * only in memory: a preview is a moment of the meeting, not a record, and is gone when the last
 * person leaves.
 */
export function registerSortPreview(boards: BoardStateService): void {
  const { hub, now } = boards;
  const previews = boards.define<SortPreviewView | null>('sort-preview', {
    load: async () => null,
    save: async () => undefined,
    memoryOnly: true,
    send: (boardId, preview, to) =>
      (to === 'everyone' ? hub.toBoard(boardId) : to).emit('sort:preview', preview && { ...preview, serverNow: now() }),
  });

  hub.on('sort:preview', async (ctx, payload) => {
    requireRole(ctx, 'facilitator');
    // Closing a preview that is not open changes nothing and tells nobody.
    await previews.change(ctx.boardId, () =>
      payload.phase === 'closed' ? null : { ...payload, by: ctx.name, at: now(), serverNow: now() },
    );
  });

  hub.onJoin(async (ctx) => {
    if ((await previews.read(ctx.boardId)) !== null) await previews.tell(ctx.boardId, ctx.socket);
  });
}
