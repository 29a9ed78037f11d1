import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { CLOSE_CODES, SYNC_MESSAGE, canEdit, type Role } from '../../lib/protocol';
import type { Logger } from '../log';

/** Presence changes are relayed at most this often (see flushAwareness). */
export const AWARENESS_BATCH_MS = 25;

/** A send buffer larger than this means the client cannot keep up; it is dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

interface Connection {
  role: Role;
  /** Awareness client ids this connection announced, removed when it closes. */
  awarenessIds: Set<number>;
}

export class MalformedMessageError extends Error {}

/**
 * One board in memory: its Y.Doc, the awareness of who is where, and the WebSocket connections
 * speaking the y-websocket protocol. Every doc update, whoever made it, is handed to `persist`
 * and fanned out to every other connection.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly conns = new Map<WebSocket, Connection>();
  /** Sync step 2 for a client that has nothing yet; dropped on every doc update. */
  private fullStep2: Uint8Array | null = null;
  /** Doc updates of the relayed update being applied (see relayUpdate). */
  private heldBack: Uint8Array[] = [];
  /** Awareness client ids changed since the last presence broadcast. */
  private readonly awarenessChanged = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;
  /** Updates stored for this board since its last snapshot, including the ones loaded. */
  storedUpdateCount: number;

  constructor(
    readonly boardId: string,
    doc: Y.Doc,
    storedUpdateCount: number,
    private readonly persist: (boardId: string, update: Uint8Array) => void,
    private readonly log: Logger,
  ) {
    this.doc = doc;
    this.storedUpdateCount = storedUpdateCount;
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullStep2 = null;
    this.persist(this.boardId, update);
    // A client's update message is relayed as received once it has applied (see relayUpdate).
    if (origin === RELAYED) {
      this.heldBack.push(update);
      return;
    }
    this.broadcast(encodeSyncUpdate(update), origin);
  };

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const conn = origin instanceof Object ? this.conns.get(origin as WebSocket) : undefined;
    if (conn) {
      for (const id of added) conn.awarenessIds.add(id);
      for (const id of removed) conn.awarenessIds.delete(id);
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
  };

  /** Registers an open socket and starts the sync handshake (server's step 1 + awareness). */
  addConnection(ws: WebSocket, role: Role): void {
    this.conns.set(ws, { role, awarenessIds: new Set() });
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
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(conn.awarenessIds), null);
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
    switch (messageType) {
      case SYNC_MESSAGE.sync:
        this.handleSync(ws, decoder, writable);
        return;
      case SYNC_MESSAGE.awareness: {
        // A spectator is a projector: it is not shown as present and its cursor reaches no one.
        const update = readPayload(decoder);
        if (!writable) return;
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, update, ws);
        } catch (err) {
          throw new MalformedMessageError(`bad awareness update: ${(err as Error).message}`);
        }
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

  private handleSync(ws: WebSocket, decoder: decoding.Decoder, writable: boolean): void {
    let syncType: number;
    try {
      syncType = decoding.readVarUint(decoder);
    } catch {
      throw new MalformedMessageError('truncated sync message');
    }
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        const stateVector = readPayload(decoder);
        // A fresh client (empty state vector: a new tab, every person joining a meeting) gets
        // the whole doc. Encoding 2,000 items takes tens of milliseconds, so the reply is
        // encoded once and reused until the doc changes.
        if (isEmptyStateVector(stateVector)) {
          this.fullStep2 ??= encodeFullSyncStep2(this.doc);
          this.send(ws, this.fullStep2);
          return;
        }
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, SYNC_MESSAGE.sync);
        try {
          syncProtocol.writeSyncStep2(reply, this.doc, stateVector);
        } catch (err) {
          throw new MalformedMessageError(`bad state vector: ${(err as Error).message}`);
        }
        this.send(ws, encoding.toUint8Array(reply));
        return;
      }
      case syncProtocol.messageYjsSyncStep2: {
        const update = readPayload(decoder);
        // Read-only: answer step 1 so the projector gets everything, but drop its writes.
        if (!writable) return;
        checkUpdateParses(update);
        applyClientUpdate(this.doc, update, ws);
        return;
      }
      case syncProtocol.messageYjsUpdate: {
        const update = readPayload(decoder);
        if (!writable) return;
        this.relayUpdate(ws, decoder.arr.subarray(0, decoder.pos), update);
        return;
      }
      default:
        throw new MalformedMessageError(`unknown sync message type ${syncType}`);
    }
  }

  /**
   * The hot path of a meeting: one person types, everyone else sees it. The update is parsed
   * completely and applied first, so a corrupt frame is refused whole and reaches no one; then
   * the frame is relayed byte for byte to every other connection (it is already a sync update
   * message, and every peer applies it as the server did), so fan-out costs no re-encode. If
   * applying fails part-way, the others get what the server did integrate, as usual.
   */
  private relayUpdate(from: WebSocket, frame: Uint8Array, update: Uint8Array): void {
    checkUpdateParses(update);
    this.heldBack = [];
    try {
      applyClientUpdate(this.doc, update, RELAYED);
    } catch (err) {
      for (const partial of this.heldBack) this.broadcast(encodeSyncUpdate(partial), from);
      throw err;
    } finally {
      this.heldBack = [];
    }
    // A copy: the received frame is a view into the socket's read buffer, which a queued send
    // to a slow client would otherwise keep alive whole.
    this.broadcast(frame.slice(), from);
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const conn of this.conns.keys()) {
      if (conn !== except) this.send(conn, message);
    }
  }

  private send(ws: WebSocket, message: Uint8Array): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn({ boardId: this.boardId, buffered: ws.bufferedAmount }, 'closing a connection that cannot keep up');
      ws.close(CLOSE_CODES.tooSlow, 'client too slow');
      return;
    }
    ws.send(message, { binary: true });
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

/** Transaction origin of an update that was relayed before it was applied. */
const RELAYED = Symbol('relayed');

/**
 * Checks an update parses completely before it touches the document or anyone else, so a
 * corrupt frame is refused whole instead of half-applied (Yjs integrates the structs before it
 * reads the delete set).
 */
function checkUpdateParses(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch (err) {
    throw new MalformedMessageError(`update does not parse: ${(err as Error).message}`);
  }
}

function applyClientUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  try {
    Y.applyUpdate(doc, update, origin);
  } catch (err) {
    throw new MalformedMessageError(`update rejected: ${(err as Error).message}`);
  }
}

/** A state vector with no clients (one varuint 0), as sent by a client with an empty doc. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
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
