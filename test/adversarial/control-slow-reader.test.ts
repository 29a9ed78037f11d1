/**
 * A control socket that asks and never reads (review of the control plane, finding 1): every
 * reply it asks for (a poker view, a meeting view) used to wait in the server's memory for ever.
 * engine.io queues what a busy transport cannot take without a limit, and an attacker keeps the
 * connection alive by sending pongs of its own. Now a socket whose unsent output passes
 * MAX_CONTROL_BUFFERED_BYTES is dropped, and the others on the board carry on.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket as NetSocket } from 'node:net';
import type { Socket } from 'socket.io-client';
import { connectControl, emitWithAck, nextEvent } from '../helpers/control-client';
import { createBoard, startServerProcess, type ServerProcess } from '../helpers/server-process';

/** Small, so that a test fills it quickly once the kernel's socket buffers (a few MB) are full. */
const CAP = 64 * 1024;

async function controlConnections(url: string): Promise<number> {
  const res = await fetch(`${url}/healthz`);
  return ((await res.json()) as { controlConnections: number }).controlConnections;
}

/** The client's TCP socket under socket.io-client's WebSocket transport (ws in Node). */
function tcpSocketOf(socket: Socket): NetSocket {
  const transport = (socket.io.engine as unknown as { transport: { ws: { _socket: NetSocket } } }).transport;
  return transport.ws._socket;
}

describe('adversarial: a control socket that never reads', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({
      // The inbound budget is not what this test is about: it lets the requests through at once.
      env: { MAX_CONTROL_BUFFERED_BYTES: String(CAP), MESSAGES_PER_SECOND: '1000000', MESSAGE_BURST: '1000000' },
    });
  });
  after(() => server.stop());

  it('is dropped once its unsent replies pass the cap; a reading client on the same board is still answered', async () => {
    const board = await createBoard(server.url);
    const reader = connectControl(server.url, board.id, board.keys.participant, { name: 'Reader' });
    const attacker = connectControl(server.url, board.id, board.keys.spectator, { name: 'Never reads' });
    try {
      await Promise.all([nextEvent(reader, 'session'), nextEvent(attacker, 'session')]);
      assert.equal(await controlConnections(server.url), 2);
      const gone = new Promise<string>((resolve) => attacker.on('disconnect', (reason) => resolve(reason)));
      // Stops reading: what the server sends now piles up in the kernel, then in the server.
      tcpSocketOf(attacker).pause();
      // ~250 bytes of view per request, 30,000 requests: ~7.5 MB of replies, beyond what the
      // kernel's buffers on both ends take. A few at a time, as a socket may have only so many
      // events waiting for an answer (control-in-flight.test.ts).
      for (let i = 0; i < 30_000; i++) {
        attacker.emit('poker:get', {});
        if (i % 16 === 15) await new Promise((r) => setTimeout(r, 1));
      }
      const deadline = Date.now() + 15_000;
      let open = 2;
      while (Date.now() < deadline && (open = await controlConnections(server.url)) > 1) await new Promise((r) => setTimeout(r, 200));
      assert.equal(open, 1, 'the server still holds the connection that does not read');
      // The reader is unaffected: asked now, it is answered.
      const ack = await emitWithAck(reader, 'meeting:get', {});
      assert.equal(ack.ok, true);
      // The attacker's side learns it too, once it reads again.
      tcpSocketOf(attacker).resume();
      assert.match(await gone, /transport close|io server disconnect|transport error/);
    } finally {
      reader.close();
      attacker.close();
    }
  });
});
