import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../lib/protocol';

/** A raw socket.io client, as a browser (or an attacker's script) would open it. */
export function connectControl(baseUrl: string, boardId: string, key: string, extra: Record<string, unknown> = {}): Socket {
  return io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { boardId, key, protocolVersion: PROTOCOL_VERSION, ...extra },
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

export function emitWithAck<T = { ok: boolean; error?: { code: string; message: string } }>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
}
