import type { Duplex } from 'node:stream';
import type { Logger } from '../log';

const SWITCHING_PROTOCOLS = 'HTTP/1.1 101 ';

/**
 * Keeps an eye on every socket handed to an `upgrade` listener. After `upgrade`, Node applies no
 * timeout and no longer owns the socket, so a socket that no handler answers, or that a handler
 * answers slowly, or that was refused with `end()` while the client keeps its side open (the
 * HTTP server allows half-open sockets), holds a file descriptor for ever. The guard destroys
 * such a socket when its write side finishes before it became a WebSocket, and in any case
 * when it has not become one within `timeoutMs`. It also remembers every upgraded socket until
 * it closes, so shutdown can destroy the ones whose peers never answer a close frame.
 */
export class UpgradeGuard {
  private readonly sockets = new Set<Duplex>();
  private readonly pending = new Set<Duplex>();
  private shuttingDown = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  /** Upgrade sockets that have not switched protocols yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Every upgrade socket not yet closed, open WebSockets included. */
  get openCount(): number {
    return this.sockets.size;
  }

  watch(socket: Duplex, path: string): void {
    // Without a listener, an ECONNRESET on a socket no handler took would crash the process.
    socket.on('error', (err) => this.log.debug({ err, path }, 'upgrade socket error'));
    if (this.shuttingDown) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    this.pending.add(socket);
    let switched = false;
    const timer = setTimeout(() => {
      if (switched) return;
      this.log.info({ path, timeoutMs: this.timeoutMs }, 'upgrade not completed in time; socket destroyed');
      socket.destroy();
    }, this.timeoutMs);
    // A refusal ends the write side; do not wait for a client that may never end its own.
    const onFinish = () => {
      if (!switched) socket.destroy();
    };
    socket.once('finish', onFinish);
    // Both `ws` servers (ours and engine.io's) and Next's HMR write the 101 status line as their
    // first write on the socket; that is the one moment the socket becomes a WebSocket.
    const write = socket.write;
    const pending = this.pending;
    socket.write = function (this: Duplex, chunk: unknown, ...rest: unknown[]): boolean {
      socket.write = write;
      if (isSwitchingProtocols(chunk)) {
        switched = true;
        clearTimeout(timer);
        socket.off('finish', onFinish);
        pending.delete(socket);
      }
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Duplex['write'];
    socket.once('close', () => {
      clearTimeout(timer);
      this.pending.delete(socket);
      this.sockets.delete(socket);
    });
  }

  /** From now on, every new upgrade is destroyed, and so is every one still pending. */
  beginShutdown(): void {
    this.shuttingDown = true;
    for (const socket of this.pending) socket.destroy();
  }

  /** Destroys every upgrade socket still open, WebSockets included (after their close frames had their chance). */
  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}

function isSwitchingProtocols(chunk: unknown): boolean {
  if (typeof chunk === 'string') return chunk.startsWith(SWITCHING_PROTOCOLS);
  if (chunk instanceof Uint8Array)
    return Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, 13)).toString('latin1') === SWITCHING_PROTOCOLS;
  return false;
}
