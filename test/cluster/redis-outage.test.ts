import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, waitFor } from '../helpers/server-process';
import { eventually } from './cluster-clients';
import { twoNodesOnPrivateRedis } from './cluster-nodes';
import { Writer } from './writers';

describe('cluster: a board first opened while Redis is away', () => {
  const nodes = twoNodesOnPrivateRedis();

  it('opens at once from the store on its node, and reaches the other node once Redis is back', async () => {
    const { a, b, redis } = nodes;
    const board = await createBoard(a.url, 'Opened during the outage');
    await redis.kill();
    await eventually(
      async () => (await fetch(`${a.url}/readyz`)).status,
      (status) => status === 503,
      5000,
      'node A knows Redis is away',
    );
    // Before, loading the board waited for its Redis subscription through every reconnect
    // attempt: the person got no board for as long as Redis was away.
    const onA = new Writer('on-a', a.url, board.id, board.keys.participant);
    const onB = new Writer('on-b', b.url, board.id, board.keys.participant);
    try {
      const opened = Date.now();
      await onA.synced();
      assert.ok(Date.now() - opened < 5000, `the board opened on node A in ${Date.now() - opened} ms while Redis was away`);
      onA.doc.getMap('typed').set('during-outage', 1);
      await redis.start();
      await eventually(
        async () => (await fetch(`${a.url}/readyz`)).status,
        (status) => status === 200,
        15_000,
        'node A ready again',
      );
      await onB.synced();
      onB.doc.getMap('typed').set('after-outage', 2);
      await waitFor(() => [onA, onB].every((w) => w.doc.getMap('typed').size === 2), 15_000, 'both nodes\u2019 clients hold both edits');
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });
});
