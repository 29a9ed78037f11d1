import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import * as Y from 'yjs';
import { createItem } from '../../lib/board/mutations';
import { createBoard } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { listen } from './cluster-clients';
import { oneNode } from './cluster-nodes';

/** The advisory lock class of board-state changes (server/cluster/state-sharing.ts). */
const STATE_LOCK_CLASS = 0x5253;

describe('cluster: the board lock', () => {
  const nodes = oneNode();

  it('a change whose lock is held elsewhere is refused with a control error, then goes through once it is free', async () => {
    const { cluster, a } = nodes;
    const board = await createBoard(a.url, 'Lock');
    const seed = connectDoc(a.url, board.id, board.keys.facilitator);
    await seed.synced();
    const itemId = createItem(seed.doc as Y.Doc, { title: 'Payments', kind: 'story', position: { at: 'top' } });
    const fay = await listen(a.url, board.id, board.keys.facilitator, 'Fay', 'fay-voter-token-0123456789');
    // Fay's join is settled (it takes the lock too): events of a board are handled in order.
    assert.equal((await fay.send('poker:get', {})).ok, true);
    // Another holder of the board's lock (a node stuck while holding it, say).
    const holder = new pg.Client({ connectionString: cluster.databaseUrl });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [STATE_LOCK_CLASS, board.id]);
      // The refusal comes after the node's lock wait (3 s) plus however long a loaded machine
      // takes: more than the helpers' usual 5 s ack window, so this one call waits longer.
      const refused = (await fay.socket.timeout(20_000).emitWithAck('poker:start', { mode: 'item', itemId })) as Awaited<
        ReturnType<typeof fay.send>
      >;
      assert.equal(refused.ok, false);
      assert.equal(refused.error?.code, 'internal');
      assert.match(refused.error?.message ?? '', /busy/);
      await holder.query('SELECT pg_advisory_unlock($1, hashtext($2))', [STATE_LOCK_CLASS, board.id]);
      assert.deepEqual(await fay.send('poker:start', { mode: 'item', itemId }), { ok: true });
    } finally {
      await holder.end();
      fay.close();
      seed.destroy();
    }
  });
});
