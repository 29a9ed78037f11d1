/**
 * Hole 1 of issue 10: an HTTP upgrade no handler claims (`/socket.io` without its slash,
 * `/socket.iox`, any other path) was never answered nor closed, and upgrades had no time limit,
 * so ~20,000 of them exhausted the process's file descriptors and SIGTERM hung.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { connectControl, emitWithAck, nextEvent } from '../../helpers/control-client';
import { connectDoc } from '../../helpers/yjs-client';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../../helpers/server-process';

const UPGRADE_TIMEOUT_MS = 600;

interface Health {
  status: string;
  connections?: number;
  upgradesPending?: number;
}

async function health(url: string): Promise<Health> {
  const res = await fetch(`${url}/healthz`);
  return (await res.json()) as Health;
}

function upgradeRequest(path: string): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
    'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
  );
}

/**
 * Sends an upgrade and keeps our side open (half-open allowed, never ends on its own), as an
 * attacker would. Resolves with the milliseconds until the server ended the connection, or
 * null if it did not within `waitMs`.
 */
function attackUpgrade(port: number, path: string, waitMs: number): Promise<{ ms: number | null; socket: net.Socket }> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    let started = 0;
    let settled = false;
    const settle = (ms: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ms, socket });
    };
    const timer = setTimeout(() => settle(null), waitMs);
    socket.once('connect', () => {
      started = Date.now();
      socket.write(upgradeRequest(path));
    });
    socket.once('end', () => settle(Date.now() - started));
    socket.once('close', () => settle(Date.now() - started));
  });
}

