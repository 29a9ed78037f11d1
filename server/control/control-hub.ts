import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ZodType } from 'zod';
import {
  ERROR_CODES,
  CONNECT_RATE_REFUSAL,
  CROSS_ORIGIN_REFUSAL,
  HANDSHAKE_ERRORS,
  PROTOCOL_VERSION,
  clientEventSchemas,
  handshakeAuthSchema,
  type ClientEventName,
  type ClientEventPayload,
  type ClientToServerEvents,
  type ErrorCode,
  type HandshakeError,
  type ServerToClientEvents,
} from '../../lib/protocol';
import { assertNever } from '../../lib/session/assert-never';
import type { PresentMember } from '../../lib/poker/redact';
import { type Participant, type Role, defaultName } from '../../lib/session/roles';
import { checkBoardAccess, effectiveRole } from '../board-access';
import { hashKey, keysDeriveFrom } from '../keys';
import type { Logger } from '../log';
import { clientAddress } from '../limits/client-address';
import type { ConnectionRefusal } from '../limits/connection-limiter';
import { openedByAnotherOrigin } from '../limits/cross-origin';
import type { EdgeOptions } from '../limits/edge-options';
import { ControlError, toControlError } from './control-error';
import { EventBudget } from './event-budget';
import { BoardRosters, boardChannel, type RemoteRoster } from './roster';
import type { Store } from '../store/store';
import type { RoomRegistry } from '../sync/room-registry';

export interface SocketData {
  boardId: string;
  title: string;
  role: Role;
  name: string;
  color: string;
  derivedKeys: boolean;
  /** The poker voter token the handshake carried (spectators' is dropped: they never vote). */
  voterToken: string | null;
}

export type ControlServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ControlSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What a handler knows about the event it handles. */
export interface EventContext {
  socket: ControlSocket;
  boardId: string;
  role: Role;
  clientId: string;
  name: string;
}

export function requireRole(ctx: EventContext, ...roles: Role[]): void {
  if (!roles.includes(ctx.role)) {
    throw new ControlError(ERROR_CODES.forbidden, `only a ${roles.join(' or ')} can do this`);
  }
}

/** The parts of an engine.io packet and connection the budgets read (engine.io 6). */
interface EnginePacket {
  type: string;
  data?: unknown;
}
interface PollResponse {
  once(event: 'finish' | 'close', listener: () => void): void;
  destroy(): void;
}
interface EngineConnection {
  on(event: 'packetCreate', listener: (packet: EnginePacket) => void): void;
  on(event: 'flush', listener: (packets: EnginePacket[]) => void): void;
  close(discard: boolean): void;
  /**
   * The WebSocket transport's `socket` is a ws WebSocket; long-polling's `res` is the poll
   * request's response while one is pending.
   */
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void }; res?: PollResponse | null };
}

function packetBytes(packet: EnginePacket): number {
  const data = packet.data;
  return typeof data === 'string' ? data.length : Buffer.isBuffer(data) ? data.byteLength : 0;
}

type Handler<E extends ClientEventName> = (ctx: EventContext, payload: ClientEventPayload<E>) => unknown;
type AnyHandler = (ctx: EventContext, payload: unknown) => unknown;

