import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { WorkerSqliteStore } from './worker-store';

const HASHES = { facilitator: 'f', participant: 'p', spectator: 's' };

function docFrom(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

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

  it('compacts a board into one merged row in the worker, leaving other boards alone', async () => {
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getMap('meta').set('title', 'Compact me');
    await store.createBoard({ id: 'a', title: 'Compact me', createdAt: 1, keyHashes: HASHES }, updates.shift()!);
    await store.createBoard({ id: 'b', title: 'Other', createdAt: 1, keyHashes: HASHES }, Y.encodeStateAsUpdate(new Y.Doc()));
    const text = source.getText('notes');
    for (let i = 0; i < 60; i++) text.insert(text.length, `line ${i}\n`);
    source.getMap('items').set('x', 'deleted soon');
    source.getMap('items').delete('x');
    await store.appendUpdates(updates.map((update) => ({ boardId: 'a', update })));
    const rowsBefore = (await store.loadUpdates('a')).length;
    assert.equal(rowsBefore, 63);

    const result = await store.compact('a');
    const after = await store.loadUpdates('a');
    assert.equal(result.before, 63);
    assert.equal(after.length, 1);
    assert.equal(result.bytes, after[0].byteLength);
    const restored = docFrom(after);
    assert.equal(restored.getMap('meta').get('title'), 'Compact me');
    assert.equal(restored.getText('notes').toString(), text.toString());
    assert.equal(restored.getMap('items').has('x'), false);
    assert.deepEqual(Y.encodeStateVector(restored), Y.encodeStateVector(source));
    assert.equal((await store.loadUpdates('b')).length, 1);

    // Idempotent, and updates appended afterwards stay after the merged row.
    assert.deepEqual(await store.compact('a'), { before: 1, bytes: after[0].byteLength });
    text.insert(0, 'later ');
    await store.appendUpdates([{ boardId: 'a', update: updates[updates.length - 1] }]);
    assert.equal(
      docFrom(await store.loadUpdates('a'))
        .getText('notes')
        .toString(),
      text.toString(),
    );
    assert.deepEqual(await store.compact('missing'), { before: 0, bytes: 0 });
  });

  it('restarts a dead worker: calls in flight fail, health is down, then writes work again', async () => {
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
    assert.equal((await store.getBoard('a'))?.title, 'Compact me');
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
});
