import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { waitFor } from './server-process';

/** A stock y-websocket client in Node, as a browser would connect. */
export function connectDoc(baseUrl: string, boardId: string, key: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/yjs', boardId, doc, {
    params: { key },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return {
    doc,
    provider,
    synced: () => waitFor(() => provider.synced, 10_000, 'yjs sync'),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Waits until the server holds everything in `doc` (its items and its deletions): a second client
 * syncs from the server until its copy contains `doc`'s state. A client may then leave, or the
 * server stop, without losing a change, however slow the machine, and no sooner than that (a
 * fixed sleep is a guess: under the suite's load 300 ms once left an update unread in the
 * server's socket when a test restarted it).
 */
export async function untilServerHas(baseUrl: string, boardId: string, key: string, doc: Y.Doc, timeoutMs = 10_000): Promise<void> {
  const wanted = Y.encodeStateAsUpdate(doc);
  const reader = connectDoc(baseUrl, boardId, key);
  try {
    await reader.synced();
    await waitFor(() => Y.snapshotContainsUpdate(Y.snapshot(reader.doc), wanted), timeoutMs, 'the server to hold the change');
  } finally {
    reader.destroy();
  }
}