const PALETTE = ['#e11d48', '#2563eb', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

/**
 * Raw engine.io connections (before any socket.io handshake) one address may hold beyond its
 * connection cap. The named refusal comes from the handshake (the client can show it); this
 * outer cap only stops connections that never handshake from piling up until connectTimeout.
 */
const ENGINE_CONNECTION_SLACK = 16;

/**
 * Events one socket may have dispatched and not yet answered. Every event is handled at once,
 * and one that changes a board's state waits in the board's queue (in a cluster, for a store
 * transaction under the board's lock): without a cap, one socket's burst (the event budget lets
 * 400 through at once) put hundreds of changes in front of everyone else's. A client waits for
 * its answers; the app never has more than a few out.
 */
const MAX_EVENTS_IN_FLIGHT = 32;

const REFUSAL_ERRORS: Record<ConnectionRefusal, HandshakeError> = {
  too_many_connections_from_address: HANDSHAKE_ERRORS.tooManyFromAddress,
  too_many_connections_for_key: HANDSHAKE_ERRORS.tooManyForKey,
};

/**
 * The control plane: socket.io at /socket.io. Authenticates the handshake with the board key,
 * caps connections per address and per key, keeps the roster of who is here, and dispatches
 * validated client events to the handlers that features register with `on`. Every event is
 * charged to its connection's budget and checked against its zod schema first.
 */
export class ControlHub {
  readonly io: ControlServer;
  private readonly handlers = new Map<string, AnyHandler>();
  private readonly rosters: BoardRosters;
  private readonly joinListeners: Array<(ctx: EventContext) => void | Promise<void>> = [];
  private readonly leaveListeners: Array<(ctx: EventContext) => void> = [];
  private readonly remoteVoterListeners: Array<(boardId: string) => void> = [];
  private readonly remoteCompleteListeners: Array<() => void> = [];
  /** Each socket's event budget, made as it connects. */
  private readonly budgets = new WeakMap<ControlSocket, EventBudget>();
  /** Events of each socket dispatched and not answered yet (see MAX_EVENTS_IN_FLIGHT). */
  private readonly inFlight = new WeakMap<ControlSocket, number>();
  /** When each socket was last sent a `rate_limited` server:error. */
  private readonly rateLimitNotices = new WeakMap<ControlSocket, number>();
  /** Open engine.io connections per address (see ENGINE_CONNECTION_SLACK). */
  private readonly engineConnections = new Map<string, number>();
  /** Each engine connection's namespace handshake: under way, refused, or joined (see authenticate). */
  private readonly handshakes = new WeakMap<object, 'pending' | 'refused' | 'joined'>();
  private readonly eventBudgetLimits: ConstructorParameters<typeof EventBudget>[0];
  /** Cluster mode: other nodes serve this board's other sockets (see toBoard). */
  private clustered = false;

  constructor(
    httpServer: HttpServer,
    private readonly store: Store,
    readonly rooms: RoomRegistry,
    maxMessageBytes: number,
    private readonly log: Logger,
    private readonly edge: EdgeOptions,
  ) {
    const limits = edge.limits;
    this.io = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      // Other upgrade paths (/yjs, Next's HMR) are answered by other listeners, some slowly.
      destroyUpgrade: false,
      maxHttpBufferSize: maxMessageBytes,
      connectionStateRecovery: undefined,
      // An engine connection that never completes the socket.io handshake is closed this soon.
      connectTimeout: Math.min(45_000, limits.upgradeTimeoutMs),
      allowRequest: (req, callback) => {
        // Before an engine connection exists: a page elsewhere takes no slot of its address and
        // gets to no handshake, so it is neither charged nor looked up (openedByAnotherOrigin).
        if (openedByAnotherOrigin(req)) return callback(CROSS_ORIGIN_REFUSAL, false);
        const open = this.engineConnections.get(this.addressOf(req)) ?? 0;
        const allowed = open < limits.maxConnectionsPerIp + ENGINE_CONNECTION_SLACK;
        callback(allowed ? null : HANDSHAKE_ERRORS.tooManyFromAddress, allowed);
      },
    });
    this.io.engine.on('connection', (conn: EngineConnection & { request: IncomingMessage; once(event: 'close', fn: () => void): void }) => {
      const address = this.addressOf(conn.request);
      this.watchOutput(conn, address);
      this.engineConnections.set(address, (this.engineConnections.get(address) ?? 0) + 1);
      conn.once('close', () => {
        const left = (this.engineConnections.get(address) ?? 1) - 1;
        if (left <= 0) this.engineConnections.delete(address);
        else this.engineConnections.set(address, left);
      });
    });
    this.eventBudgetLimits = {
      messagesPerSecond: limits.messagesPerSecond,
      messageBurst: limits.messageBurst,
      bytesPerSecond: limits.bytesPerSecond,
      // One largest message always fits in a full bucket.
      byteBurst: Math.max(limits.bytesPerSecond, maxMessageBytes),
    };
    this.rosters = new BoardRosters(this.io);
    this.io.use((socket, next) => void this.authenticate(socket as ControlSocket, next));
    this.io.on('connection', (socket) => void this.onConnection(socket as ControlSocket));
  }

  private addressOf(req: IncomingMessage): string {
    return clientAddress(req, this.edge.trustProxy);
  }

  /** Registers the handler of one client event. One handler per event name. */
  on<E extends ClientEventName>(event: E, handler: Handler<E>): void {
    if (this.handlers.has(event)) throw new Error(`handler for ${event} registered twice`);
    this.handlers.set(event, handler as AnyHandler);
  }

  onJoin(listener: (ctx: EventContext) => void | Promise<void>): void {
    this.joinListeners.push(listener);
  }

  onLeave(listener: (ctx: EventContext) => void): void {
    this.leaveListeners.push(listener);
  }

  /** Everyone connected to a board's control plane now, spectators included. */
  roster(boardId: string): Participant[] {
    return this.rosters.everyone(boardId);
  }

  /** Whether any socket on this node is on the board's control plane (people on other nodes do not count). */
  hasLocal(boardId: string): boolean {
    return this.rosters.hasLocal(boardId);
  }

  /** Cluster mode: people on other nodes join this node's rosters (server/cluster/cluster-roster.ts). */
  useRemoteRoster(remote: RemoteRoster): void {
    this.rosters.remote = remote;
    this.clustered = true;
  }

  /** Cluster mode: poker voters connected to other nodes (present for the rounds of this one). */
  remoteVoters(boardId: string): PresentMember[] {
    return this.rosters.remote?.voters(boardId) ?? [];
  }

  /** Whether the voters on other nodes are all known here (always on one node; see ClusterRoster.complete). */
  remoteRosterComplete(): boolean {
    return this.rosters.remote?.complete() ?? true;
  }

  /** Cluster mode: a listener for the moment every other node's people are known (remoteRosterComplete turns true). */
  onRemoteRosterComplete(listener: () => void): void {
    this.remoteCompleteListeners.push(listener);
  }

  /** Cluster mode: the other nodes' people are all known now (ClusterRoster). */
  remoteRosterCompleted(): void {
    for (const listener of this.remoteCompleteListeners) listener();
  }

  /** Cluster mode: a listener for changes of a board's voters on other nodes (poker views list them). */
  onRemoteVoters(listener: (boardId: string) => void): void {
    this.remoteVoterListeners.push(listener);
  }

  /** Cluster mode: the board's voters on other nodes changed (ClusterRoster). */
  remoteVotersChanged(boardId: string): void {
    for (const listener of this.remoteVoterListeners) listener(boardId);
  }

  /** Cluster mode: a person on another node is gone with their node; this node's sockets are told. */
  remoteGone(boardId: string, participant: Participant): void {
    this.rosters.remoteGone(boardId, participant);
  }

  /** Cluster mode: a person on another node this node's sockets may not have heard of (after a Redis gap). */
  remoteCame(boardId: string, participant: Participant): void {
    this.rosters.remoteCame(boardId, participant);
  }

  /**
   * The board's sockets on this node. Server-held state is sent by every node to its own
   * sockets (each node hears of every change, see BoardStateService.remoteChanged), so in a
   * cluster this must not reach the other nodes' sockets too.
   */
  toBoard(boardId: string) {
    return (this.clustered ? this.io.local : this.io).to(boardChannel(boardId));
  }

  /** The board's sockets on every node: for news no node keeps (the facilitator's focus, a one-off event). */
  toBoardEverywhere(boardId: string) {
    return this.io.to(boardChannel(boardId));
  }

  /**
   * One namespace handshake at a time per engine connection, and none after a refused one: a
   * client may send CONNECT packets back to back over one connection (socket.io runs them at
   * once, each a key lookup, before any socket and so any budget exists). A refused handshake
   * closes its engine connection, as socket.io's own client does after a refusal; one after a
   * join and a leave is allowed, and charged like any new connection (`tryConnect`).
   */
  private async authenticate(socket: ControlSocket, next: (err?: Error) => void): Promise<void> {
    const conn = socket.conn;
    const refuse = (err: Error) => {
      this.handshakes.set(conn, 'refused');
      next(err);
      // After the refusal has been written: engine.io sends what is queued before it closes.
      setImmediate(() => conn.close());
    };
    const state = this.handshakes.get(conn);
    if (state === 'pending' || state === 'refused') return refuse(new Error(HANDSHAKE_ERRORS.badRequest));
    this.handshakes.set(conn, 'pending');
    return this.checkHandshake(socket, (err?: Error) => {
      if (err) return refuse(err);
      this.handshakes.set(conn, 'joined');
      next();
    });
  }

  private async checkHandshake(socket: ControlSocket, next: (err?: Error) => void): Promise<void> {
    const parsed = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(HANDSHAKE_ERRORS.badRequest));
    const auth = parsed.data;
    if (auth.protocolVersion !== PROTOCOL_VERSION) return next(new Error(HANDSHAKE_ERRORS.protocolMismatch));
    const address = this.addressOf(socket.request);
    // Refused before the key is looked up: a flood of handshakes from one address costs no reads.
    if (this.edge.limiter.openFrom(address) >= this.edge.limits.maxConnectionsPerIp) {
      return next(new Error(HANDSHAKE_ERRORS.tooManyFromAddress));
    }
    // Every handshake is charged to the address's budget of new connections, here and not per
    // engine connection: one engine connection may carry one socket after another (a namespace
    // CONNECT, DISCONNECT, CONNECT… loop). Before the key is looked up, so that a loop of wrong
    // keys costs no reads once refused. Not one of HANDSHAKE_ERRORS: the app's client tries again
    // later (board-connection.ts).
    if (!this.edge.limiter.tryConnect(address)) return next(new Error(CONNECT_RATE_REFUSAL));
    try {
      const access = await checkBoardAccess(this.store, auth.boardId, auth.key);
      if (!access.ok) {
        return next(new Error(access.status === 404 ? HANDSHAKE_ERRORS.unknownBoard : HANDSHAKE_ERRORS.wrongKey));
      }
      // Counted against the same caps as the board's sync sockets (one limiter, keyed by the
      // key's hash, as the sync endpoint does).
      const grant = this.edge.limiter.tryOpen(address, hashKey(auth.key));
      if (!grant.ok) {
        this.log.debug({ boardId: auth.boardId, address, reason: grant.reason }, 'socket.io connection refused');
        return next(new Error(REFUSAL_ERRORS[grant.reason]));
      }
      // Released exactly once, whichever comes first: the socket's disconnect, or the engine
      // connection closing (which also covers a client gone before the handshake finished,
      // when socket.io emits neither connection nor disconnect).
      socket.on('disconnect', grant.release);
      if (socket.conn.readyState === 'open') socket.conn.once('close', grant.release);
      else grant.release();
      const role = effectiveRole(access.role, auth.asRole);
      const index = this.rosters.size(auth.boardId) % PALETTE.length;
      socket.data = {
        boardId: auth.boardId,
        title: access.board.title,
        role,
        name: auth.name ?? defaultName(role),
        color: auth.color ?? PALETTE[index],
        derivedKeys: role === 'facilitator' && keysDeriveFrom(auth.key, access.board.keyHashes),
        voterToken: role === 'spectator' ? null : (auth.voterToken ?? null),
      };
      next();
    } catch (err) {
      this.log.error({ err }, 'socket.io handshake failed');
      next(new Error('internal'));
    }
  }

  private context(socket: ControlSocket): EventContext {
    return { socket, boardId: socket.data.boardId, role: socket.data.role, clientId: socket.id, name: socket.data.name };
  }

  private async onConnection(socket: ControlSocket): Promise<void> {
    const { boardId } = socket.data;
    this.watchBudget(socket);
    // Hold the board's room so server-side writes into the document (accepted estimates,
    // trims) always have it loaded.
    const roomReady = this.rooms.acquire(boardId).catch((err) => {
      this.log.error({ err, boardId }, 'loading board for control socket failed');
      return null;
    });
    socket.on('disconnect', () => {
      this.rosters.leave(boardId, socket.id);
      const ctx = this.context(socket);
      for (const listener of this.leaveListeners) {
        try {
          listener(ctx);
        } catch (err) {
          this.log.error({ err }, 'leave listener failed');
        }
      }
      // Release only a hold we got: a failed load left nothing to release, and releasing anyway
      // would take a hold away from whoever loaded the board after us.
      void roomReady.then((room) => {
        if (room) this.rooms.release(boardId);
      });
    });
    socket.onAny((event: string, ...args: unknown[]) => void this.dispatch(socket, event, args));
    await roomReady;
    if (!socket.connected) return;
    void socket.join(boardChannel(boardId));
    socket.emit('session', {
      boardId,
      title: socket.data.title,
      role: socket.data.role,
      clientId: socket.id,
      protocolVersion: PROTOCOL_VERSION,
      derivedKeys: socket.data.derivedKeys,
    });
    const { name, color, role } = socket.data;
    this.rosters.join(socket, boardId, { clientId: socket.id, name, color, role }, socket.data.voterToken);
    const ctx = this.context(socket);
    for (const listener of this.joinListeners) {
      try {
        await listener(ctx);
      } catch (err) {
        this.log.error({ err }, 'join listener failed');
      }
    }
  }

  updatePresence(socket: ControlSocket, name: string, color: string): void {
    socket.data.name = name;
    socket.data.color = color;
    this.rosters.update(socket.data.boardId, socket.id, name, color);
  }

  /** Charges every inbound packet's bytes as it arrives, before socket.io decodes it. */
  private watchBudget(socket: ControlSocket): void {
    const budget = new EventBudget(this.eventBudgetLimits, Date.now());
    this.budgets.set(socket, budget);
    const charge = (packet: EnginePacket) => {
      if (packet.type !== 'message') return;
      if (budget.chargeBytes(packetBytes(packet), Date.now()) === 'disconnect') this.cutOff(socket, 'bytes');
    };
    socket.conn.on('packet', charge);
    // One engine connection may carry one socket after another (a namespace disconnect, then a
    // connect): each socket's listener goes with it.
    socket.once('disconnect', () => socket.conn.off('packet', charge));
  }

  /**
   * A client that asks (a poker view, a meeting view: any key may) and never reads made every
   * reply wait in this process for ever: engine.io queues what a busy transport cannot take, with
   * no limit, and pongs sent unasked keep the connection alive. So what waits for each engine
   * connection is counted as it is queued: engine.io's write buffer; then, over WebSocket, the
   * socket's `bufferedAmount`; over long-polling, each poll response until it is handed to the
   * kernel (a client that never reads its polls, pipelined on one connection or each on its own,
   * left them in this process's memory). A connection with more than maxControlBufferedBytes
   * waiting before its next packet is dropped, its queue and unsent poll responses discarded.
   * One large packet on an empty queue (a long meeting's summary) always goes out. Watched once
   * per engine connection, whatever sockets it carries.
   */
  private watchOutput(conn: EngineConnection, address: string): void {
    let queued = 0;
    let dropping = false;
    const unsent = new Set<PollResponse>();
    conn.on('packetCreate', (packet: EnginePacket) => {
      if (dropping) return;
      const waiting = queued + (conn.transport?.socket?.bufferedAmount ?? 0);
      queued += packetBytes(packet);
      if (waiting <= this.edge.limits.maxControlBufferedBytes) return;
      dropping = true;
      // Not from inside engine.io's send, which goes on with this packet once the listener returns.
      setImmediate(() => {
        this.log.warn({ address, waiting }, 'socket.io client too slow: disconnected');
        // Discarding: a plain close waits for the queue to drain, which it never will.
        conn.close(true);
        conn.transport?.socket?.terminate?.();
        for (const res of unsent) res.destroy();
      });
    });
    conn.on('flush', (flushed: EnginePacket[]) => {
      let bytes = 0;
      for (const packet of flushed) bytes += packetBytes(packet);
      // A poll's response is the one pending when the buffer is flushed into it.
      const res = conn.transport?.name === 'polling' ? conn.transport.res : null;
      if (!res) {
        // Over WebSocket, counted by its bufferedAmount from now on.
        queued -= bytes;
        return;
      }
      unsent.add(res);
      const sent = () => {
        if (unsent.delete(res)) queued -= bytes;
      };
      res.once('finish', sent);
      res.once('close', sent);
    });
  }

  private cutOff(socket: ControlSocket, budget: 'bytes' | 'events'): void {
    if (!socket.connected) return;
    this.log.warn({ boardId: socket.data.boardId, clientId: socket.id, budget }, 'socket.io client over its budget: disconnected');
    socket.emit('server:error', {
      code: ERROR_CODES.rateLimited,
      message: `too many ${budget === 'bytes' ? 'bytes' : 'events'} per second; disconnected`,
    });
    socket.disconnect(true);
  }

  private async dispatch(socket: ControlSocket, event: string, args: unknown[]): Promise<void> {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (res: unknown) => void) : null;
    const fail = (code: ErrorCode, message: string) => {
      socket.emit('server:error', { code, message, event });
      ack?.({ ok: false, error: { code, message } });
    };
    const refuse = (message: string) => {
      ack?.({ ok: false, error: { code: ERROR_CODES.rateLimited, message } });
      // One server:error per second is enough to tell the client why; one per refused event
      // would answer a flood with a flood.
      const now = Date.now();
      if (now - (this.rateLimitNotices.get(socket) ?? 0) >= 1000) {
        this.rateLimitNotices.set(socket, now);
        socket.emit('server:error', { code: ERROR_CODES.rateLimited, message, event });
      }
    };
    const verdict = this.budgets.get(socket)?.chargeEvent(Date.now()) ?? 'ok';
    switch (verdict) {
      case 'ok':
        break;
      case 'refuse':
        return refuse('too many events per second; this one was not handled');
      case 'disconnect':
        ack?.({ ok: false, error: { code: ERROR_CODES.rateLimited, message: 'too many events per second; disconnected' } });
        return this.cutOff(socket, 'events');
      default:
        assertNever(verdict, 'budget verdict');
    }
    const schema = (clientEventSchemas as Record<string, ZodType>)[event];
    const handler = this.handlers.get(event);
    if (!schema || !handler) return fail(ERROR_CODES.unknownEvent, `unknown event "${event}"`);
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(
        ERROR_CODES.invalidPayload,
        `invalid payload for "${event}": ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim(),
      );
    }
    const waiting = this.inFlight.get(socket) ?? 0;
    if (waiting >= MAX_EVENTS_IN_FLIGHT) return refuse('too many events waiting for an answer; this one was not handled');
    this.inFlight.set(socket, waiting + 1);
    try {
      const result = await handler(this.context(socket), parsed.data);
      ack?.({ ok: true, ...(result && typeof result === 'object' ? { result } : {}) });
    } catch (err) {
      // A refusal (a ControlError, or a domain error with its control code) goes back to the
      // sender; anything else is our bug.
      const refusal = toControlError(err);
      if (refusal) return fail(refusal.code, refusal.message);
      this.log.error({ err, event, boardId: socket.data.boardId }, 'control event handler failed');
      fail(ERROR_CODES.internal, 'the server could not handle this event');
    } finally {
      this.inFlight.set(socket, (this.inFlight.get(socket) ?? 1) - 1);
    }
  }

  async close(): Promise<void> {
    this.rosters.close();
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
