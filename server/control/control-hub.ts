import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ZodType } from 'zod';
import {
  ERROR_CODES,
  HANDSHAKE_ERRORS,
  PROTOCOL_VERSION,
  clientEventSchemas,
  handshakeAuthSchema,
  type ClientEventName,
  type ClientEventPayload,
  type ClientToServerEvents,
  type ErrorCode,
  type Participant,
  type Role,
  type ServerToClientEvents,
} from '../../lib/protocol';
import { checkBoardAccess } from '../board-access';
import type { Logger } from '../log';
import type { EdgeOptions } from '../limits/edge-options';
import type { Store } from '../store/store';
import type { RoomRegistry } from '../sync/room-registry';

export interface SocketData {
  boardId: string;
  title: string;
  role: Role;
  name: string;
  color: string;
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

/** A refusal a handler throws; it reaches the sender as a `server:error` event, not a crash. */
export class ControlError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function requireRole(ctx: EventContext, ...roles: Role[]): void {
  if (!roles.includes(ctx.role)) {
    throw new ControlError(ERROR_CODES.forbidden, `only a ${roles.join(' or ')} can do this`);
  }
}

type Handler<E extends ClientEventName> = (ctx: EventContext, payload: ClientEventPayload<E>) => unknown;
type AnyHandler = (ctx: EventContext, payload: unknown) => unknown;

export function boardChannel(boardId: string): string {
  return `board:${boardId}`;
}

const PALETTE = ['#e11d48', '#2563eb', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

/**
 * The control plane: socket.io at /socket.io. Authenticates the handshake with the board key,
 * keeps the roster of who is here, and dispatches validated client events to the handlers that
 * features register with `on`. Every event is checked against its zod schema first.
 */
export class ControlHub {
  readonly io: ControlServer;
  private readonly handlers = new Map<string, AnyHandler>();
  private readonly rosters = new Map<string, Map<string, Participant>>();
  private readonly joinListeners: Array<(ctx: EventContext) => void | Promise<void>> = [];
  private readonly leaveListeners: Array<(ctx: EventContext) => void> = [];

  constructor(
    httpServer: HttpServer,
    private readonly store: Store,
    readonly rooms: RoomRegistry,
    maxMessageBytes: number,
    private readonly log: Logger,
    private readonly edge: EdgeOptions,
  ) {
    this.io = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      // Other upgrade paths (/yjs, Next's HMR) are answered by other listeners, some slowly.
      destroyUpgrade: false,
      maxHttpBufferSize: maxMessageBytes,
      connectionStateRecovery: undefined,
    });
    this.io.use((socket, next) => void this.authenticate(socket as ControlSocket, next));
    this.io.on('connection', (socket) => void this.onConnection(socket as ControlSocket));
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

  /** Everyone connected to a board's control plane now. */
  roster(boardId: string): Participant[] {
    return Array.from(this.rosters.get(boardId)?.values() ?? []);
  }

  toBoard(boardId: string) {
    return this.io.to(boardChannel(boardId));
  }

  private async authenticate(socket: ControlSocket, next: (err?: Error) => void): Promise<void> {
    const parsed = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(HANDSHAKE_ERRORS.badRequest));
    const auth = parsed.data;
    if (auth.protocolVersion !== PROTOCOL_VERSION) return next(new Error(HANDSHAKE_ERRORS.protocolMismatch));
    try {
      const access = await checkBoardAccess(this.store, auth.boardId, auth.key);
      if (!access.ok) {
        return next(new Error(access.status === 404 ? HANDSHAKE_ERRORS.unknownBoard : HANDSHAKE_ERRORS.wrongKey));
      }
      const index = this.roster(auth.boardId).length % PALETTE.length;
      socket.data = {
        boardId: auth.boardId,
        title: access.board.title,
        role: access.role,
        name: auth.name ?? (access.role === 'spectator' ? 'Projector' : 'Guest'),
        color: auth.color ?? PALETTE[index],
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
    // Hold the board's room so server-side writes into the document (accepted estimates,
    // trims) always have it loaded.
    const roomReady = this.rooms.acquire(boardId).catch((err) => {
      this.log.error({ err, boardId }, 'loading board for control socket failed');
      return null;
    });
    socket.on('disconnect', () => {
      const roster = this.rosters.get(boardId);
      roster?.delete(socket.id);
      if (roster && roster.size === 0) this.rosters.delete(boardId);
      this.emitRoster(boardId);
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
    const roster = this.rosters.get(boardId) ?? new Map<string, Participant>();
    this.rosters.set(boardId, roster);
    roster.set(socket.id, { clientId: socket.id, name: socket.data.name, color: socket.data.color, role: socket.data.role });
    socket.emit('session', {
      boardId,
      title: socket.data.title,
      role: socket.data.role,
      clientId: socket.id,
      protocolVersion: PROTOCOL_VERSION,
    });
    this.emitRoster(boardId);
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
    const entry = this.rosters.get(socket.data.boardId)?.get(socket.id);
    if (entry) {
      entry.name = name;
      entry.color = color;
    }
    this.emitRoster(socket.data.boardId);
  }

  private emitRoster(boardId: string): void {
    this.toBoard(boardId).emit('roster', this.roster(boardId));
  }

  private async dispatch(socket: ControlSocket, event: string, args: unknown[]): Promise<void> {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (res: unknown) => void) : null;
    const fail = (code: ErrorCode, message: string) => {
      socket.emit('server:error', { code, message, event });
      ack?.({ ok: false, error: { code, message } });
    };
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
    try {
      const result = await handler(this.context(socket), parsed.data);
      ack?.({ ok: true, ...(result && typeof result === 'object' ? { result } : {}) });
    } catch (err) {
      if (err instanceof ControlError) return fail(err.code, err.message);
      this.log.error({ err, event, boardId: socket.data.boardId }, 'control event handler failed');
      fail(ERROR_CODES.internal, 'the server could not handle this event');
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
