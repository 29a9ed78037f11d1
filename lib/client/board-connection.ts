'use client';

import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { io, type Socket } from 'socket.io-client';
import { CLOSE_CODES, CONNECT_RATE_REFUSAL, ERROR_CODES, HANDSHAKE_ERRORS, PROTOCOL_VERSION, SYNC_MESSAGE } from '../protocol/codes';
import type {
  AckResult,
  ClientEventName,
  ClientEventPayload,
  ClientToServerEvents,
  FocusState,
  ServerErrorPayload,
  ServerToClientEvents,
  SessionInfo,
} from '../protocol';
import { closeReaction } from './close-policy';
import { AdoptingWebSocket } from './early-socket';
import { hasLocalCopy, markLocalCopy } from './local-copy-mark';
import { QUIET_APPLY_MIN_BYTES, peekSyncUpdate, setAsideUpdateListeners, type UpdateListener } from './quiet-apply';
import { voterToken } from './voter-token';

/**
 * What the connection indicator shows. `slowed`: the server closed the document socket for
 * going over its rate budget, or refused the control socket's handshake for this network's
 * budget of new connections, and we wait (seconds, up to a minute) before reconnecting. `blocked`: the
 * server refused a change that would take the board past its size cap; we do not reconnect by
 * ourselves (the same change would be refused again), the change stays in this browser.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'offline' | 'slowed' | 'blocked' | 'error';

/**
 * Whether the states the server holds for the board (the meeting, the poker round) may still
 * arrive over the control socket: not offline, not after a refusal. What waits for them (the
 * meeting bar's slot, the poker section's room) is held only then.
 */
export function serverStatesComing(status: ConnectionStatus): boolean {
  return status !== 'offline' && status !== 'error';
}

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  /** Why the status is `error` (wrong key, unknown board, protocol mismatch). */
  errorReason: string | null;
  session: SessionInfo | null;
  focus: FocusState;
  synced: boolean;
}

/** Before anything has connected (also what React renders while there is no connection yet). */
export const INITIAL_SNAPSHOT: ConnectionSnapshot = {
  status: 'connecting',
  errorReason: null,
  session: null,
  focus: { itemId: null, by: null },
  synced: false,
};

/**
 * How long a board with a local copy waits for IndexedDB before it syncs over the network
 * anyway: a safety for an IndexedDB that never answers, not a race. Syncing before the copy is
 * loaded asks the server for the whole board (an empty state vector) and applies it twice;
 * measured at 10,000 items on a loaded machine, a 1.5 s wait did exactly that and the list came
 * later than with either alone.
 */
const LOCAL_COPY_WAIT_MS = 10_000;

/** What each peer publishes through Yjs awareness besides its identity. */
export interface AwarenessFocus {
  itemId: string | null;
  /** The field being typed in, when editing. */
  editing: 'title' | 'description' | null;
}

export interface PeerFocus {
  awarenessId: number;
  name: string;
  color: string;
  itemId: string;
  editing: AwarenessFocus['editing'];
}

export type ControlSocketClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Owns a board's two connections — the Yjs document over y-websocket and the socket.io control
 * plane — and exposes one snapshot for React to render. Components never touch sockets.
 */
export class BoardConnection {
  readonly doc = new Y.Doc();
  /**
   * The transaction origin of every edit made in this tab. The undo manager tracks only it, so
   * Ctrl+Z can never revert what somebody else did.
   */
  readonly localOrigin = { source: 'local-user' };
  readonly undoManager: Y.UndoManager;
  private localCopy: IndexeddbPersistence | null = null;
  readonly provider: WebsocketProvider;
  readonly socket: ControlSocketClient;
  private snapshot: ConnectionSnapshot = INITIAL_SNAPSHOT;
  private listeners = new Set<() => void>();
  private errorListeners = new Set<(error: ServerErrorPayload) => void>();
  private wsConnected = false;
  private ioConnected = false;
  private browserOnline = typeof navigator === 'undefined' ? true : navigator.onLine;
  /** Why the document socket is held closed (see ConnectionStatus), or null. */
  private held: 'slowed' | 'blocked' | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private controlReconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private rateLimitedAt = 0;
  private rateLimitRepeats = 0;
  /** When the control socket was last told `rate_limited` (the server cuts it off next). */
  private controlRateLimitedAt = 0;

