import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../lib/protocol';
import { trackPokerView } from './poker-view';

/**
 * A raw socket.io client, as a browser (or an attacker's script) would open it. `extra` goes into
 * the handshake `auth`; `localAddress` (127.0.0.2, …) makes it another client to the server;
 * `transports` (default WebSocket only) names others, long-polling say.
 */
export function connectControl(
  baseUrl: string,
  boardId: string,
  key: string,
  extra: Record<string, unknown> = {},
  options: { localAddress?: string; transports?: Array<'websocket' | 'polling'>; extraHeaders?: Record<string, string> } = {},
): Socket {
  return io(baseUrl, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { boardId, key, protocolVersion: PROTOCOL_VERSION, ...extra },
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
  });
}

export function nextEvent<T = unknown>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Resolves with the first `event` payload that satisfies `predicate`. */
export function eventMatching<T = unknown>(
  socket: Socket,
  event: string,
  predicate: (payload: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, listener);
  });
}

export interface Ack {
  ok: boolean;
  error?: { code: string; message: string };
  result?: unknown;
}

export function emitWithAck<T = Ack>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
}

/** A raw socket.io client that records what it receives, for the poker and abuse tests. */
export interface RecordingClient {
  socket: Socket;
  events: Array<{ event: string; args: unknown[] }>;
  errors: Array<{ code: string; message: string; event?: string }>;
  view: () => import('../../lib/poker/redact').PokerView | null;
  send: (event: string, payload: unknown) => Promise<Ack>;
  close: () => void;
}

/**
 * Connects, waits for the session, and (with `voterToken`) joins poker with it. Options go into
 * the handshake `auth` (name, asRole…); `socketOptions` into the socket.io client (localAddress…).
 */
export async function connectRecording(
  baseUrl: string,
  boardId: string,
  key: string,
  options: { name?: string; voterToken?: string; auth?: Record<string, unknown>; localAddress?: string } = {},
): Promise<RecordingClient> {
  const socket = connectControl(
    baseUrl,
    boardId,
    key,
    { ...(options.name ? { name: options.name } : {}), ...options.auth },
    { localAddress: options.localAddress },
  );
  const events: RecordingClient['events'] = [];
  const errors: RecordingClient['errors'] = [];
  const poker = trackPokerView(socket);
  socket.onAny((event: string, ...args: unknown[]) => {
    events.push({ event, args });
    if (event === 'server:error') errors.push(args[0] as RecordingClient['errors'][number]);
  });
  const session = nextEvent(socket, 'session');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await session;
  const send = (event: string, payload: unknown) => emitWithAck(socket, event, payload);
  if (options.voterToken) {
    const joined = await send('poker:join', { voterToken: options.voterToken });
    if (!joined.ok) throw new Error(`poker:join refused: ${JSON.stringify(joined)}`);
  }
  return { socket, events, errors, view: poker.view, send, close: () => void socket.disconnect() };
}

/** Resolves with the handshake refusal's reason (`connect_error` message), or 'connected'. */
export function handshakeOutcome(socket: Socket, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no handshake outcome within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve('connected');
    });
    socket.once('connect_error', (err: Error) => {
      clearTimeout(timer);
      resolve(err.message);
    });
  });
}
