import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import * as Y from 'yjs';
import { postgresUrl } from './helpers/services';
import { attachmentStoreContract, storeContract } from './store-contract';
import { PgStore } from '../server/store/pg-store';

// One private database for this file; every store opened on it is a pool of its own, as a node is.
let url: string;
before(async () => {
  url = await postgresUrl();
});

storeContract('PostgreSQL', {
  open: () => PgStore.open(url, { poolSize: 4 }),
});

attachmentStoreContract('PostgreSQL rows', {
  async open() {
    const store = await PgStore.open(url, { poolSize: 4 });
    return { attachments: store.attachments, close: () => store.close() };
  },
  acrossInstances: true,
});

describe('PgStore: a snapshot and the appends around it', () => {
  const HASHES = { facilitator: 'f', participant: 'p', spectator: 's' };
  /** Same key as PgStore's per-board lock (BOARD_LOCK_CLASS, hashtext(board id)). */
  const BOARD_LOCK_CLASS = 0x5245;

  it('keeps an update whose append commits while the snapshot waits for the board lock', async () => {
    const store = await PgStore.open(url, { poolSize: 4 });
    const side = new pg.Client({ connectionString: url });
    await side.connect();
    try {
      const id = `snapshot-race-${Date.now()}`;
      const doc = new Y.Doc();
      doc.getMap('items').set('first', 'stored');
      await store.createBoard({ id, title: 'Race', createdAt: 1, keyHashes: HASHES }, Y.encodeStateAsUpdate(doc));
      const snapshot = Y.encodeStateAsUpdate(doc);
      let late: Uint8Array | null = null;
      doc.once('update', (u: Uint8Array) => (late = u));
      doc.getMap('items').set('late', 'typed after the snapshot was encoded');

      // Held from another connection, the lock stops the replace between its start and its
      // DELETE: the window in which the persister's next append used to commit and be deleted.
      await side.query('SELECT pg_advisory_lock($1, hashtext($2))', [BOARD_LOCK_CLASS, id]);
      const replaced = store.replaceWithSnapshot(id, snapshot);
      const waiting = async () =>
        (
          await side.query(
            "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
          )
        ).rowCount! > 0;
      while (!(await waiting())) await new Promise((r) => setTimeout(r, 10));
      let appendDone = false;
      const appended = store.appendUpdates([{ boardId: id, update: late! }]).then(() => (appendDone = true));
      await new Promise((r) => setTimeout(r, 200));
      // Whether the append waits or commits now is the store's choice; what counts is the end.
      await side.query('SELECT pg_advisory_unlock($1, hashtext($2))', [BOARD_LOCK_CLASS, id]);
      await Promise.all([replaced, appended]);
      assert.ok(appendDone);

      const restored = new Y.Doc();
      for (const u of await store.loadUpdates(id)) Y.applyUpdate(restored, u);
      assert.deepEqual(restored.getMap('items').toJSON(), doc.getMap('items').toJSON());
    } finally {
      await side.end();
      await store.close();
    }
  });
});