describe('adversarial: upgrades no one claims', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({
      env: { UPGRADE_TIMEOUT_MS: String(UPGRADE_TIMEOUT_MS), HEADERS_TIMEOUT_MS: '500', REFINERY_TEST_HOOKS: '1' },
    });
  });
  after(() => server.stop());

  it('closes every unclaimed upgrade within a second and keeps no socket of them open', async () => {
    const paths = ['/socket.io', '/socket.iox', '/nope', '/socket.io?EIO=4&transport=websocket', '/yjs'];
    const attempts = 300;
    const results: Array<{ path: string; ms: number | null; socket: net.Socket }> = [];
    // In waves, so the test measures the server, not the client's connect queue.
    for (let wave = 0; wave < attempts / 50; wave++) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const path = paths[(wave * 50 + i) % paths.length];
          return attackUpgrade(server.port, path, 1500).then((r) => ({ path, ...r }));
        }),
      );
      results.push(...batch);
    }
    const slow = results.filter((r) => r.ms === null || r.ms > 1000);
    assert.equal(slow.length, 0, `not closed within 1 s: ${[...new Set(slow.map((r) => r.path))].join(', ')}`);

    // Our sides are still open, so any server-side socket kept would still be counted.
    const report = await health(server.url);
    assert.equal(report.status, 'ok');
    assert.ok(typeof report.connections === 'number', '/healthz reports open connections');
    assert.ok(report.connections! <= 3, `server still holds ${report.connections} connections after the flood`);
    for (const r of results) r.socket.destroy();

    // Normal traffic is unaffected.
    const board = await createBoard(server.url, 'after the flood');
    const res = await fetch(`${server.url}/api/boards/${board.id}?key=${board.keys.participant}`);
    assert.equal(res.status, 200);
  });

  it('does not keep a refused upgrade to a real path open when the client never closes', async () => {
    const board = await createBoard(server.url, 'refused');
    const before = (await health(server.url)).connections ?? 0;
    const refused = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attackUpgrade(server.port, i % 2 ? `/yjs/${board.id}?key=wrong` : `/yjs/no-such-board?key=x`, 1500),
      ),
    );
    assert.ok(
      refused.every((r) => r.ms !== null && r.ms < 1000),
      'every refusal answered at once',
    );
    const afterRefusals = (await health(server.url)).connections ?? Infinity;
    assert.ok(afterRefusals <= before + 2, `refused upgrades still held: ${afterRefusals} connections (was ${before})`);
    for (const r of refused) r.socket.destroy();
  });

  it('destroys an upgrade to a real path that has not opened within UPGRADE_TIMEOUT_MS', async (t) => {
    const board = await createBoard(server.url, 'slow');
    // Test-only hook (REFINERY_TEST_HOOKS=1): the store worker sleeps, so the sync endpoint's
    // access check hangs the way a stuck disk would make it hang.
    const stall = await fetch(`${server.url}/api/_test/stall-store?ms=3000`, { method: 'POST' });
    if (stall.status === 404) assert.fail('the server has no stall hook, so it cannot bound a stalled upgrade');
    const started = Date.now();
    const { ms } = await attackUpgrade(server.port, `/yjs/${board.id}?key=${board.keys.participant}`, 2500);
    assert.ok(ms !== null, 'a stalled upgrade was never closed');
    t.diagnostic(`stalled upgrade closed after ${ms} ms (UPGRADE_TIMEOUT_MS ${UPGRADE_TIMEOUT_MS})`);
    assert.ok(ms! >= UPGRADE_TIMEOUT_MS - 50 && ms! < UPGRADE_TIMEOUT_MS + 1000, `closed after ${ms} ms`);
    await waitFor(() => Date.now() - started > 3000, 4000, 'the stall to pass');
    assert.equal((await health(server.url)).status, 'ok');
  });

  it('keeps the WebSockets that opened: socket.io and Yjs outlive UPGRADE_TIMEOUT_MS', async () => {
    // engine.io answers its upgrades in its own listener, added before the server's: a guard that
    // first saw the socket after its 101 counted it as never opened and destroyed every control
    // socket UPGRADE_TIMEOUT_MS after it connected (10 s by default: people left the roster and
    // came back every 10 s, and a trim proposed in that gap went without them).
    const board = await createBoard(server.url, 'long-lived');
    const control = connectControl(server.url, board.id, board.keys.participant, { name: 'Lena' });
    const doc = connectDoc(server.url, board.id, board.keys.participant);
    const closes: string[] = [];
    control.on('disconnect', (reason) => closes.push(`socket.io: ${reason}`));
    doc.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && closes.push('yjs'));
    try {
      await nextEvent(control, 'session');
      await doc.synced();
      assert.equal((await health(server.url)).upgradesPending, 0, 'an open WebSocket is not a pending upgrade');
      await new Promise((r) => setTimeout(r, 3 * UPGRADE_TIMEOUT_MS));
      assert.deepEqual(closes, []);
      assert.equal(control.connected, true);
      const ack = await emitWithAck<{ ok: boolean }>(control, 'trim:get', {});
      assert.equal(ack.ok, true, 'the control socket still answers');
    } finally {
      control.disconnect();
      doc.destroy();
    }
  });

  it('cuts off an upgrade whose headers trickle in (slowloris) after HEADERS_TIMEOUT_MS', async (t) => {
    const before = (await health(server.url)).connections ?? 0;
    const socket = net.connect({ port: server.port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    const started = Date.now();
    socket.write('GET /yjs/x HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n');
    const trickle = setInterval(() => socket.writable && socket.write(`X-Slow-${Date.now()}: 1\r\n`), 100);
    const ended = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 5000);
      socket.once('end', () => (clearTimeout(timer), resolve(true)));
      socket.once('close', () => (clearTimeout(timer), resolve(true)));
    });
    clearInterval(trickle);
    const elapsed = Date.now() - started;
    t.diagnostic(`trickling request cut off after ${elapsed} ms (bound 2500 ms)`);
    // Our side is still open: the server must not hold its own.
    const afterCut = (await health(server.url)).connections ?? Infinity;
    socket.destroy();
    assert.ok(ended, 'a trickling request was never cut off');
    // The headers timeout is checked once a second.
    assert.ok(elapsed < 2500, `cut off after ${elapsed} ms`);
    assert.ok(afterCut <= before, `the server still holds the cut-off socket (${afterCut} connections, was ${before})`);
  });

  it('stops promptly on SIGTERM with unclaimed upgrades and mute WebSockets held open', async () => {
    const own = await startServerProcess({ env: { UPGRADE_TIMEOUT_MS: '120000' } });
    const board = await createBoard(own.url, 'mute peers');
    const held = await Promise.all([
      ...Array.from({ length: 20 }, () => attackUpgrade(own.port, '/socket.io', 300)),
      // These open (101) and then never answer the server's close frame.
      ...Array.from({ length: 5 }, () => attackUpgrade(own.port, `/yjs/${board.id}?key=${board.keys.participant}`, 300)),
    ]);
    const started = Date.now();
    try {
      const stopped = await Promise.race([
        own.stop('SIGTERM').then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
      ]);
      assert.ok(stopped, 'the server did not exit within 5 s of SIGTERM');
      assert.ok(Date.now() - started < 5000, `SIGTERM took ${Date.now() - started} ms`);
      assert.equal(own.child.exitCode, 0);
    } finally {
      if (own.child.exitCode === null) own.child.kill('SIGKILL');
      for (const r of held) r.socket.destroy();
    }
  });
});
