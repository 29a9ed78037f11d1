import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, startServerProcess, type ServerProcess } from '../../helpers/server-process';
import { awarenessMessage, openRawPeer } from '../../helpers/attack';

/**
 * Issue 10, hole 9: /yjs had no heartbeat, so a half-open peer (a laptop that vanished without
 * closing its socket) held its connection and its board in memory for ever. The server now
 * pings a peer that has been silent for an interval; a peer that misses a ping is dropped within
 * two intervals. A peer that keeps talking has shown it is there and is not pinged.
 */
describe('attack: half-open peers on /yjs', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ env: { PING_INTERVAL_MS: '300' } });
  });
  after(() => server.stop());

  it('drops a peer that never answers pings, keeps one that does', async (t) => {
    const board = await createBoard(server.url, 'heartbeat');
    const silent = await openRawPeer(server.url, board.id, board.keys.participant, { autoPong: false });
    const healthy = await openRawPeer(server.url, board.id, board.keys.participant);
    const started = Date.now();
    const result = await Promise.race([silent.closed, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    assert.notEqual(result, null, 'the silent peer was dropped');
    const elapsed = Date.now() - started;
    t.diagnostic(`silent peer dropped after ${elapsed} ms (bound ${3 * 300 + 500} ms)`);
    assert.ok(elapsed <= 3 * 300 + 500, `dropped within about two intervals (${elapsed} ms)`);
    assert.equal(healthy.ws.readyState, healthy.ws.OPEN, 'the peer that answers stays');
    healthy.ws.close();
  });

  it('keeps a peer that talks without answering pings, and drops it once it falls silent', async () => {
    const board = await createBoard(server.url, 'heartbeat talker');
    const talker = await openRawPeer(server.url, board.id, board.keys.participant, { autoPong: false });
    let pings = 0;
    talker.ws.on('ping', () => pings++);
    // Its own presence, renewed every 100 ms for four ping intervals.
    for (let clock = 1; clock <= 12; clock++) {
      talker.ws.send(awarenessMessage([{ clientId: 4242, clock, state: { user: 'talker' } }]));
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(talker.ws.readyState, talker.ws.OPEN, 'a peer that talks stays without answering pings');
    assert.equal(pings, 0, 'a peer that talks is not pinged');
    const result = await Promise.race([talker.closed, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    assert.notEqual(result, null, 'the peer was dropped once silent');
    assert.ok(pings >= 1, 'it was pinged once silent');
  });
});