  /**
   * `localFirst`: show this browser's local copy of the board (if it keeps one for this link)
   * before syncing over the network. Off for the projector, which keeps no copy.
   */
  constructor(
    readonly boardId: string,
    readonly key: string,
    identity: { name: string; color: string },
    { localFirst = true }: { localFirst?: boolean } = {},
  ) {
    const origin = window.location.origin;
    const wsBase = origin.replace(/^http/, 'ws') + '/yjs';
    const fromLocalCopy = localFirst && hasLocalCopy(boardId, key);
    // Cross-tab BroadcastChannel sync is off: every write must pass the server's role check.
    this.provider = new WebsocketProvider(wsBase, boardId, this.doc, {
      params: { key },
      disableBc: true,
      maxBackoffTime: 2000,
      // Codes we handle ourselves make y-websocket stop and emit `closed` (handled below).
      shouldReconnect: (event) => closeReaction(event.code).kind === 'reconnect',
      // The socket the page's first script opened, if any (early-socket.ts).
      WebSocketPolyfill: AdoptingWebSocket as unknown as typeof WebSocket,
      // With a local copy, sync once it is loaded: the server then sends only what it lacks.
      connect: !fromLocalCopy,
    });
    this.applyWholeBoardsQuietly();
    this.provider.on('closed', ({ code }) => this.handleServerClose(code));
    this.provider.awareness.setLocalStateField('user', identity);
    this.undoManager = new Y.UndoManager(this.doc.getMap('items'), {
      trackedOrigins: new Set([this.localOrigin]),
      captureTimeout: 500,
    });
    window.addEventListener('online', this.handleOnline);
    window.addEventListener('offline', this.handleOffline);
    this.provider.on('status', ({ status }: { status: string }) => {
      this.wsConnected = status === 'connected';
      this.refreshStatus();
    });
    // Marks for bench:board's time-to-first-render breakdown (visible in DevTools' timeline too).
    performance.mark('refinery:connect');
    this.provider.on('sync', (synced: boolean) => {
      if (synced) performance.mark('refinery:synced');
      this.set({ synced });
      this.refreshStatus();
      if (synced) this.startLocalCopy();
    });

    this.socket = io(origin, {
      path: '/socket.io',
      auth: { boardId, key, protocolVersion: PROTOCOL_VERSION, name: identity.name, color: identity.color, voterToken: voterToken() },
      transports: ['websocket', 'polling'],
    });
    this.socket.on('connect', () => {
      this.ioConnected = true;
      this.set({ errorReason: null });
      this.refreshStatus();
    });
    this.socket.on('disconnect', (reason) => {
      this.ioConnected = false;
      // socket.io reconnects by itself after a network loss, but not when the server cut the
      // socket (it does that to a client that stays over its event budget): come back later.
      if (reason === 'io server disconnect') this.scheduleControlReconnect();
      this.refreshStatus();
    });
    this.socket.on('connect_error', (err) => {
      // Every handshake refusal is final for this page (BoardError explains each one); the
      // document socket stops too, instead of retrying a board we cannot open.
      const fatal = (Object.values(HANDSHAKE_ERRORS) as string[]).includes(err.message);
      if (fatal) {
        this.provider.disconnect();
        this.set({ status: 'error', errorReason: err.message });
      } else if (err.message === CONNECT_RATE_REFUSAL) {
        // This network opened too many connections this minute: socket.io does not retry a
        // refusal by the server, so come back after the rate-limit back-off (with jitter).
        this.controlRateLimitedAt = Date.now();
        this.scheduleControlReconnect();
        this.refreshStatus();
      }
    });
    this.socket.on('session', (session) => {
      this.set({ session });
      this.startLocalCopy();
    });
    this.socket.on('focus', (focus) => this.set({ focus }));
    if (fromLocalCopy) this.loadLocalCopyFirst();
    this.socket.on('server:error', (error) => {
      if (error.code === ERROR_CODES.rateLimited) this.controlRateLimitedAt = Date.now();
      for (const listener of this.errorListeners) listener(error);
    });
  }

  // The browser knows it lost the network long before a socket times out; say so at once.
  /**
   * A copy of the board in this browser's IndexedDB, so edits made offline survive a closed tab
   * and reach the server in the next sync handshake. Started once the first sync is done (it
   * then costs nothing on the way to the first render) and only for roles that can write: a
   * projector has nothing to keep, and must not keep a write the server refused.
   */
  private startLocalCopy(): void {
    if (this.localCopy || !('indexedDB' in window)) return;
    const role = this.snapshot.session?.role;
    if (!role || role === 'spectator' || !this.snapshot.synced) return;
    this.localCopy = new IndexeddbPersistence(`refinery:${this.boardId}`, this.doc);
    markLocalCopy(this.boardId, this.key);
  }

