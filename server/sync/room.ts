import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { CLOSE_CODES, SYNC_MESSAGE } from '../../lib/protocol';
import { canEdit } from '../../lib/session/permissions';
import type { Role } from '../../lib/session/roles';
import type { Logger } from '../log';
import { AwarenessRefused, guardAwarenessUpdate } from './awareness-guard';
import { findMissingDependencies, type ClockSource } from './update-check';
import { REMOTE_ORIGIN } from './room-relay';
import { TokenBucket } from '../limits/token-bucket';
import { binaryFrame, writeFrame } from './raw-frame';

/** Step 2 replies kept per board until its doc changes (see answerStep1). */
const STEP2_CACHE_ENTRIES = 8;
/** Larger replies are not kept: eight of them could be eight copies of a large board. */
const STEP2_CACHE_MAX_BYTES = 256 * 1024;
/**
 * A step 1 whose sender lacks more than this share of the board's structs (counted by clock) gets
 * the full reply kept for new clients, not a diff of its own. A diff encodes everything after
 * the sender's clocks: on a 2 MB board 50–80 ms of the event loop for a step 1 of a few bytes,
 * and each new clock is a new diff (bench:abuse's step1-flood). Yjs skips what a client already
 * has, so the full reply is as correct, only larger to send and to read; a person reconnecting
 * after a meeting's worth of edits lacks far less than a fifth and still gets their diff.
 */
const FULL_REPLY_LACKING_SHARE = 0.2;

/** Presence changes are relayed at most this often (see flushAwareness). */
export const AWARENESS_BATCH_MS = 25;

/** A send buffer larger than this means the client cannot keep up; it is dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

interface Connection {
  role: Role;
  /** Awareness client ids this connection announced, removed when it closes. */
  awarenessIds: Set<number>;
  /**
   * Extra send-buffer room while a large first sync drains: a joining client gets the whole
   * board in one message, which alone may be larger than MAX_BUFFERED_BYTES, and any other
   * send while it drains must not count it as a slow reader. Cleared once the buffer is low.
   */
  bufferAllowance: number;
  /** Sync step 1 requests this connection may still make (see STEP1_PER_SECOND). */
  step1: TokenBucket;
  /** Whether this connection's sync step 2 (its offline edits) has arrived. */
  step2Received: boolean;
  /** Updates that came before the step 2 and build on what it brings, in arrival order (see holdUntilStep2). */
  held: Array<{ update: Uint8Array; decoded: DecodedUpdate }>;
  /** Closes the connection if its step 2 does not come in time; set while anything is held. */
  heldTimer: NodeJS.Timeout | null;
}

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Sizes the room enforces per message (see ServerLimits in server/config.ts). */
export interface RoomLimits {
  /** Awareness, sync step 1 and anything from a read-only connection. */
  maxMessageBytes: number;
  /** One update message (a paste). */
  maxUpdateBytes: number;
  /** The whole board, approximately; also the largest sync step 2 a client may send. */
  maxDocBytes: number;
  /** One client's awareness state, in characters of JSON. */
  maxAwarenessBytes: number;
  /** Updates a connection may have waiting for its own sync step 2, in bytes (see holdUntilStep2). */
  maxHeldBytes: number;
  /** How long they may wait, ms. */
  step2WaitMs: number;
}

/** A frame that is not a well-formed y-websocket message, or an update Yjs cannot integrate whole. */
export class MalformedMessageError extends Error {}
/** A message over its type's size limit (closed with 1009, as ws does for oversized frames). */
export class MessageTooLargeError extends Error {}
/** A change that would take the board past MAX_DOC_BYTES; nothing of it was applied. */
export class BoardTooLargeError extends Error {}
/** A message no honest client sends this often (see STEP1_PER_SECOND). */
export class RateLimitedError extends Error {}

/**
 * y-websocket sends one sync step 1 per connection (and one per resync interval, if set, which
 * is seconds apart). Each makes the server diff the board, so a connection asking more often
 * than this is flooding, and is closed (4429) rather than merely slowed down.
 */
const STEP1_PER_SECOND = 0.2;
const STEP1_BURST = 5;

