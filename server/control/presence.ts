import { ERROR_CODES, type FocusState } from '../../lib/protocol';
import { ControlError } from './control-error';
import { requireRole, type ControlHub } from './control-hub';

/**
 * Presence and "follow the facilitator": display names and colours, and the card the
 * facilitator has focused, which every projector and following participant shows.
 */
export function registerPresence(hub: ControlHub): void {
  const focusByBoard = new Map<string, FocusState>();

  hub.on('presence:set', (ctx, { name, color }) => {
    hub.updatePresence(ctx.socket, name, color);
  });

  hub.on('focus:set', (ctx, { itemId }) => {
    requireRole(ctx, 'facilitator');
    if (itemId !== null && itemId.length === 0) throw new ControlError(ERROR_CODES.invalidPayload, 'empty item id');
    const focus: FocusState = { itemId, by: ctx.clientId };
    focusByBoard.set(ctx.boardId, focus);
    hub.toBoardEverywhere(ctx.boardId).emit('focus', focus);
  });

  hub.onJoin((ctx) => {
    const focus = focusByBoard.get(ctx.boardId);
    if (focus) ctx.socket.emit('focus', focus);
  });

  hub.onLeave((ctx) => {
    if (hub.roster(ctx.boardId).length === 0) focusByBoard.delete(ctx.boardId);
  });
}
