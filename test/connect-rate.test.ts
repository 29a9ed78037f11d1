/**
 * A client that reconnects in a loop. Each new connection costs the server far more than a
 * message does: a socket.io handshake with its key check and join was ~4 ms of the server's CPU,
 * a document socket with its first sync of a 2,000-item board ~2.5 ms (measured, DECISIONS), and
 * neither was charged to any budget: the cap on open connections does not bound how fast they
 * are opened and closed. Now every address has a budget of new connections per minute, shared by
 * both planes (CONNECTS_PER_MINUTE), checked before the key is looked up.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { CONNECT_RATE_REFUSAL } from '../lib/protocol';
import { connectControl, handshakeOutcome } from './helpers/control-client';
import { rawRequest as request } from './helpers/raw-request';
import { createBoard, startServerProcess, type ServerProcess } from './helpers/server-process';

const BUDGET = 20;

/** Opens a document socket from `localAddress`: 'open', or the HTTP status it was refused with. */
function openSync(server: ServerProcess, boardId: string, key: string, localAddress: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/yjs/${boardId}?key=${encodeURIComponent(key)}`, { localAddress });
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(String(res.statusCode));
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => resolve(`error: ${err.message}`));
  });
}

/** A socket.io handshake over WebSocket (Node's long-polling client does not send from `localAddress`). */
async function openControl(server: ServerProcess, boardId: string, key: string, localAddress: string): Promise<string> {
  const socket = connectControl(server.url, boardId, key, {}, { localAddress });
  try {
    return await handshakeOutcome(socket);
  } finally {
    socket.disconnect();
  }
}

describe('new connections per address per minute', () => {
  let server: ServerProcess;
  let board: Awaited<ReturnType<typeof createBoard>>;
  before(async () => {
    server = await startServerProcess({ env: { CONNECTS_PER_MINUTE: String(BUDGET) } });
    board = await createBoard(server.url, 'Reconnects');
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses an address that reconnects in a loop past its budget, on both planes, and nobody else', async () => {
    const started = performance.now();
    let opened = 0;
    for (;;) {
      const outcome =
        opened % 2 === 0
          ? await openControl(server, board.id, board.keys.participant, '127.0.0.7')
          : await openSync(server, board.id, board.keys.participant, '127.0.0.7');
      if (outcome !== 'connected' && outcome !== 'open') break;
      opened++;
      assert.ok(opened <= 2 * BUDGET, `${opened} connections opened in a row, budget ${BUDGET}`);
    }
    // The budget refills while the loop runs (BUDGET a minute): count what came in meanwhile.
    const refilled = ((performance.now() - started) / 60_000) * BUDGET;
    assert.ok(
      opened >= BUDGET && opened <= BUDGET + Math.ceil(refilled),
      `${opened} opened: budget ${BUDGET}, ${refilled.toFixed(1)} refilled`,
    );
    // Refused on both planes now. Why is in the answer to the handshake (a socket.io client reads
    // only "websocket error"; the app's client then tries again after its back-off).
    const handshake = await request(server, { path: '/socket.io/?EIO=4&transport=polling', from: '127.0.0.7' });
    assert.equal(handshake.status, 403);
    assert.equal(handshake.json.message, CONNECT_RATE_REFUSAL);
    assert.equal(await openControl(server, board.id, board.keys.participant, '127.0.0.7'), 'websocket error');
    assert.equal(await openSync(server, board.id, board.keys.participant, '127.0.0.7'), '429');
    // A wrong key costs the same budget: refused before the key is looked up.
    assert.equal(await openSync(server, board.id, 'not-the-key', '127.0.0.7'), '429');
    // Another address (another person, another room) is not affected.
    assert.equal(await openControl(server, board.id, board.keys.participant, '127.0.0.8'), 'connected');
    assert.equal(await openSync(server, board.id, board.keys.participant, '127.0.0.8'), 'open');
  });

  it('lets the refused address in again as its budget refills', async () => {
    let opened = 0;
    while ((await openSync(server, board.id, board.keys.participant, '127.0.0.9')) === 'open') {
      opened++;
      assert.ok(opened <= BUDGET, `${opened} connections opened in a row, past the budget of ${BUDGET}`);
    }
    // BUDGET a minute: one more connection every 60 / BUDGET seconds.
    await new Promise((resolve) => setTimeout(resolve, (60_000 / BUDGET) * 1.2));
    assert.equal(await openSync(server, board.id, board.keys.participant, '127.0.0.9'), 'open');
    assert.equal(await openSync(server, board.id, board.keys.participant, '127.0.0.9'), '429');
  });
});
