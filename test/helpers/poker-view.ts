import type { Socket } from 'socket.io-client';
import { applyPokerPatch, type PokerPatch } from '../../lib/poker/patch';
import type { PokerView } from '../../lib/poker/redact';
import type { PokerStateMessage } from '../../lib/protocol';

/** A raw client's poker view, kept as the app's store keeps it (lib/client/server-states.ts). */
export interface PokerViewTracker {
  view: () => PokerView | null;
  /** Patches that applied. */
  applied: () => number;
  /** Patches that did not follow the view held: each time, `poker:get` was sent. */
  refused: () => number;
  /** Called with every view the client holds, whole or patched. */
  onView: (listener: (view: PokerView) => void) => void;
}

export interface TrackOptions {
  /** Drops a patch unseen, as if it had been lost (tests of the resync). */
  lose?: (patch: PokerPatch) => boolean;
}

/** Follows `poker:state` and `poker:patch` on a socket; a patch that does not apply asks for the view. */
export function trackPokerView(socket: Socket, options: TrackOptions = {}): PokerViewTracker {
  let held: { view: PokerView; seq: number } | null = null;
  let applied = 0;
  let refused = 0;
  const listeners: Array<(view: PokerView) => void> = [];
  const hold = (next: { view: PokerView; seq: number }) => {
    held = next;
    for (const listener of listeners) listener(next.view);
  };
  socket.on('poker:state', ({ seq, ...view }: PokerStateMessage) => hold({ view, seq }));
  socket.on('poker:patch', (patch: PokerPatch) => {
    if (options.lose?.(patch)) return;
    const next = held && applyPokerPatch(held, patch);
    if (next) {
      applied++;
      return hold(next);
    }
    refused++;
    socket.emit('poker:get', {});
  });
  return {
    view: () => held?.view ?? null,
    applied: () => applied,
    refused: () => refused,
    onView: (listener) => listeners.push(listener),
  };
}
