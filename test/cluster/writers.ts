import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { waitFor } from '../helpers/server-process';

/**
 * A person typing into a board, whose browser may be sent to another node (as a load balancer
 * does when its node dies): the same Y.Doc, a new connection. Each keystroke is one map entry,
 * so what reached the server can be counted.
 */
export class Writer {
  readonly doc = new Y.Doc();
  private provider: WebsocketProvider;
  private timer: NodeJS.Timeout | null = null;
  typed = 0;

  constructor(
    readonly name: string,
    url: string,
    private readonly boardId: string,
    private readonly key: string,
  ) {
    this.provider = this.connect(url);
  }

  private connect(url: string): WebsocketProvider {
    return new WebsocketProvider(url.replace(/^http/, 'ws') + '/yjs', this.boardId, this.doc, {
      params: { key: this.key },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
  }

  synced(): Promise<void> {
    return waitFor(() => this.provider.synced, 30_000, `${this.name} synced`);
  }

  /** One keystroke every `everyMs` until stopped. */
  startTyping(everyMs: number): void {
    this.timer = setInterval(() => {
      this.doc.getMap('typed').set(`${this.name}:${this.typed}`, this.typed);
      this.typed++;
    }, everyMs);
  }

  stopTyping(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Keeps the doc (and whatever it holds that no server has), connects to another node. */
  moveTo(url: string): void {
    this.provider.destroy();
    this.provider = this.connect(url);
  }

  destroy(): void {
    this.stopTyping();
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** The keys every writer typed, for comparing with what a node or the store holds. */
export function typedKeys(writers: Writer[]): string[] {
  return writers.flatMap((w) => Array.from({ length: w.typed }, (_, i) => `${w.name}:${i}`)).sort();
}
