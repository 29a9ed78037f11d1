import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * One unfragmented binary WebSocket frame as a server sends it (unmasked: RFC 6455 §5.1), its
 * header and payload in one Buffer, built once for every connection a broadcast reaches.
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerBytes = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x82; // FIN, opcode 2 (binary)
  if (length < 126) frame[1] = length;
  else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, headerBytes);
  return frame;
}

interface WsInternals {
  _socket?: Socket | null;
  _sender?: { _state?: number; _queue?: unknown[] };
}

/**
 * Writes a frame built by binaryFrame straight to the connection's socket, as ws's own sender
 * would (ws 8 writes a frame as header + payload, corked): returns false, having written
 * nothing, whenever ws could hold something of its own to send first (its sender busy
 * compressing or reading a Blob, which this server never asks of it) or is not the ws this was
 * written for; the caller then sends through ws.
 */
export function writeFrame(ws: WebSocket, frame: Buffer): boolean {
  const internals = ws as unknown as WsInternals;
  const socket = internals._socket;
  const sender = internals._sender;
  if (!socket || typeof socket.write !== 'function' || !sender || sender._state !== 0 || sender._queue?.length) return false;
  socket.write(frame);
  return true;
}