  /**
   * A sync message that brings a whole board (the first sync) is applied without Yjs encoding it
   * again for the doc's `update` listeners (quiet-apply.ts): they get the bytes as received. The
   * provider ignores what it received itself; the local copy stores the bytes.
   */
  private applyWholeBoardsQuietly(): void {
    const handlers = this.provider.messageHandlers;
    const handleSync = handlers[SYNC_MESSAGE.sync];
    handlers[SYNC_MESSAGE.sync] = (encoder, decoder, provider, emitSynced, messageType) => {
      const update = peekSyncUpdate(decoder);
      if (!update || update.length < QUIET_APPLY_MIN_BYTES) return handleSync(encoder, decoder, provider, emitSynced, messageType);
      const aside = setAsideUpdateListeners(this.doc, provider);
      let missed: UpdateListener[];
      try {
        handleSync(encoder, decoder, provider, emitSynced, messageType);
      } finally {
        missed = aside.restore();
      }
      for (const listener of missed) listener(update, provider, this.doc, null);
    };
  }

  /**
   * A returning person: the board comes from this browser's copy (kept with this same key, so
   * by a role that can write) before the network, and the sync that follows asks the server for
   * only what changed meanwhile. Syncs anyway if IndexedDB is slow or fails.
   */
  private loadLocalCopyFirst(): void {
    const copy = new IndexeddbPersistence(`refinery:${this.boardId}`, this.doc);
    this.localCopy = copy;
    let started = false;
    const sync = () => {
      if (started || this.localCopy !== copy) return;
      started = true;
      clearTimeout(timer);
      if (this.browserOnline && this.snapshot.status !== 'error') this.provider.connect();
    };
    const timer = setTimeout(sync, LOCAL_COPY_WAIT_MS);
    // For bench:board: when the copy has been read and its updates start being applied.
    const onRead = (transaction: Y.Transaction) => {
      if (transaction.origin !== copy) return;
      performance.mark('refinery:local-copy-read');
      // The copy's updates are applied in this one transaction: not encoded again for the
      // `update` listeners, which would drop them (the copy's own ignores what it read; the
      // provider is not connected yet, and sends what the server lacks when it syncs).
      const aside = setAsideUpdateListeners(this.doc, copy);
      queueMicrotask(() => aside.restore());
    };
    this.doc.on('beforeTransaction', onRead);
    copy.whenSynced.then(() => {
      this.doc.off('beforeTransaction', onRead);
      performance.mark('refinery:local-copy');
      sync();
    }, sync);
  }

  private handleOffline = () => {
    this.browserOnline = false;
    // The browser says the network is gone: close the sockets now instead of letting them hang
    // until a timeout. Edits go on into the doc (and IndexedDB) and are synced on `online`.
    this.provider.disconnect();
    this.socket.disconnect();
    this.refreshStatus();
  };

  /**
   * The server closed the document socket with a code y-websocket was told not to reconnect on
   * (close-policy.ts). Nothing of a refused change was applied; it stays in the doc and in the
   * local copy, and goes out in the sync exchange of the next connection.
   */
  private handleServerClose(code: number): void {
    const reaction = closeReaction(code, code === CLOSE_CODES.rateLimited ? this.countRateLimit() : 0, Math.random());
    switch (reaction.kind) {
      case 'reconnect':
        this.provider.connect();
        break;
      case 'wait':
        this.held = reaction.status === 'slowed' ? 'slowed' : null;
        this.clearReconnectTimer();
        this.reconnectTimer = setTimeout(() => {
          this.reconnectTimer = null;
          if (this.browserOnline && this.held !== 'blocked' && this.snapshot.status !== 'error') this.provider.connect();
        }, reaction.delayMs);
        break;
      case 'stop':
        this.clearReconnectTimer();
        if (reaction.status === 'blocked') {
          this.held = 'blocked';
        } else {
          this.socket.disconnect();
          this.set({ status: 'error', errorReason: reaction.reason });
        }
        break;
      default:
        reaction satisfies never;
    }
    this.refreshStatus();
  }

  /** Rate-limit closes in a row (either socket), for the backoff; 0 after two quiet minutes. */
  private countRateLimit(): number {
    const now = Date.now();
    this.rateLimitRepeats = now - this.rateLimitedAt < 120_000 ? this.rateLimitRepeats + 1 : 0;
    this.rateLimitedAt = now;
    return this.rateLimitRepeats;
  }

