import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CLOSE_CODES } from '../../lib/protocol';
import { checkBoardAccess } from '../board-access';
import type { Logger } from '../log';
import type { EdgeOptions } from '../limits/edge-options';
import type { Store } from '../store/store';
import { MalformedMessageError } from './room';
import type { RoomRegistry } from './room-registry';

export const SYNC_PATH_PREFIX = '/yjs/';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with a plain HTTP error, before any WebSocket exists. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ error: reason });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The y-websocket endpoint: `/yjs/<boardId>?key=<key>`. Access is checked on the HTTP upgrade;
 * the room is loaded completely before the socket is accepted, so the first sync message is
 * always answered from the whole document.
 */
export class SyncEndpoint {
  private readonly wss: WebSocketServer;
  private closing = false;

  constructor(
    private readonly store: Store,
    private readonly rooms: RoomRegistry,
    maxMessageBytes: number,
    private readonly log: Logger,
    private readonly edge: EdgeOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false });
  }

  get connectionCount(): number {
    return this.wss.clients.size;
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', (err) => this.log.debug({ err }, 'upgrade socket error'));
    if (this.closing) return refuseUpgrade(socket, 503, 'shutting down');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const boardId = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length));
    const access = await checkBoardAccess(this.store, boardId, url.searchParams.get('key'));
    if (!access.ok) {
      this.log.info({ boardId, status: access.status, reason: access.reason }, 'sync upgrade refused');
      return refuseUpgrade(socket, access.status, access.reason);
    }
    let room;
    try {
      room = await this.rooms.acquire(boardId);
    } catch (err) {
      this.log.error({ err, boardId }, 'loading board failed');
      this.rooms.release(boardId);
      return refuseUpgrade(socket, 500, 'could not load board');
    }
    if (socket.destroyed) {
      this.rooms.release(boardId);
      return;
    }
    // ws destroys a socket that died during the handshake without calling back; release the
    // room then, or it would never unload.
    let accepted = false;
    socket.once('close', () => {
      if (!accepted) this.rooms.release(boardId);
    });
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      accepted = true;
      const connLog = this.log.child({ boardId, role: access.role });
      room.addConnection(ws, access.role);
      ws.on('message', (data: RawData) => {
        try {
          room.handleMessage(ws, toBytes(data));
        } catch (err) {
          if (err instanceof MalformedMessageError) {
            connLog.warn({ reason: err.message }, 'closing sync connection: malformed message');
            ws.close(CLOSE_CODES.malformedMessage, 'malformed message');
          } else {
            connLog.error({ err }, 'closing sync connection: error handling message');
            ws.close(CLOSE_CODES.internalError, 'internal error');
          }
        }
      });
      // ws reports protocol violations (oversized frame → 1009, bad opcode → 1002) here and then
      // closes the socket itself; without this listener the process would crash.
      ws.on('error', (err: Error & { code?: string }) => {
        connLog.warn({ code: err.code, reason: err.message }, 'closing sync connection: protocol error');
      });
      ws.on('close', () => {
        room.removeConnection(ws);
        this.rooms.release(boardId);
      });
    });
  }

  /** Closes every sync connection with "going away" so clients reconnect elsewhere or later. */
  close(): void {
    this.closing = true;
    for (const ws of this.wss.clients) ws.close(CLOSE_CODES.goingAway, 'server shutting down');
    this.wss.close();
  }
}
