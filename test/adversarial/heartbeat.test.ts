import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { openRawPeer } from '../helpers/attack';

/**
 * Issue 10, hole 9: /yjs had no heartbeat, so a half-open peer (a laptop that vanished without
 * closing its socket) held its connection and its board in memory for ever. The server now
 * pings; a peer that misses a ping is dropped within two intervals.
 */
describe('attack: half-open peers on /yjs', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ env: { PING_INTERVAL_MS: '300' } });
  });
  after(() => server.stop());

  it('drops a peer that never answers pings, keeps one that does', async () => {
    const board = await createBoard(server.url, 'heartbeat');
    const silent = await openRawPeer(server.url, board.id, board.keys.participant, { autoPong: false });
    const healthy = await openRawPeer(server.url, board.id, board.keys.participant);
    const started = Date.now();
    const result = await Promise.race([silent.closed, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    assert.notEqual(result, null, 'the silent peer was dropped');
    const elapsed = Date.now() - started;
    assert.ok(elapsed <= 3 * 300 + 500, `dropped within about two intervals (${elapsed} ms)`);
    assert.equal(healthy.ws.readyState, healthy.ws.OPEN, 'the peer that answers stays');
    healthy.ws.close();
  });
});
