import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { UpgradeGuard } from './upgrade-guard';

const silent = pino({ level: 'silent' });

function fakeSocket(): PassThrough {
  const socket = new PassThrough();
  socket.resume();
  return socket;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('UpgradeGuard', () => {
  it('destroys a socket that has not switched protocols in time, and keeps one that has', async () => {
    const guard = new UpgradeGuard(50, silent);
    const stalled = fakeSocket();
    const opened = fakeSocket();
    guard.watch(stalled, '/yjs/a');
    guard.watch(opened, '/socket.io/');
    assert.equal(guard.pendingCount, 2);
    opened.write(Buffer.from('HTTP/1.1 101 Switching Protocols\r\n\r\n'));
    assert.equal(guard.pendingCount, 1);
    await tick(80);
    assert.equal(stalled.destroyed, true);
    assert.equal(opened.destroyed, false);
    assert.equal(guard.openCount, 1);
    guard.destroyAll();
    assert.equal(opened.destroyed, true);
  });

  it('destroys a refused socket as soon as its answer is flushed, without waiting for the client', async () => {
    const guard = new UpgradeGuard(10_000, silent);
    const refused = fakeSocket();
    guard.watch(refused, '/nope');
    refused.end('HTTP/1.1 404 Not Found\r\n\r\n');
    await tick(10);
    assert.equal(refused.destroyed, true);
  });

  it('destroys pending and new upgrades once shutdown begins', () => {
    const guard = new UpgradeGuard(10_000, silent);
    const pending = fakeSocket();
    guard.watch(pending, '/yjs/a');
    guard.beginShutdown();
    assert.equal(pending.destroyed, true);
    const late = fakeSocket();
    guard.watch(late, '/yjs/b');
    assert.equal(late.destroyed, true);
  });
});
