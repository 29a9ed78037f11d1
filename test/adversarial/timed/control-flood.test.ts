/**
 * Control-plane budgets (issue 10, holes 6 and 9): a socket.io client flooding events is refused
 * with `rate_limited`, then disconnected, while a good client on another board keeps its ack
 * latency; connections per address and per key are capped with a named handshake error.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HANDSHAKE_ERRORS, PROTOCOL_VERSION } from '../../../lib/protocol';
import { latencyBound, percentiles } from '../../helpers/attack';
import { connectControl, connectRecording, handshakeOutcome } from '../../helpers/control-client';
import { createBoard, startServerProcess, type ServerProcess } from '../../helpers/server-process';

const ROOT = path.resolve(__dirname, '../../..');

/** What the flooding process saw: why it was disconnected and the errors it got first. */
interface FloodOutcome {
  reason: string;
  limited: number;
  sent: number;
  otherErrors: string[];
}

const FLOODER = `
import { io } from 'socket.io-client';
const [url, boardId, key, protocolVersion] = process.argv.slice(1);
const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: { boardId, key, protocolVersion: Number(protocolVersion), name: 'Flood' } });
const outcome = { reason: 'timeout', limited: 0, sent: 0, otherErrors: [] };
const done = () => { process.stdout.write(JSON.stringify(outcome)); process.exit(0); };
socket.on('server:error', (e) => { if (e.code === 'rate_limited') outcome.limited++; else outcome.otherErrors.push(e.code); });
socket.on('disconnect', (reason) => { outcome.reason = reason; done(); });
socket.on('connect_error', (err) => { outcome.reason = 'connect_error ' + err.message; done(); });
socket.on('connect', async () => {
  // Events a handler does work for: a presence change goes to the whole board.
  for (let i = 0; i < 5000 && socket.connected; i++) {
    socket.emit('presence:set', { name: 'Flood ' + i, color: '#123456' });
    socket.emit('meeting:get', {});
    outcome.sent += 2;
    if (i % 100 === 0) await new Promise((r) => setImmediate(r));
  }
});
setTimeout(done, 15000);
`;

function runFlooder(url: string, boardId: string, key: string): Promise<FloodOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', FLOODER, url, boardId, key, String(PROTOCOL_VERSION)], {
      cwd: ROOT,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('exit', () => {
      try {
        resolve(JSON.parse(out) as FloodOutcome);
      } catch {
        reject(new Error(`flooder failed: ${out} ${err}`));
      }
    });
  });
}