  /**
   * The server disconnected the control socket. Right after a `rate_limited` error that is the
   * budget's cut-off: wait as for a rate-limited document socket. Otherwise retry shortly.
   */
  private scheduleControlReconnect(): void {
    if (this.snapshot.status === 'error' || this.controlReconnectTimer) return;
    let delayMs = 2_000;
    if (Date.now() - this.controlRateLimitedAt < 5_000) {
      const reaction = closeReaction(CLOSE_CODES.rateLimited, this.countRateLimit(), Math.random());
      if (reaction.kind === 'wait') delayMs = reaction.delayMs;
      if (this.held !== 'blocked') this.held = 'slowed';
    }
    this.controlReconnectTimer = setTimeout(() => {
      this.controlReconnectTimer = null;
      if (this.browserOnline && this.snapshot.status !== 'error') this.socket.connect();
    }, delayMs);
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  /**
   * After the board hit its size cap: try again (the person has removed large text or images,
   * or wants to see whether the refusal still holds). Refused again, the status returns to
   * `blocked`.
   */
  retrySync(): void {
    if (this.held !== 'blocked') return;
    this.held = null;
    this.provider.connect();
    this.refreshStatus();
  }

  private handleOnline = () => {
    this.browserOnline = true;
    // Reconnect now rather than after the next backoff tick; local edits made meanwhile are
    // in the doc and go out in the sync exchange. Not while held: the server asked us to wait,
    // or refused what we would send again.
    if (!this.wsConnected && this.held !== 'blocked' && !this.reconnectTimer && this.snapshot.status !== 'error') this.provider.connect();
    if (!this.ioConnected && !this.controlReconnectTimer && this.snapshot.status !== 'error') this.socket.connect();
    this.refreshStatus();
  };

  private refreshStatus(): void {
    if (this.snapshot.status === 'error') return;
    let status: ConnectionStatus;
    if (this.held === 'blocked') status = 'blocked';
    else if (!this.browserOnline) status = 'offline';
    else if (this.wsConnected && this.snapshot.synced && this.ioConnected) status = 'live';
    else if (this.held === 'slowed') status = 'slowed';
    else if (!this.wsConnected && !this.ioConnected && (this.snapshot.synced || this.snapshot.session)) status = 'offline';
    else status = 'connecting';
    // Both sockets are back: whatever slowed us down is over.
    if (status === 'live' && this.held === 'slowed') this.held = null;
    this.set({ status });
  }

  private set(patch: Partial<ConnectionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  getSnapshot = (): ConnectionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onServerError(listener: (error: ServerErrorPayload) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Sends a control event; resolves with the server's acknowledgement. */
  emit<E extends ClientEventName>(event: E, payload: ClientEventPayload<E>): Promise<AckResult<E>> {
    return new Promise((resolve) => {
      // socket.io's typings do not model the trailing ack callback of our event map.
      (this.socket.emit as (e: string, p: unknown, ack: (r: AckResult<E>) => void) => void)(event, payload, resolve);
    });
  }

  /** Publishes which card this tab has focused (and whether it is typing in it) to the room. */
  setLocalFocus(focus: AwarenessFocus): void {
    const current = this.provider.awareness.getLocalState()?.focus as AwarenessFocus | undefined;
    if (current && current.itemId === focus.itemId && current.editing === focus.editing) return;
    this.provider.awareness.setLocalStateField('focus', focus);
  }

  /** Other peers' focused cards, from awareness. */
  readPeerFocus(): PeerFocus[] {
    const peers: PeerFocus[] = [];
    this.provider.awareness.getStates().forEach((state, awarenessId) => {
      if (awarenessId === this.doc.clientID) return;
      const user = state.user as { name?: unknown; color?: unknown } | undefined;
      const focus = state.focus as AwarenessFocus | undefined;
      if (!user || !focus || typeof focus.itemId !== 'string') return;
      peers.push({
        awarenessId,
        name: typeof user.name === 'string' ? user.name.slice(0, 40) : 'Someone',
        color: typeof user.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(user.color) ? user.color : '#64748b',
        itemId: focus.itemId,
        editing: focus.editing === 'title' || focus.editing === 'description' ? focus.editing : null,
      });
    });
    return peers;
  }

  setIdentity(identity: { name: string; color: string }): void {
    this.provider.awareness.setLocalStateField('user', identity);
    void this.emit('presence:set', identity);
  }

  destroy(): void {
    window.removeEventListener('online', this.handleOnline);
    window.removeEventListener('offline', this.handleOffline);
    this.clearReconnectTimer();
    if (this.controlReconnectTimer) clearTimeout(this.controlReconnectTimer);
    this.undoManager.destroy();
    this.socket.disconnect();
    this.provider.destroy();
    void this.localCopy?.destroy();
    // A local copy still loading must not connect the destroyed provider (loadLocalCopyFirst).
    this.localCopy = null;
    this.doc.destroy();
    this.listeners.clear();
  }
}
