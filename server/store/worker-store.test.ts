import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { WorkerSqliteStore } from './worker-store';

const HASHES = { facilitator: 'f', participant: 'p', spectator: 's' };

describe('WorkerSqliteStore', () => {
  let dir: string;
  let store: WorkerSqliteStore;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-store-'));
    store = new WorkerSqliteStore(dir, { callTimeoutMs: 5000 });
    await store.ready();
  });
  after(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // What every store promises (compaction, batches, control state) is in test/store-contract.ts;
  // this file keeps what only the worker does: dying, being replaced, and the health it reports.
  it('restarts a dead worker: calls in flight fail, health is down, then writes work again', async () => {
    await store.createBoard({ id: 'a', title: 'Before the crash', createdAt: 1, keyHashes: HASHES }, Y.encodeStateAsUpdate(new Y.Doc()));
    await store.createBoard({ id: 'b', title: 'Other', createdAt: 1, keyHashes: HASHES }, Y.encodeStateAsUpdate(new Y.Doc()));
    assert.equal((await store.health()).writable, true);
    const crashed = store.crashWorkerForTest(300);
    const inFlight = store.getBoard('a');
    await assert.rejects(inFlight, /store unavailable/);
    await crashed;
    const down = await store.health();
    assert.equal(down.state, 'restarting');
    assert.equal(down.writable, false);
    await assert.rejects(store.getBoard('a'), (err: Error & { code?: string }) => err.code === 'STORE_UNAVAILABLE');

    const started = Date.now();
    while (!(await store.health()).writable) {
      assert.ok(Date.now() - started < 10_000, 'the worker came back');
      await new Promise((r) => setTimeout(r, 50));
    }
    const up = await store.health();
    assert.equal(up.state, 'ok');
    assert.equal(up.restarts, 1);
    // The same database file: what was committed before the crash is there.
    assert.equal((await store.getBoard('a'))?.title, 'Before the crash');
    await store.appendUpdates([{ boardId: 'b', update: Y.encodeStateAsUpdate(new Y.Doc()) }]);
  });

  it('replaces a worker that stops answering', async () => {
    // 3 s, not less: a worker starting on a loaded 2-core machine can take over a second to
    // answer its first call, and a shorter limit would replace the new worker too.
    const stuck = new WorkerSqliteStore(dir, { callTimeoutMs: 3000 });
    try {
      await stuck.ready();
      await assert.rejects(stuck.stallWorkerForTest(20_000), /no answer in 3000 ms/);
      const started = Date.now();
      // Asking while the replacement starts may itself be refused as unavailable: not yet.
      const writable = () =>
        stuck.health().then(
          (h) => h.writable,
          () => false,
        );
      while (!(await writable())) {
        assert.ok(Date.now() - started < 15_000, 'a new worker took over');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok((await stuck.health()).restarts >= 1);
    } finally {
      await stuck.close();
    }
  });

  it('compacts thousands of rows in steps: appends made meanwhile are answered before it ends, and kept', async () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const text = doc.getText('notes');
    const items = doc.getMap('items');
    for (let i = 0; updates.length < 6000; i++) {
      text.insert(Math.floor((text.length * ((i * 7919) % 101)) / 101), `word${i} `);
      if (i % 10 === 0) items.set(`item-${i % 300}`, i);
      if (i % 50 === 0 && text.length > 100) text.delete(10, 5);
    }
    const [first, ...rest] = updates.splice(0);
    await store.createBoard({ id: 'many', title: 'Many rows', createdAt: 1, keyHashes: HASHES }, first);
    for (let i = 0; i < rest.length; i += 1000) {
      await store.appendUpdates(rest.slice(i, i + 1000).map((update) => ({ boardId: 'many', update })));
    }
    const rows = rest.length + 1;

    const compaction = store.compact('many');
    let compacted = false;
    void compaction.then(() => (compacted = true));
    // Queued right behind the compaction's first step: answered between its steps, not after the whole merge.
    items.set('during', 'the compaction');
    await store.appendUpdates(updates.splice(0).map((update) => ({ boardId: 'many', update })));
    assert.equal(compacted, false, 'an append queued behind the compaction was answered before it ended');

    const result = await compaction;
    assert.equal(result.before, rows);
    const loaded = await store.loadUpdates('many');
    assert.equal(loaded.length, 2, 'the merged row, and the append made during the compaction after it');
    assert.equal(result.bytes, loaded[0].byteLength);
    const restored = new Y.Doc();
    for (const update of loaded) Y.applyUpdate(restored, update);
    assert.equal(restored.getText('notes').toString(), text.toString());
    assert.deepEqual(restored.getMap('items').toJSON(), items.toJSON());
    assert.equal(restored.getMap('items').get('during'), 'the compaction');
  });
});