describe('adversarial: control-plane flood', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it('an event flood is refused with rate_limited, then disconnected; a good client on another board keeps p99 < 250 ms (or 3× its p99 without the flood)', async (t) => {
    const [victimBoard, floodBoard] = [await createBoard(server.url), await createBoard(server.url)];
    const good = await connectRecording(server.url, victimBoard.id, victimBoard.keys.participant, { name: 'Good' });
    try {
      const baseline: number[] = [];
      const attacked: number[] = [];
      let latencies = baseline;
      let measuring = true;
      const probe = (async () => {
        while (measuring) {
          const t0 = performance.now();
          const ack = await good.send('trim:get', {});
          latencies.push(performance.now() - t0);
          assert.equal(ack.ok, true, JSON.stringify(ack));
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      // The same client without the flood first: what this machine gives it right now.
      await new Promise((r) => setTimeout(r, 1500));
      latencies = attacked;
      // The flooder runs in its own process: its own sending must not slow this one's probe.
      const outcome = await runFlooder(server.url, floodBoard.id, floodBoard.keys.participant);
      await new Promise((r) => setTimeout(r, 700));
      measuring = false;
      await probe;
      assert.equal(outcome.reason, 'io server disconnect', `the server cut it off: ${JSON.stringify(outcome)}`);
      assert.ok(outcome.limited > 0, 'refused with rate_limited before the disconnect');
      assert.deepEqual(outcome.otherErrors, []);
      const { p50, p99 } = percentiles(attacked);
      const before = percentiles(baseline).p99;
      t.diagnostic(
        `good client: ack p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${attacked.length} (without the flood p99 ${before.toFixed(1)} ms, bound ${latencyBound(before).toFixed(1)} ms)`,
      );
      assert.ok(attacked.length >= 20, `${attacked.length} samples`);
      assert.ok(
        p99 < latencyBound(before),
        `good client's ack p99 ${p99.toFixed(1)} ms (p50 ${p50.toFixed(1)} ms); without the flood ${before.toFixed(1)} ms`,
      );
      assert.ok(
        server.logs.some((l) => l.msg === 'socket.io client over its budget: disconnected'),
        'one log line says why',
      );
    } finally {
      good.close();
    }
  });

  it('normal use (voting, focus, agenda reads at 40 events/s for 3 s) is never refused', async () => {
    const board = await createBoard(server.url);
    const fay = await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Fay' });
    try {
      for (let i = 0; i < 120; i++) {
        const ack = await fay.send(i % 2 ? 'focus:set' : 'meeting:get', i % 2 ? { itemId: `item-${i}` } : {});
        assert.equal(ack.ok, true, JSON.stringify(ack));
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.equal(fay.errors.length, 0);
      assert.equal(fay.socket.connected, true);
    } finally {
      fay.close();
    }
  });
});

describe('adversarial: connection caps', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ env: { MAX_CONNECTIONS_PER_IP: '4', MAX_CONNECTIONS_PER_KEY: '3' } });
  });
  after(() => server.stop());

  /** A client from its own loopback address, so each is a different client to the server. */
  async function open(boardId: string, key: string, localAddress: string) {
    return connectControl(server.url, boardId, key, {}, { localAddress });
  }

  it('refuses a key past its cap with too_many_connections_for_key, and frees the slot on disconnect', async () => {
    const board = await createBoard(server.url);
    const sockets = [];
    for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) {
      const socket = await open(board.id, board.keys.spectator, address);
      assert.equal(await handshakeOutcome(socket), 'connected');
      sockets.push(socket);
    }
    const refused = await open(board.id, board.keys.spectator, '127.0.0.5');
    assert.equal(await handshakeOutcome(refused), HANDSHAKE_ERRORS.tooManyForKey);
    refused.close();
    // Another key of the same board is another count.
    const other = await open(board.id, board.keys.participant, '127.0.0.5');
    assert.equal(await handshakeOutcome(other), 'connected');
    sockets.push(other);
    sockets[0].close();
    await new Promise((r) => setTimeout(r, 100));
    const again = await open(board.id, board.keys.spectator, '127.0.0.5');
    assert.equal(await handshakeOutcome(again), 'connected', 'a closed socket gave its slot back');
    sockets.push(again);
    const stillFull = await open(board.id, board.keys.spectator, '127.0.0.6');
    assert.equal(await handshakeOutcome(stillFull), HANDSHAKE_ERRORS.tooManyForKey, 'released once, not twice');
    stillFull.close();
    for (const s of sockets) s.close();
  });

  it('refuses an address past its cap with too_many_connections_from_address; other addresses and freed slots connect', async () => {
    const boards = [await createBoard(server.url), await createBoard(server.url)];
    const keys = [
      [boards[0].id, boards[0].keys.facilitator],
      [boards[0].id, boards[0].keys.participant],
      [boards[1].id, boards[1].keys.facilitator],
      [boards[1].id, boards[1].keys.participant],
    ] as const;
    const sockets = [];
    for (const [boardId, key] of keys) {
      const socket = await open(boardId, key, '127.0.0.10');
      assert.equal(await handshakeOutcome(socket), 'connected');
      sockets.push(socket);
    }
    // Refusals (and wrong keys) do not hold a slot: many in a row, then still exactly full.
    for (let i = 0; i < 10; i++) {
      const refused = await open(boards[1].id, boards[1].keys.spectator, '127.0.0.10');
      assert.equal(await handshakeOutcome(refused), HANDSHAKE_ERRORS.tooManyFromAddress);
      refused.close();
    }
    const elsewhere = await open(boards[1].id, boards[1].keys.spectator, '127.0.0.11');
    assert.equal(await handshakeOutcome(elsewhere), 'connected', 'another address is another client');
    sockets[3].close();
    await new Promise((r) => setTimeout(r, 100));
    const wrong = await open(boards[1].id, 'not-the-key', '127.0.0.10');
    assert.equal(await handshakeOutcome(wrong), HANDSHAKE_ERRORS.wrongKey);
    wrong.close();
    await new Promise((r) => setTimeout(r, 100));
    const freed = await open(boards[1].id, boards[1].keys.spectator, '127.0.0.10');
    assert.equal(await handshakeOutcome(freed), 'connected');
    const full = await open(boards[1].id, boards[1].keys.spectator, '127.0.0.10');
    assert.equal(await handshakeOutcome(full), HANDSHAKE_ERRORS.tooManyFromAddress);
    full.close();
    for (const s of [...sockets, elsewhere, freed]) s.close();
  });
});