/**
 * One board in memory: its Y.Doc, the awareness of who is where, and the WebSocket connections
 * speaking the y-websocket protocol. Every doc update, whoever made it, is handed to `persist`
 * and fanned out to every other connection.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly conns = new Map<WebSocket, Connection>();
  /** The connection that introduced each awareness client id: only it may change that id. */
  private readonly awarenessOwner = new Map<number, WebSocket>();
  /** Sync step 2 for a client that has nothing yet; dropped on every doc update. */
  private fullStep2: Uint8Array | null = null;
  /** Recent step 2 replies by state vector; dropped on every doc update (see answerStep1). */
  private readonly step2Cache = new Map<string, Uint8Array>();
  /** The doc's clock per client, read on demand (see findMissingDependencies). */
  private readonly clocks: ClockSource = { get: (client) => Y.getState(this.doc.store, client) };
  /** Awareness client ids changed since the last presence broadcast. */
  private readonly awarenessChanged = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;
  /** Presence changes of this node's connections not yet sent to the other nodes. */
  private readonly awarenessToRelay = new Set<number>();
  /** Parts of remote (or stored) updates waiting for changes this node has not heard yet (see applyRemoteUpdate); Yjs's V2 encoding, as it sets them aside. */
  private remotePending: Uint8Array[] = [];
  /** Sends presence to the other nodes of a cluster (set by the registry); null on one node. */
  relayAwareness: ((update: Uint8Array) => void) | null = null;
  /** Updates stored for this board since its last snapshot, including the ones loaded. */
  storedUpdateCount: number;
  /**
   * The board's size as stored: what was loaded plus every update since (a compaction resets
   * it). An over-estimate between compactions, which is the safe side for a cap.
   */
  approxBytes: number;

  constructor(
    readonly boardId: string,
    doc: Y.Doc,
    stored: { updates: number; bytes: number },
    private readonly persist: (boardId: string, update: Uint8Array) => void,
    private readonly limits: RoomLimits,
    private readonly log: Logger,
  ) {
    this.doc = doc;
    this.storedUpdateCount = stored.updates;
    this.approxBytes = stored.bytes;
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    // Stored rows with a gap (cluster mode: another node relayed an update and died before
    // storing it; a live node stores it once it declares that one dead) leave Yjs holding the
    // rows after the gap aside. Left in the doc, the next client update would be blamed for
    // them and its sender closed as malformed; set aside, they are retried with the remote
    // update that fills the gap (the relay asks the other nodes for it right after the load).
    if (this.setAsideRemotePending())
      this.log.warn({ boardId }, 'stored updates need changes the store does not hold yet; kept aside until they arrive');
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  /** Whether `bytes` more would take the board past its size cap (for server-side writes: imports). */
  wouldExceedCap(bytes: number): boolean {
    return this.approxBytes + bytes > this.limits.maxDocBytes;
  }

  /**
   * Every change of the doc, from a client or from the server, is stored and sent to everyone
   * but its origin. What goes out is the doc's own encoding of what it integrated, never the
   * client's frame: bytes Yjs skipped (padding inside the payload, structs it already had)
   * reach no one, so relaying cannot amplify junk, and what the others get is exactly what
   * is stored.
   */
  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullStep2 = null;
    this.step2Cache.clear();
    this.approxBytes += update.byteLength;
    // Another node received it from its client and stored it (cluster mode).
    if (origin !== REMOTE_ORIGIN) this.persist(this.boardId, update);
    this.broadcast(encodeSyncUpdate(update), origin);
  };

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    // Other nodes hear only what this node's connections said; states timed out here time out
    // there too.
    if (this.relayAwareness && origin !== REMOTE_ORIGIN && origin !== 'timeout') {
      for (const ids of [added, updated, removed]) for (const id of ids) this.awarenessToRelay.add(id);
    }
    for (const id of removed) {
      const owner = this.awarenessOwner.get(id);
      if (owner) this.conns.get(owner)?.awarenessIds.delete(id);
      this.awarenessOwner.delete(id);
    }
    for (const id of added) this.awarenessChanged.add(id);
    for (const id of updated) this.awarenessChanged.add(id);
    for (const id of removed) this.awarenessChanged.add(id);
    this.awarenessTimer ??= setTimeout(this.flushAwareness, AWARENESS_BATCH_MS);
  };

  /**
   * Presence is relayed in batches: every change in the last AWARENESS_BATCH_MS goes to every
   * connection as one message. Relaying each change at once costs n sends per change, n² when
   * everyone moves or when every client renews its presence (each does every 15 s, and a
   * meeting that joined together renews together); batched it is n sends per window.
   */
  private flushAwareness = (): void => {
    this.awarenessTimer = null;
    if (this.awarenessChanged.size === 0) return;
    const message = encodeAwareness(this.awareness, Array.from(this.awarenessChanged));
    this.awarenessChanged.clear();
    this.broadcast(message, null);
    if (this.relayAwareness && this.awarenessToRelay.size > 0) {
      this.relayAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, Array.from(this.awarenessToRelay)));
      this.awarenessToRelay.clear();
    }
  };

  /**
   * A document update from another node (cluster mode): applied, fanned out, not stored.
   * Returns false when it needs changes this node has not heard yet (relayed by a third node,
   * or lost in a Redis gap): those parts are kept aside, out of the doc (where a client's next
   * update would be blamed for them, see applyClientUpdate), and tried again with the next
   * remote update; the relay asks the other nodes for what is missing.
   */
  applyRemoteUpdate(update: Uint8Array): boolean {
    Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    if (this.setAsideRemotePending()) return false;
    if (this.remotePending.length === 0) return true;
    const retry = Y.mergeUpdatesV2(this.remotePending);
    this.remotePending = [];
    Y.applyUpdateV2(this.doc, retry, REMOTE_ORIGIN);
    return !this.setAsideRemotePending();
  }

  /** Moves what Yjs could not integrate into remotePending; true if there was any. */
  private setAsideRemotePending(): boolean {
    const store = this.doc.store;
    if (store.pendingStructs === null && store.pendingDs === null) return false;
    if (store.pendingStructs) this.remotePending.push(store.pendingStructs.update);
    if (store.pendingDs) this.remotePending.push(store.pendingDs);
    store.pendingStructs = null;
    store.pendingDs = null;
    return true;
  }

  /** What this board holds beyond `stateVector` (cluster mode: another node's cold load), or null. */
  diffFor(stateVector: Uint8Array): Uint8Array | null {
    const diff = Y.encodeStateAsUpdate(this.doc, stateVector);
    // An empty update is two zero bytes (no structs, no deletions).
    return diff.byteLength > 2 ? diff : null;
  }

  /** Presence from another node's connections (cluster mode). */
  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
  }

  /** Registers an open socket and starts the sync handshake (server's step 1 + awareness). */
  addConnection(ws: WebSocket, role: Role): void {
    this.conns.set(ws, {
      role,
      awarenessIds: new Set(),
      bufferAllowance: 0,
      step1: new TokenBucket(STEP1_PER_SECOND, STEP1_BURST, performance.now()),
      step2Received: false,
      held: [],
      heldTimer: null,
    });
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, SYNC_MESSAGE.sync);
    syncProtocol.writeSyncStep1(step1, this.doc);
    this.send(ws, encoding.toUint8Array(step1));
    const states = this.awareness.getStates();
    if (states.size > 0) this.send(ws, encodeAwareness(this.awareness, Array.from(states.keys())));
  }

  removeConnection(ws: WebSocket): void {
    const conn = this.conns.get(ws);
    if (!conn) return;
    this.conns.delete(ws);
    if (conn.heldTimer) clearTimeout(conn.heldTimer);
    conn.held = [];
    if (conn.awarenessIds.size > 0) {
      const ids = Array.from(conn.awarenessIds);
      for (const id of ids) this.awarenessOwner.delete(id);
      awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
    }
  }

  /**
   * Applies one frame from a connection. Throws MalformedMessageError for anything that is not a
   * well-formed y-websocket message; the caller closes that connection.
   */
  handleMessage(ws: WebSocket, data: Uint8Array): void {
    const conn = this.conns.get(ws);
    if (!conn) return;
    const writable = canEdit(conn.role);
    let decoder: decoding.Decoder;
    let messageType: number;
    try {
      decoder = decoding.createDecoder(data);
      messageType = decoding.readVarUint(decoder);
    } catch {
      throw new MalformedMessageError('empty or truncated frame');
    }
    // Only document changes may be large (see handleSync); anything else over the frame limit
    // is refused as ws refuses an oversized frame.
    if (messageType !== SYNC_MESSAGE.sync && data.byteLength > this.limits.maxMessageBytes) {
      throw new MessageTooLargeError(`message of type ${messageType} and ${data.byteLength} bytes`);
    }
    switch (messageType) {
      case SYNC_MESSAGE.sync:
        this.handleSync(ws, conn, decoder, writable);
        return;
      case SYNC_MESSAGE.awareness: {
        // A spectator is a projector: it is not shown as present and its cursor reaches no one.
        const update = readPayload(decoder);
        if (!writable) return;
        this.applyAwareness(ws, conn, update);
        return;
      }
      case SYNC_MESSAGE.queryAwareness:
        this.send(ws, encodeAwareness(this.awareness, Array.from(this.awareness.getStates().keys())));
        return;
      case SYNC_MESSAGE.auth:
        // Authorization happens at the HTTP upgrade; the in-band auth message is not used.
        return;
      default:
        throw new MalformedMessageError(`unknown message type ${messageType}`);
    }
  }

  private handleSync(ws: WebSocket, conn: Connection, decoder: decoding.Decoder, writable: boolean): void {
    let syncType: number;
    try {
      syncType = decoding.readVarUint(decoder);
    } catch {
      throw new MalformedMessageError('truncated sync message');
    }
    // Everything a client made offline arrives as one step 2, so it may be as large as the board;
    // one update (a paste) has its own limit; a read-only connection only ever asks.
    const limit = !writable
      ? this.limits.maxMessageBytes
      : syncType === syncProtocol.messageYjsSyncStep2
        ? this.limits.maxDocBytes
        : syncType === syncProtocol.messageYjsUpdate
          ? this.limits.maxUpdateBytes
          : this.limits.maxMessageBytes;
    if (decoder.arr.byteLength > limit) {
      throw new MessageTooLargeError(`sync message of type ${syncType} and ${decoder.arr.byteLength} bytes (limit ${limit})`);
    }
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        if (!conn.step1.tryTake(1, performance.now())) throw new RateLimitedError('sync step 1 more often than any client sends it');
        const stateVector = readPayload(decoder);
        this.sendFirstSync(ws, conn, this.answerStep1(stateVector));
        return;
      }
      case syncProtocol.messageYjsSyncStep2: {
        const update = readPayload(decoder);
        // Read-only: answer step 1 so the projector gets everything, but drop its writes.
        if (!writable) return;
        conn.step2Received = true;
        this.applyClientUpdate(ws, conn, update);
        this.releaseHeld(ws, conn);
        return;
      }
      case syncProtocol.messageYjsUpdate: {
        const update = readPayload(decoder);
        if (!writable) return;
        this.applyClientUpdate(ws, conn, update);
        return;
      }
      default:
        throw new MalformedMessageError(`unknown sync message type ${syncType}`);
    }
  }

  /**
   * The hot path of a meeting: one person types, everyone else sees it. The update is parsed
   * completely and checked before anything happens, so a corrupt frame, one whose dependencies
   * the board lacks, or one that would take the board past its size cap is refused whole:
   * nothing applied, stored or relayed. Then it is applied; onDocUpdate stores and relays what
   * the doc integrated.
   */
  private applyClientUpdate(from: WebSocket, conn: Connection, update: Uint8Array): void {
    let decoded: DecodedUpdate;
    try {
      decoded = Y.decodeUpdate(update);
    } catch (err) {
      throw new MalformedMessageError(`update does not parse: ${(err as Error).message}`);
    }
    const missing = findMissingDependencies(decoded, this.clocks);
    if (missing) {
      if (!conn.step2Received) return this.holdUntilStep2(from, conn, update, decoded, missing);
      throw new MalformedMessageError(`update depends on ${missing.kind} ${missing.example} the board does not have`);
    }
    this.integrateClientUpdate(from, update, decoded);
  }

  /** Applies an update whose dependencies the board has (findMissingDependencies said so). */
  private integrateClientUpdate(from: WebSocket, update: Uint8Array, decoded: DecodedUpdate): void {
    if (decoded.structs.length > 0 && this.approxBytes + update.byteLength > this.limits.maxDocBytes) {
      throw new BoardTooLargeError(`board would reach ${this.approxBytes + update.byteLength} bytes (limit ${this.limits.maxDocBytes})`);
    }
    try {
      Y.applyUpdate(this.doc, update, from);
    } catch (err) {
      throw new MalformedMessageError(`update rejected: ${(err as Error).message}`);
    }
    // The check above follows Yjs's rules but not every quirk of its reader (a client listed
    // twice in one update, two clients' structs that need each other): whatever Yjs still set
    // aside is dropped here. It was never stored or relayed; what did integrate is valid.
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) {
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
      throw new MalformedMessageError('update depends on content the board does not have');
    }
  }

  /**
   * A y-websocket client sends its live edits the moment its socket opens, but what it typed
   * while offline only in its sync step 2, the answer to the server's step 1 a round trip
   * later: a keystroke in between arrives first and builds on edits the board does not have
   * yet. Refusing it closed a person who typed through a reconnect (y-websocket 3 never
   * reconnects after a 44xx close; the app waited 15 s). So until a connection's step 2 has
   * arrived, such an update waits for it, outside the doc (never stored, relayed or merged
   * into anything): at most maxHeldBytes per connection for at most step2WaitMs. Whatever the
   * step 2 does not make whole is refused then, as any update with missing dependencies is
   * after the step 2.
   */
  private holdUntilStep2(
    ws: WebSocket,
    conn: Connection,
    update: Uint8Array,
    decoded: DecodedUpdate,
    missing: { kind: string; example: string },
  ): void {
    let heldBytes = 0;
    for (const h of conn.held) heldBytes += h.update.byteLength;
    if (heldBytes + update.byteLength > this.limits.maxHeldBytes) {
      throw new MalformedMessageError(
        `update depends on ${missing.kind} ${missing.example} the board does not have, and ${heldBytes} bytes already wait for this connection's sync step 2`,
      );
    }
    conn.held.push({ update, decoded });
    conn.heldTimer ??= setTimeout(() => {
      if (this.conns.get(ws) !== conn || conn.held.length === 0) return;
      this.log.warn(
        { boardId: this.boardId, held: conn.held.length },
        'closing sync connection: its updates waited for a sync step 2 that did not come',
      );
      ws.close(CLOSE_CODES.malformedMessage, 'malformed message');
    }, this.limits.step2WaitMs);
  }

  /** The step 2 came: what waited for it is applied in the order it arrived, or refused. */
  private releaseHeld(from: WebSocket, conn: Connection): void {
    if (conn.heldTimer) clearTimeout(conn.heldTimer);
    conn.heldTimer = null;
    const held = conn.held;
    conn.held = [];
    for (const { update, decoded } of held) {
      const missing = findMissingDependencies(decoded, this.clocks);
      if (missing)
        throw new MalformedMessageError(`update depends on ${missing.kind} ${missing.example}, which its sync step 2 did not bring`);
      this.integrateClientUpdate(from, update, decoded);
    }
  }

  private applyAwareness(ws: WebSocket, conn: Connection, update: Uint8Array): void {
    let guarded;
    try {
      guarded = guardAwarenessUpdate(
        update,
        ws,
        { ownerOf: (id) => this.awarenessOwner.get(id), ownedBySender: conn.awarenessIds.size },
        this.awareness,
        this.limits.maxAwarenessBytes,
      );
    } catch (err) {
      if (err instanceof AwarenessRefused && err.reason === 'too-large') throw new MessageTooLargeError(err.message);
      throw new MalformedMessageError(`bad awareness update: ${(err as Error).message}`);
    }
    for (const id of guarded.claimed) {
      this.awarenessOwner.set(id, ws);
      conn.awarenessIds.add(id);
    }
    if (!guarded.update) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, guarded.update, ws);
    } catch (err) {
      throw new MalformedMessageError(`bad awareness update: ${(err as Error).message}`);
    }
  }

  /**
   * The reply to a sync step 1: everything the client lacks. Diffing walks the whole delete set,
   * tens of milliseconds on a large board, so replies are reused until the doc changes: a fresh
   * client (every person joining a meeting, or a state vector naming only clients the board has
   * never seen) gets the one full-board reply, and a reconnecting meeting, whose clients mostly
   * hold the same state, shares a few. A client lacking most of the board gets the full reply
   * too (FULL_REPLY_LACKING_SHARE).
   */
  private answerStep1(stateVector: Uint8Array): Uint8Array {
    let known: Map<number, number>;
    try {
      known = Y.decodeStateVector(stateVector);
    } catch (err) {
      throw new MalformedMessageError(`bad state vector: ${(err as Error).message}`);
    }
    // A state vector naming none of the board's clients lacks all of it.
    if (this.lackingShare(known) > FULL_REPLY_LACKING_SHARE) {
      this.fullStep2 ??= encodeFullSyncStep2(this.doc);
      return this.fullStep2;
    }
    const cacheKey = Buffer.from(stateVector).toString('base64');
    const cached = this.step2Cache.get(cacheKey);
    if (cached) return cached;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, SYNC_MESSAGE.sync);
    try {
      syncProtocol.writeSyncStep2(reply, this.doc, stateVector);
    } catch (err) {
      throw new MalformedMessageError(`bad state vector: ${(err as Error).message}`);
    }
    const message = encoding.toUint8Array(reply);
    if (message.byteLength > STEP2_CACHE_MAX_BYTES) return message;
    if (this.step2Cache.size >= STEP2_CACHE_ENTRIES) this.step2Cache.delete(this.step2Cache.keys().next().value!);
    this.step2Cache.set(cacheKey, message);
    return message;
  }

  /** The share of the board's structs (by clock, all clients) that a state vector does not cover; all of an empty board's. */
  private lackingShare(known: Map<number, number>): number {
    let total = 0;
    let lacking = 0;
    for (const client of this.doc.store.clients.keys()) {
      const clock = Y.getState(this.doc.store, client);
      total += clock;
      lacking += Math.max(0, clock - (known.get(client) ?? 0));
    }
    return total === 0 ? 1 : lacking / total;
  }

  /** A sync reply may be the whole board; the connection gets room to drain it (see bufferAllowance). */
  private sendFirstSync(ws: WebSocket, conn: Connection, message: Uint8Array): void {
    if (message.byteLength > MAX_BUFFERED_BYTES / 4) conn.bufferAllowance = Math.max(conn.bufferAllowance, message.byteLength);
    this.send(ws, message);
  }

  /**
   * The message goes to every connection but `except` as one WebSocket frame, built once
   * (binaryFrame) and written as it is, where ws would frame it again for each connection
   * (seven times per keystroke in a meeting of 8).
   */
  private broadcast(message: Uint8Array, except: unknown): void {
    if (this.conns.size === 0 || (this.conns.size === 1 && this.conns.has(except as WebSocket))) return;
    const frame = binaryFrame(message);
    for (const [ws, conn] of this.conns) {
      if (ws !== except) this.send(ws, message, conn, frame);
    }
  }

  /** `frame`: the message as a WebSocket frame already (see broadcast), written as it is when ws allows. */
  private send(ws: WebSocket, message: Uint8Array, conn = this.conns.get(ws), frame?: Buffer): void {
    if (ws.readyState !== ws.OPEN) return;
    const buffered = ws.bufferedAmount;
    if (conn && conn.bufferAllowance > 0 && buffered <= MAX_BUFFERED_BYTES) conn.bufferAllowance = 0;
    if (buffered > MAX_BUFFERED_BYTES + (conn?.bufferAllowance ?? 0)) {
      this.log.warn({ boardId: this.boardId, buffered }, 'closing a connection that cannot keep up');
      ws.close(CLOSE_CODES.tooSlow, 'client too slow');
      return;
    }
    if (frame && writeFrame(ws, frame)) return;
    // Binary, as anything but a string is; no options object to spread per send.
    ws.send(message);
  }

  closeAll(code: number, reason: string): void {
    for (const ws of this.conns.keys()) ws.close(code, reason);
  }

  destroy(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function readPayload(decoder: decoding.Decoder): Uint8Array {
  try {
    return decoding.readVarUint8Array(decoder);
  } catch {
    throw new MalformedMessageError('truncated payload');
  }
}

function encodeFullSyncStep2(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC_MESSAGE.sync);
  syncProtocol.writeSyncStep2(encoder, doc);
  return encoding.toUint8Array(encoder);
}

function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC_MESSAGE.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, SYNC_MESSAGE.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
