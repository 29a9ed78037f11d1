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
