import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, waitFor } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { logged, NODE_DEAD, twoNodes } from './cluster-nodes';
import { redisProxy, type RedisProxy } from './redis-proxy';

describe('cluster: one node cut off from Redis', () => {
  let proxy: RedisProxy;
  // Node A reaches Redis only through the proxy; node B keeps its own connections. Started at
  // once, node A is cut off within its first second, before its first heartbeat: node B knows
  // of it only from its question at start (roster-start.test.ts).
  const nodes = twoNodes({
    together: true,
    redisUrlOfA: async (cluster) => (proxy = await redisProxy(cluster.redisUrl)).url,
    cleanUp: () => proxy.close(),
  });

  it('longer than its retry budget: once back, the others get its edits without any further edit', async () => {
    const { a, b } = nodes;
    const board = await createBoard(b.url, 'Partition');
    const onA = connectDoc(a.url, board.id, board.keys.participant);
    const onB = connectDoc(b.url, board.id, board.keys.participant);
    const keys = (client: typeof onA) => new Set(client.doc.getMap('m').keys());
    try {
      await Promise.all([onA.synced(), onB.synced()]);
      onA.doc.getMap('m').set('before', 1);
      await waitFor(() => keys(onB).has('before'), 10_000, 'relayed before the cut');

      await proxy.cut();
      // Each node's own clients keep editing; each node stores what they send.
      for (let i = 0; i < 5; i++) onA.doc.getMap('m').set(`a${i}`, i);
      onA.doc.getMap('m').delete('before');
      for (let i = 0; i < 5; i++) onB.doc.getMap('m').set(`b${i}`, i);
      // Node A's queued publishes fail once its reconnect attempts run out: those edits are
      // gone from pub/sub for good.
      await waitFor(() => logged(a, 'relay publish failed'), 60_000, "node A's publishes fail");
      assert.ok(logged(b, NODE_DEAD), 'node B took node A out of its roster');
      assert.ok(!logged(a, NODE_DEAD), 'node A kept node B while its own Redis was away');
      await proxy.restore();

      const expected = ['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4'];
      const converged = (client: typeof onA) => expected.every((k) => keys(client).has(k)) && !keys(client).has('before');
      await waitFor(() => converged(onA), 30_000, "node A's client gets node B's edits");
      await waitFor(() => converged(onB), 30_000, "node B's client gets node A's edits (the cut-off node's)");
      assert.deepEqual(onB.doc.getMap('m').toJSON(), onA.doc.getMap('m').toJSON());
      assert.ok(!logged(a, NODE_DEAD), 'nor once its Redis was back');
      // Failed publishes are caught and logged once per outage, not once per message.
      assert.equal(a.logs.filter((entry) => entry.msg === 'unhandled rejection').length, 0, 'no unhandled rejection');
      assert.equal(a.logs.filter((entry) => entry.msg === 'relay publish failed').length, 1, 'relay failures logged once');
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });
});
