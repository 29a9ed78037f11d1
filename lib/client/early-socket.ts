'use client';

import { EARLY_SOCKET_GLOBAL } from './early-socket-script';

type EarlyEventType = 'open' | 'message' | 'close' | 'error';

/** What the page's first script (early-socket-script.ts) leaves on window. */
interface EarlySocket {
  url: string;
  ws: WebSocket;
  /** Events seen before the app adopted the socket, in order. */
  events: Array<[EarlyEventType, Event]>;
  /** Set on adoption: later events go straight to the adopter. */
  forward: ((type: EarlyEventType, event: Event) => void) | null;
  /** The script asked for the whole document (sync step 1, empty state vector) on open. */
  sentStep1: boolean;
}

/** The early socket for `url`, taken (once); an early socket for another URL is closed. */
function takeEarlySocket(url: string): EarlySocket | null {
  const slot = window as unknown as Record<string, EarlySocket | undefined>;
  const early = slot[EARLY_SOCKET_GLOBAL];
  if (!early) return null;
  slot[EARLY_SOCKET_GLOBAL] = undefined;
  if (early.url === url) return early;
  early.ws.close();
  return null;
}

/** Sync step 1 (y-protocols: message type 0, sync type 0): what the provider sends on open. */
function isSyncStep1(data: unknown): boolean {
  const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
  return bytes !== null && bytes.length >= 2 && bytes[0] === 0 && bytes[1] === 0;
}

/**
 * A WebSocket for y-websocket's `WebSocketPolyfill` option: the provider's first socket to the
 * URL the page's first script opened is that socket, with what it received meanwhile replayed
 * in order; any other is a plain WebSocket. When the script already asked for the whole
 * document, the provider's own step 1 (the doc is still empty then) is not sent again: the
 * server would send the whole board a second time.
 */
export class AdoptingWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly ws!: WebSocket;
  private skipStep1 = false;

  constructor(url: string, protocols?: string | string[]) {
    const early = typeof window === 'undefined' ? null : takeEarlySocket(url);
    // A constructor may return another object: the provider then holds a plain WebSocket.
    if (!early) return new WebSocket(url, protocols) as unknown as AdoptingWebSocket;
    this.ws = early.ws;
    this.skipStep1 = early.sentStep1;
    // Replayed in a task of its own, once the provider has set its handlers (right after `new`).
    setTimeout(() => {
      for (const [type, event] of early.events) this.dispatch(type, event);
      early.events = [];
      early.forward = (type, event) => this.dispatch(type, event);
    }, 0);
  }

  private dispatch(type: EarlyEventType, event: Event): void {
    if (type === 'open') this.onopen?.(event);
    else if (type === 'message') this.onmessage?.(event as MessageEvent);
    else if (type === 'close') this.onclose?.(event as CloseEvent);
    else this.onerror?.(event);
  }

  get readyState(): number {
    return this.ws.readyState;
  }

  get binaryType(): BinaryType {
    return this.ws.binaryType;
  }

  set binaryType(value: BinaryType) {
    this.ws.binaryType = value;
  }

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (this.skipStep1 && isSyncStep1(data)) {
      this.skipStep1 = false;
      return;
    }
    this.ws.send(data);
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason);
  }
}
