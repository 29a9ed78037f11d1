/**
 * A client that reconnects in a loop. Each new connection costs the server far more than a
 * message does: a socket.io handshake with its join was ~3.4 ms of the server's CPU, a document
 * socket with its first sync ~1.8 ms (2.7 on a 2,000-item board; DECISIONS, "New connections per
 * address"), and neither was charged to any budget: the cap on open connections does not bound
 * how fast they are opened and closed. Now every address has a budget of new connections per
 * minute (CONNECTS_PER_MINUTE), shared by both planes and charged once a handshake's key is good.
 *
 * The budget refills while a test runs (BUDGET a minute, one every 3 s), so each check allows
 * what has come back meanwhile rather than counting exactly (the unit test does that with a clock).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { CONNECT_RATE_REFUSAL, PROTOCOL_VERSION } from '../lib/protocol';
import { connectControl, handshakeOutcome } from './helpers/control-client';
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

/** A socket.io handshake: 'connected', or the refusal's reason. */
async function openControl(server: ServerProcess, boardId: string, key: string, localAddress: string): Promise<string> {
  const socket = connectControl(server.url, boardId, key, {}, { localAddress });
  try {
    return await handshakeOutcome(socket);
  } finally {
    socket.disconnect();
  }
}

/** New connections the budget allows from `started` until now: the whole minute's, plus what refilled. */
function allowance(started: number): number {
  return BUDGET + Math.floor(((performance.now() - started) / 60_000) * BUDGET);
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
    const outcomes: string[] = [];
    for (let i = 0; i < 2 * BUDGET; i++) {
      outcomes.push(
        i % 2 === 0
          ? await openControl(server, board.id, board.keys.participant, '127.0.0.7')
          : await openSync(server, board.id, board.keys.participant, '127.0.0.7'),
      );
    }
    const opened = outcomes.filter((o) => o === 'connected' || o === 'open').length;
    assert.ok(opened >= BUDGET, `within the budget every connection opens: ${outcomes.join(' ')}`);
    assert.ok(opened <= allowance(started), `${opened} opened, budget ${BUDGET} and what refilled: ${outcomes.join(' ')}`);
    // Each plane refused, saying why.
    assert.ok(outcomes.includes(CONNECT_RATE_REFUSAL), `a socket.io handshake refused: ${outcomes.join(' ')}`);
    assert.ok(outcomes.includes('429'), `a document socket refused: ${outcomes.join(' ')}`);
    assert.deepEqual([...new Set(outcomes)].sort(), ['429', 'connected', 'open', CONNECT_RATE_REFUSAL].sort());
    // Another address (another person, another room) is not affected.
    assert.equal(await openControl(server, board.id, board.keys.participant, '127.0.0.8'), 'connected');
    assert.equal(await openSync(server, board.id, board.keys.participant, '127.0.0.8'), 'open');
  });

  it('charges every socket.io handshake, also several over one engine connection', async () => {
    // engine.io's own handshake happens once per connection; a socket.io client may then join,
    // leave and join again over it (CONNECT "40", DISCONNECT "41") as often as it likes.
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { localAddress: '127.0.0.10' });
    const packets: string[] = [];
    let waiting: ((packet: string) => void) | null = null;
    ws.on('message', (data: Buffer) => {
      const packet = data.toString();
      if (packet === '2') return void ws.send('3'); // engine.io ping → pong
      if (waiting) waiting(packet);
      else packets.push(packet);
    });
    const next = () =>
      new Promise<string>((resolve, reject) => {
        const queued = packets.shift();
        if (queued !== undefined) return resolve(queued);
        const timer = setTimeout(() => reject(new Error('no packet within 5 s')), 5000);
        waiting = (packet) => {
          clearTimeout(timer);
          waiting = null;
          resolve(packet);
        };
      });
    assert.match(await next(), /^0\{/, 'engine.io open');
    const auth = JSON.stringify({ boardId: board.id, key: board.keys.participant, protocolVersion: PROTOCOL_VERSION });
    const started = performance.now();
    let joined = 0;
    let refusal = '';
    try {
      while (joined <= 2 * BUDGET) {
        ws.send(`40${auth}`);
        let reply = await next();
        // The namespace's answer: "40{sid}" (joined) or "44{message}" (refused); skip the events
        // a join brings (session, roster… are "42[…]").
        while (reply.startsWith('42')) reply = await next();
        if (reply.startsWith('44')) {
          refusal = (JSON.parse(reply.slice(2)) as { message: string }).message;
          break;
        }
        assert.match(reply, /^40\{/);
        joined++;
        // Leave once the join has sent its views (the meeting's is the last).
        while (!reply.startsWith('42["meeting:state"')) reply = await next();
        ws.send('41');
        // socket.io handles the leave on the next tick and ignores a join that comes in the same
        // read as it (the namespace still has the socket then).
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      ws.terminate();
    }
    assert.equal(refusal, CONNECT_RATE_REFUSAL, `refused after ${joined} joins over one connection`);
    assert.ok(joined >= BUDGET && joined <= allowance(started), `${joined} joins, budget ${BUDGET}`);
  });

  it('does not charge a handshake with a wrong key: a page elsewhere cannot spend a venue’s budget', async () => {
    for (let i = 0; i < 3 * BUDGET; i++) {
      assert.equal(await openSync(server, board.id, 'not-the-key', '127.0.0.11'), '403');
    }
    assert.equal(await openControl(server, board.id, 'not-the-key', '127.0.0.11'), 'wrong_key');
    assert.equal(await openSync(server, board.id, board.keys.participant, '127.0.0.11'), 'open');
    assert.equal(await openControl(server, board.id, board.keys.participant, '127.0.0.11'), 'connected');
  });

  it('lets the refused address in again as its budget refills', async () => {
    const started = performance.now();
    let opened = 0;
    while ((await openSync(server, board.id, board.keys.participant, '127.0.0.9')) === 'open') {
      opened++;
      assert.ok(opened <= allowance(started), `${opened} connections opened in a row, budget ${BUDGET}`);
    }
    // One more comes back every 60 / BUDGET seconds.
    await new Promise((resolve) => setTimeout(resolve, (60_000 / BUDGET) * 1.2));
    assert.equal(await openSync(server, board.id, board.keys.participant, '127.0.0.9'), 'open');
  });
});
