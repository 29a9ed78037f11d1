import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CLOSE_CODES, CONNECT_RATE_REFUSAL, CROSS_ORIGIN_REFUSAL } from '../../lib/protocol';
import { assertNever } from '../../lib/session/assert-never';
import type { Role } from '../../lib/session/roles';
import { checkBoardAccess, effectiveRole, requestedRole } from '../board-access';
import { safeDecode } from '../http/request-body';
import { hashKey } from '../keys';
import { clientAddress } from '../limits/client-address';
import { ConnectionBudget } from '../limits/connection-budget';
import { openedByAnotherOrigin } from '../limits/cross-origin';
import type { EdgeOptions } from '../limits/edge-options';
import { BucketMap } from '../limits/token-bucket';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import { BoardTooLargeError, MalformedMessageError, MessageTooLargeError, RateLimitedError, type Room } from './room';
import type { RoomRegistry } from './room-registry';

export const SYNC_PATH_PREFIX = '/yjs/';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with a plain HTTP error, before any WebSocket exists. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ error: reason });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      (status === 429 ? 'Retry-After: 10\r\n' : '') +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function stopTimer(state: SocketState): void {
  if (!state.resumeTimer) return;
  if ('refresh' in state.resumeTimer) clearTimeout(state.resumeTimer);
  else clearImmediate(state.resumeTimer);
  state.resumeTimer = null;
}

/**
 * Closes a socket that may be paused. It is read again so the client's answering close frame
 * arrives (a paused socket would only be cut after ws's 30 s close timeout); what else is read
 * is ignored, because the socket is no longer open.
 */
function closeThrottled(ws: WebSocket, state: SocketState): void {
  stopTimer(state);
  state.backlog = [];
  state.backlogBytes = 0;
  ws.close(CLOSE_CODES.rateLimited, 'rate limited');
  ws.resume();
}

/** A y-websocket sync step 1 (message type 0, sync type 0): the request that costs a diff. */
function isSyncStep1(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && bytes[0] === 0 && bytes[1] === 0;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Per-socket bookkeeping the endpoint needs beyond what the room keeps. */
interface SocketState {
  /** The heartbeat tick in which the socket last sent anything: a message or a pong (see beat). */
  heardTick: number;
  /** The tick its still unanswered ping went out in, or -1. */
  pingedTick: number;
  budget: ConnectionBudget;
  /** Set while the socket is throttled or yielding; messages then wait in `backlog`. */
  resumeTimer: NodeJS.Timeout | NodeJS.Immediate | null;
  /** Messages that arrived while throttled, handled in order once the budget allows. */
  backlog: Uint8Array[];
  backlogBytes: number;
  /** Main-thread time spent on this socket in the turn of the event loop numbered `sliceTurn`. */
  sliceMs: number;
  sliceTurn: number;
  /** When the socket last went into debt without paying it off since (null when it is not). */
  throttledSince: number | null;
}

/**
 * One socket may hold the event loop this long in one turn; then its remaining messages wait
 * for the next turn, so every other socket (and board) gets served in between. ws hands over
 * every frame of a read chunk in one go (a 64 KB chunk holds thousands of small frames), so
 * without this a flood would run to the end of the chunk before anyone else.
 */
const SLICE_MS = 8;
/**
 * Numbers the turns of the event loop in which sync messages are handled: a turn ends when its
 * synchronous work is over (a microtask then counts it), and the next message starts a new slice
 * for its socket. One microtask per turn, not one per message.
 */
let turnNumber = 0;
let turnEnding = false;
function endTurn(): void {
  turnNumber++;
  turnEnding = false;
}
function currentTurn(): number {
  if (!turnEnding) {
    turnEnding = true;
    queueMicrotask(endTurn);
  }
  return turnNumber;
}

/** The heartbeat looks at every socket this many times per PING_INTERVAL_MS (see beat). */
const TICKS_PER_PING_INTERVAL = 2;

/** A socket that stays in debt this long is closed (4429): throttling alone did not stop it. */
const MAX_THROTTLED_MS = 5000;
/** A throttled socket may have this many messages waiting; more closes it (4429). */
const MAX_BACKLOG_MESSAGES = 1000;

/**
 * The y-websocket endpoint: `/yjs/<boardId>?key=<key>` (`&as=spectator` opens any key
 * read-only, for a projector). Access is checked on the HTTP upgrade; the room is loaded
 * completely before the socket is accepted, so the first sync message is always answered from
 * the whole document. Every connection has a budget (see ConnectionBudget) and a heartbeat.
 */
export class SyncEndpoint {
  /** Read-only connections only ask: their frames stay small. */
  private readonly readers: WebSocketServer;
  /** Writers may send a whole board's worth of offline edits as one sync step 2. */
  private readonly writers: WebSocketServer;
  private readonly cpuByAddress: BucketMap;
  private readonly sockets = new Map<WebSocket, SocketState>();
  private readonly heartbeat: NodeJS.Timeout;
  /** Heartbeat ticks so far; there are TICKS_PER_PING_INTERVAL of them per PING_INTERVAL_MS. */
  private tick = 0;
  private closing = false;

  constructor(
    private readonly store: Store,
    private readonly rooms: RoomRegistry,
    maxMessageBytes: number,
    private readonly log: Logger,
    private readonly edge: EdgeOptions,
  ) {
    const { limits } = edge;
    this.readers = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false });
    this.writers = new WebSocketServer({
      noServer: true,
      maxPayload: Math.max(maxMessageBytes, limits.maxUpdateBytes, limits.maxDocBytes) + 16,
      perMessageDeflate: false,
    });
    // One budget for a whole address (a meeting room behind one NAT shares it): it only slows
    // the room down; closing is for a connection's own debt (see handle).
    this.cpuByAddress = new BucketMap(limits.cpuMsPerSecond, limits.cpuMsBurst);
    this.heartbeat = setInterval(this.beat, Math.max(1, Math.floor(limits.pingIntervalMs / TICKS_PER_PING_INTERVAL)));
    this.heartbeat.unref();
  }

  get connectionCount(): number {
    return this.readers.clients.size + this.writers.clients.size;
  }

  /**
   * A peer that vanished without a FIN (a laptop lid closed, Wi-Fi gone) keeps its socket open
   * for ever and its room loaded. A socket that has sent nothing (no message, no pong) for a whole
   * ping interval is pinged, and one that leaves the ping unanswered for a whole interval is
   * dropped: a dead peer goes within two intervals, as when every socket was pinged every
   * interval. A socket that is talking anyway proves it is there without a ping: in a meeting
   * most are (presence alone renews every 15 s), and each ping costs the server a write and a
   * read, ~270 of them a second for 4,000 sockets (bench:rooms).
   */
  private beat = (): void => {
    const tick = ++this.tick;
    for (const [ws, state] of this.sockets) {
      // A throttled socket is not being read, so its pong cannot arrive; it is not dead.
      if (state.resumeTimer) continue;
      if (state.pingedTick >= 0) {
        if (state.heardTick < state.pingedTick) {
          if (tick - state.pingedTick >= TICKS_PER_PING_INTERVAL) ws.terminate();
          continue;
        }
        state.pingedTick = -1;
      }
      if (tick - state.heardTick >= TICKS_PER_PING_INTERVAL) {
        state.pingedTick = tick;
        ws.ping();
      }
    }
  };

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', (err) => this.log.debug({ err }, 'upgrade socket error'));
    if (this.closing) return refuseUpgrade(socket, 503, 'shutting down');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const boardId = safeDecode(url.pathname.slice(SYNC_PATH_PREFIX.length));
    const address = clientAddress(req, this.edge.trustProxy);
    const key = url.searchParams.get('key');
    if (openedByAnotherOrigin(req)) {
      this.log.debug({ boardId }, 'sync upgrade refused: opened by a page of another origin');
      return refuseUpgrade(socket, 403, CROSS_ORIGIN_REFUSAL);
    }
    // Charged before the key is looked up (a loop of wrong keys costs no reads once refused) and
    // before the board is loaded and synced: what a reconnect loop costs most.
    if (!this.edge.limiter.tryConnect(address)) {
      this.log.debug({ address }, 'sync upgrade refused: new connections per minute');
      return refuseUpgrade(socket, 429, CONNECT_RATE_REFUSAL);
    }
    const access = await checkBoardAccess(this.store, boardId, key);
    if (!access.ok) {
      this.log.info({ boardId, status: access.status, reason: access.reason }, 'sync upgrade refused');
      return refuseUpgrade(socket, access.status, access.reason);
    }
    // Asking for less is always allowed: the projector page opens any key read-only.
    const role: Role = effectiveRole(access.role, requestedRole(url.searchParams.get('as')));
    const grant = this.edge.limiter.tryOpen(address, hashKey(key!));
    if (!grant.ok) {
      this.log.warn({ boardId, address, reason: grant.reason }, 'sync upgrade refused: connection cap');
      return refuseUpgrade(socket, 429, grant.reason);
    }
    let room;
    try {
      room = await this.rooms.acquire(boardId);
    } catch (err) {
      this.log.error({ err, boardId }, 'loading board failed');
      this.rooms.release(boardId);
      grant.release();
      return refuseUpgrade(socket, 500, 'could not load board');
    }
    if (socket.destroyed) {
      this.rooms.release(boardId);
      grant.release();
      return;
    }
    // ws destroys a socket that died during the handshake without calling back; release the
    // room then, or it would never unload.
    let accepted = false;
    socket.once('close', () => {
      if (!accepted) {
        this.rooms.release(boardId);
        grant.release();
      }
    });
    const server = role === 'spectator' ? this.readers : this.writers;
    server.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      accepted = true;
      const connLog = this.log.child({ boardId, role });
      const state: SocketState = {
        heardTick: this.tick,
        pingedTick: -1,
        budget: new ConnectionBudget(this.edge.limits, this.cpuByAddress, address, performance.now()),
        resumeTimer: null,
        backlog: [],
        backlogBytes: 0,
        sliceMs: 0,
        sliceTurn: -1,
        throttledSince: null,
      };
      this.sockets.set(ws, state);
      ws.on('pong', () => (state.heardTick = this.tick));
      room.addConnection(ws, role);
      ws.on('message', (data: RawData) => {
        state.heardTick = this.tick;
        if (ws.readyState !== ws.OPEN) return;
        const bytes = toBytes(data);
        if (state.resumeTimer) return this.enqueue(ws, state, connLog, bytes);
        // Checked before handling too: a new socket from an address already in debt (a flood
        // that reconnects) waits like the old one did, rather than getting one message free.
        const before = state.budget.verdict(performance.now());
        if (before.kind === 'throttle') {
          this.enqueue(ws, state, connLog, bytes);
          return this.wait(ws, room, state, connLog, before.resumeInMs);
        }
        this.handle(ws, room, state, connLog, bytes);
      });
      // ws reports protocol violations (oversized frame → 1009, bad opcode → 1002) here and then
      // closes the socket itself; without this listener the process would crash.
      ws.on('error', (err: Error & { code?: string }) => {
        connLog.warn({ code: err.code, reason: err.message }, 'closing sync connection: protocol error');
      });
      ws.on('close', () => {
        stopTimer(state);
        state.backlog = [];
        this.sockets.delete(ws);
        grant.release();
        room.removeConnection(ws);
        this.rooms.release(boardId);
      });
    });
  }

  /** Closes a connection whose message was refused, with the code that names why. */
  private refuse(ws: WebSocket, connLog: Logger, err: unknown): void {
    if (err instanceof MalformedMessageError) {
      connLog.warn({ reason: err.message }, 'closing sync connection: malformed message');
      ws.close(CLOSE_CODES.malformedMessage, 'malformed message');
    } else if (err instanceof MessageTooLargeError) {
      connLog.warn({ reason: err.message }, 'closing sync connection: message too large');
      ws.close(CLOSE_CODES.messageTooBig, 'message too large');
    } else if (err instanceof RateLimitedError) {
      connLog.warn({ reason: err.message }, 'closing sync connection: over budget');
      ws.close(CLOSE_CODES.rateLimited, 'rate limited');
    } else if (err instanceof BoardTooLargeError) {
      connLog.warn({ reason: err.message }, 'refusing a change: board size cap');
      ws.close(CLOSE_CODES.boardTooLarge, 'board size limit reached');
    } else {
      connLog.error({ err }, 'closing sync connection: error handling message');
      ws.close(CLOSE_CODES.internalError, 'internal error');
    }
    // A socket handled from its backlog is paused; it must read the client's close reply.
    if (ws.isPaused) ws.resume();
  }

  /** Handles one message within the socket's budget; then decides whether it must wait. */
  private handle(ws: WebSocket, room: Room, state: SocketState, connLog: Logger, bytes: Uint8Array): void {
    const started = performance.now();
    const turn = currentTurn();
    if (state.sliceTurn !== turn) {
      state.sliceTurn = turn;
      state.sliceMs = 0;
    }
    state.budget.chargeMessage(bytes.byteLength, started);
    try {
      room.handleMessage(ws, bytes);
    } catch (err) {
      this.refuse(ws, connLog, err);
    }
    const now = performance.now();
    state.budget.chargeCpu(now - started, now, isSyncStep1(bytes));
    state.sliceMs += now - started;
    const verdict = state.budget.verdict(now);
    switch (verdict.kind) {
      case 'ok':
        state.throttledSince = null;
        if (state.sliceMs >= SLICE_MS) this.wait(ws, room, state, connLog, 0);
        return;
      case 'throttle':
        // Only this socket's own debt counts towards closing it; its address's (a whole room
        // behind one NAT) only slows it down.
        if (verdict.ownDebt) state.throttledSince ??= now;
        else state.throttledSince = null;
        if (state.throttledSince !== null && now - state.throttledSince > MAX_THROTTLED_MS) {
          connLog.warn({ throttledMs: Math.round(now - state.throttledSince) }, 'closing sync connection: stayed over budget');
          closeThrottled(ws, state);
          return;
        }
        this.wait(ws, room, state, connLog, verdict.resumeInMs);
        return;
      case 'close':
        if (ws.readyState !== ws.OPEN) return;
        connLog.warn({ reason: verdict.reason }, 'closing sync connection: over budget');
        closeThrottled(ws, state);
        return;
      default:
        assertNever(verdict, 'budget verdict');
    }
  }

  /**
   * Stops reading the socket (TCP then pushes back on the sender) and handles what is waiting
   * after `ms`, or on the next turn when 0. Nothing a throttled client sent is dropped.
   */
  private wait(ws: WebSocket, room: Room, state: SocketState, connLog: Logger, ms: number): void {
    if (state.resumeTimer || ws.readyState !== ws.OPEN) return;
    ws.pause();
    const resume = () => {
      state.resumeTimer = null;
      if (ws.readyState !== ws.OPEN) return;
      while (state.backlog.length > 0 && !state.resumeTimer && ws.readyState === ws.OPEN) {
        // Others from the same address may have spent its budget meanwhile.
        const before = state.budget.verdict(performance.now());
        if (before.kind === 'throttle') {
          state.resumeTimer = null;
          this.wait(ws, room, state, connLog, before.resumeInMs);
          return;
        }
        const next = state.backlog.shift()!;
        state.backlogBytes -= next.byteLength;
        this.handle(ws, room, state, connLog, next);
      }
      if (!state.resumeTimer && ws.readyState === ws.OPEN) ws.resume();
    };
    state.resumeTimer = ms > 0 ? setTimeout(resume, ms) : setImmediate(resume);
  }

  private enqueue(ws: WebSocket, state: SocketState, connLog: Logger, bytes: Uint8Array): void {
    // The frame may be a view into ws's read buffer; a waiting copy must not pin it.
    state.backlog.push(bytes.slice());
    state.backlogBytes += bytes.byteLength;
    if (state.backlog.length > MAX_BACKLOG_MESSAGES || state.backlogBytes > this.edge.limits.maxDocBytes) {
      connLog.warn(
        { waiting: state.backlog.length, bytes: state.backlogBytes },
        'closing sync connection: over budget with a full backlog',
      );
      closeThrottled(ws, state);
    }
  }

  /** Closes every sync connection with "going away" so clients reconnect elsewhere or later. */
  close(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const server of [this.readers, this.writers]) {
      for (const ws of server.clients) {
        const state = this.sockets.get(ws);
        if (state) stopTimer(state);
        ws.close(CLOSE_CODES.goingAway, 'server shutting down');
        // A throttled socket is paused; it must read the client's close reply to finish.
        if (ws.isPaused) ws.resume();
      }
      server.close();
    }
  }
}
