import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import type { AttachmentStore } from '../server/store/attachment-store';
import type { BoardRecord, MonitoredStore } from '../server/store/store';

/**
 * What every Store promises, as one suite run against each implementation (SQLite, PostgreSQL),
 * the way tldraw tests every storage with one suite. A runner passes a factory that opens a store
 * on one shared database: called twice, it gives two stores on the same data, as two nodes (or
 * two processes) would have.
 */
export interface StoreFactory {
  open(): Promise<MonitoredStore>;
}

const HASHES = { facilitator: 'f-hash', participant: 'p-hash', spectator: 's-hash' };
let boardCount = 0;

function newBoardId(): string {
  boardCount += 1;
  return `board-${boardCount}-${randomBytes(4).toString('hex')}`;
}

function record(id: string, title = 'A board'): BoardRecord {
  return { id, title, createdAt: 1_700_000_000_000 + boardCount, keyHashes: HASHES };
}

function docFrom(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** A doc whose every change is kept as one update, in order, as the persister receives them. */
function recordingDoc(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, updates };
}

/** Creates a board from a recording doc's first update; the rest stay in `updates`. */
async function createFrom(store: MonitoredStore, title: string) {
  const id = newBoardId();
  const { doc, updates } = recordingDoc();
  doc.getMap('meta').set('title', title);
  await store.createBoard(record(id, title), updates.shift()!);
  return { id, doc, updates };
}

function assertSameDoc(actual: Y.Doc, expected: Y.Doc): void {
  assert.deepEqual(Y.encodeStateVector(actual), Y.encodeStateVector(expected));
  assert.equal(actual.getText('notes').toString(), expected.getText('notes').toString());
  assert.deepEqual(actual.getMap('items').toJSON(), expected.getMap('items').toJSON());
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: MonitoredStore;
    before(async () => {
      store = await factory.open();
    });
    after(async () => {
      await store.close();
    });

    it('knows nothing of a board it never stored', async () => {
      const id = newBoardId();
      assert.equal(await store.getBoard(id), null);
      assert.deepEqual(await store.loadUpdates(id), []);
      assert.equal(await store.getControlState(id, 'poker'), null);
      assert.deepEqual(await store.compact(id), { before: 0, bytes: 0 });
    });

    it('creates a board: its record and its first update come back as stored', async () => {
      const id = newBoardId();
      const { doc, updates } = recordingDoc();
      doc.getMap('meta').set('title', 'Sprint 12 refinement ✓');
      const board = record(id, 'Sprint 12 refinement ✓');
      await store.createBoard(board, updates[0]);
      assert.deepEqual(await store.getBoard(id), board);
      const loaded = await store.loadUpdates(id);
      assert.equal(loaded.length, 1);
      assert.ok(loaded[0] instanceof Uint8Array);
      assert.deepEqual(Buffer.from(loaded[0]), Buffer.from(updates[0]));
      await assert.rejects(store.createBoard(board, updates[0]), 'a second board with the same id is refused');
    });

    it('returns appended updates oldest first, across batches', async () => {
      const { id, doc, updates } = await createFrom(store, 'Order');
      const text = doc.getText('notes');
      for (let i = 0; i < 30; i++) text.insert(text.length, `line ${i}\n`);
      await store.appendUpdates(updates.slice(0, 10).map((update) => ({ boardId: id, update })));
      await store.appendUpdates([]);
      await store.appendUpdates(updates.slice(10).map((update) => ({ boardId: id, update })));
      const loaded = await store.loadUpdates(id);
      assert.equal(loaded.length, 31);
      assert.deepEqual(
        loaded.slice(1).map((u) => Buffer.from(u).toString('hex')),
        updates.map((u) => Buffer.from(u).toString('hex')),
      );
      assertSameDoc(docFrom(loaded), doc);
    });

    it('stores a batch for several boards whole, or nothing of it', async () => {
      const a = await createFrom(store, 'A');
      const b = await createFrom(store, 'B');
      a.doc.getText('notes').insert(0, 'for a');
      b.doc.getText('notes').insert(0, 'for b');
      await store.appendUpdates([
        { boardId: a.id, update: a.updates[0] },
        { boardId: b.id, update: b.updates[0] },
      ]);
      assert.equal((await store.loadUpdates(a.id)).length, 2);
      assert.equal((await store.loadUpdates(b.id)).length, 2);

      a.doc.getText('notes').insert(0, 'lost with the batch ');
      const broken = [
        { boardId: a.id, update: a.updates[1] },
        { boardId: b.id, update: null as unknown as Uint8Array },
      ];
      await assert.rejects(store.appendUpdates(broken));
      assert.equal((await store.loadUpdates(a.id)).length, 2, 'the failed batch left no row behind');
      assert.equal((await store.loadUpdates(b.id)).length, 2);
    });

    it('compacts a board into one merged row that loads as the same doc, leaving other boards alone', async () => {
      const { id, doc, updates } = await createFrom(store, 'Compact me');
      const other = await createFrom(store, 'Other');
      const text = doc.getText('notes');
      for (let i = 0; i < 60; i++) text.insert(text.length, `line ${i}\n`);
      doc.getMap('items').set('x', 'deleted soon');
      doc.getMap('items').delete('x');
      await store.appendUpdates(updates.splice(0).map((update) => ({ boardId: id, update })));
      assert.equal((await store.loadUpdates(id)).length, 63);

      const result = await store.compact(id);
      const compacted = await store.loadUpdates(id);
      assert.equal(result.before, 63);
      assert.equal(compacted.length, 1);
      assert.equal(result.bytes, compacted[0].byteLength);
      const restored = docFrom(compacted);
      assert.equal(restored.getMap('meta').get('title'), 'Compact me');
      assert.equal(restored.getMap('items').has('x'), false);
      assertSameDoc(restored, doc);
      assert.equal((await store.loadUpdates(other.id)).length, 1);

      // Idempotent, and updates appended afterwards stay after the merged row.
      assert.deepEqual(await store.compact(id), { before: 1, bytes: compacted[0].byteLength });
      text.insert(0, 'later ');
      await store.appendUpdates(updates.splice(0).map((update) => ({ boardId: id, update })));
      assertSameDoc(docFrom(await store.loadUpdates(id)), doc);
    });

    it('keeps updates appended while a compaction runs, from this store and from another on the same data', async () => {
      const second = await factory.open();
      try {
        const { id, doc, updates } = await createFrom(store, 'Busy');
        const text = doc.getText('notes');
        // Big enough that the merge takes a while (and, on PostgreSQL, runs in the worker).
        for (let i = 0; i < 2000; i++) text.insert(text.length, `edit ${i} ${'x'.repeat(40)}\n`);
        await store.appendUpdates(updates.splice(0).map((update) => ({ boardId: id, update })));

        const compaction = store.compact(id);
        const appends: Promise<void>[] = [];
        for (let i = 0; i < 20; i++) {
          text.insert(0, `during ${i} `);
          const writer = i % 2 === 0 ? store : second;
          appends.push(writer.appendUpdates(updates.splice(0).map((update) => ({ boardId: id, update }))));
        }
        await Promise.all([compaction, ...appends]);
        assertSameDoc(docFrom(await store.loadUpdates(id)), doc);
        assertSameDoc(docFrom(await second.loadUpdates(id)), doc);
        // Two compactions at once (two nodes holding the board): one merge wins, nothing is lost.
        await Promise.all([store.compact(id), second.compact(id)]);
        const compacted = await second.loadUpdates(id);
        assert.equal(compacted.length, 1);
        assertSameDoc(docFrom(compacted), doc);
      } finally {
        await second.close();
      }
    });

    it('replaces a board by one snapshot', async () => {
      const { id, doc, updates } = await createFrom(store, 'Replace me');
      doc.getText('notes').insert(0, 'old text');
      await store.appendUpdates(updates.splice(0).map((update) => ({ boardId: id, update })));
      const fresh = new Y.Doc();
      fresh.getMap('meta').set('title', 'Restored');
      fresh.getText('notes').insert(0, 'restored text');
      const snapshot = Y.encodeStateAsUpdate(fresh);
      await store.replaceWithSnapshot(id, snapshot);
      const loaded = await store.loadUpdates(id);
      assert.equal(loaded.length, 1);
      assert.deepEqual(Buffer.from(loaded[0]), Buffer.from(snapshot));
      assertSameDoc(docFrom(loaded), fresh);
    });

    it('keeps an update appended after a snapshot was handed over (someone joins while the board unloads)', async () => {
      const { id, doc, updates } = await createFrom(store, 'Unload race');
      doc.getText('notes').insert(0, 'stored before');
      await store.appendUpdates(updates.splice(0).map((update) => ({ boardId: id, update })));
      const snapshot = Y.encodeStateAsUpdate(doc);
      doc.getMap('items').set('late', 'typed after the snapshot');
      // Not awaited in between: the append is called while the replace is on its way, as the
      // persister's is when a client joins an unloading room.
      const replaced = store.replaceWithSnapshot(id, snapshot);
      const appended = store.appendUpdates(updates.splice(0).map((update) => ({ boardId: id, update })));
      await Promise.all([replaced, appended]);
      assertSameDoc(docFrom(await store.loadUpdates(id)), doc);
    });

    it('keeps control state per board and name as JSON, overwrites it, and deletes it with null', async () => {
      const a = newBoardId();
      const b = newBoardId();
      const round = {
        status: 'voting',
        votes: { 'voter-1': '5', 'voter-2': '?' },
        startedAt: 1_700_000_000_123,
        note: 'ünïcödé ✓ "quoted"',
      };
      await store.setControlState(a, 'poker', round);
      await store.setControlState(a, 'agenda', [1, 'two', { three: null }]);
      await store.setControlState(b, 'poker', 'a string');
      assert.deepEqual(await store.getControlState(a, 'poker'), round);
      assert.deepEqual(await store.getControlState(a, 'agenda'), [1, 'two', { three: null }]);
      assert.equal(await store.getControlState(b, 'poker'), 'a string');
      assert.equal(await store.getControlState(a, 'trim'), null);

      await store.setControlState(a, 'poker', { status: 'revealed' });
      assert.deepEqual(await store.getControlState(a, 'poker'), { status: 'revealed' });
      await store.setControlState(a, 'poker', null);
      assert.equal(await store.getControlState(a, 'poker'), null);
      await store.setControlState(a, 'poker', null);
      assert.deepEqual(await store.getControlState(a, 'agenda'), [1, 'two', { three: null }]);
      assert.equal(await store.getControlState(b, 'poker'), 'a string');
    });

    it('stores a large update (4 MiB) byte for byte', async () => {
      const { id, doc, updates } = await createFrom(store, 'Large');
      doc.getText('notes').insert(0, randomBytes(3 * 1024 * 1024).toString('base64'));
      const large = updates.splice(0)[0];
      assert.ok(large.byteLength > 4 * 1024 * 1024);
      await store.appendUpdates([{ boardId: id, update: large }]);
      const loaded = await store.loadUpdates(id);
      assert.equal(Buffer.compare(Buffer.from(loaded[1]), Buffer.from(large)), 0);
      assertSameDoc(docFrom(loaded), doc);
    });

    it('takes concurrent appends from two stores on the same data, losing none', async () => {
      const second = await factory.open();
      try {
        const { id } = await createFrom(store, 'Two writers');
        const writers = [store, second].map(async (writer, w) => {
          const { doc, updates } = recordingDoc();
          for (let i = 0; i < 25; i++) {
            doc.getMap('items').set(`w${w}-${i}`, i);
            await writer.appendUpdates(updates.splice(0).map((update) => ({ boardId: id, update })));
          }
        });
        await Promise.all(writers);
        const loaded = await second.loadUpdates(id);
        assert.equal(loaded.length, 51);
        const items = docFrom(loaded).getMap('items');
        for (let w = 0; w < 2; w++) for (let i = 0; i < 25; i++) assert.equal(items.get(`w${w}-${i}`), i);
      } finally {
        await second.close();
      }
    });

    it('reports itself writable', async () => {
      assert.equal((await store.health()).writable, true);
    });

    it('refuses calls once closed, and closes twice without harm', async () => {
      const closing = await factory.open();
      const { id } = await createFrom(closing, 'Closed');
      await closing.close();
      await closing.close();
      await assert.rejects(closing.getBoard(id));
      assert.equal((await closing.health()).writable, false);
      assert.equal((await store.getBoard(id))?.title, 'Closed', 'what it stored stays');
    });
  });
}

/** Opens an attachment store on the runner's shared data; `acrossInstances`: two of them count one quota. */
export interface AttachmentStoreFactory {
  open(): Promise<{ attachments: AttachmentStore; close(): Promise<void> }>;
  acrossInstances: boolean;
}

const png = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);
const fileName = (ext = 'png') => `${randomBytes(12).toString('hex')}.${ext}`;

export function attachmentStoreContract(name: string, factory: AttachmentStoreFactory): void {
  describe(`AttachmentStore contract: ${name}`, () => {
    let opened: Awaited<ReturnType<AttachmentStoreFactory['open']>>;
    const quota = { maxFiles: 3, maxBytes: 10_000 };
    before(async () => {
      opened = await factory.open();
    });
    after(() => opened.close());

    it('stores files per board and gives them back byte for byte, listed with their sizes', async () => {
      const { attachments } = opened;
      const board = newBoardId();
      const [a, b] = [png(1000), png(2000)];
      const [nameA, nameB] = [fileName(), fileName()];
      assert.equal(await attachments.put(board, nameA, a, quota), 'stored');
      assert.equal(await attachments.put(board, nameB, b, quota), 'stored');
      assert.deepEqual(Buffer.from((await attachments.get(board, nameA))!), a);
      assert.deepEqual(Buffer.from((await attachments.get(board, nameB))!), b);
      assert.equal(await attachments.get(board, fileName()), null);
      assert.equal(await attachments.get(newBoardId(), nameA), null, 'another board does not see it');
      const listed = (await attachments.list(board)).sort((x, y) => x.size - y.size);
      assert.deepEqual(listed, [
        { file: nameA, size: 1000 },
        { file: nameB, size: 2000 },
      ]);
      assert.deepEqual(await attachments.list(newBoardId()), []);
    });

    it('refuses a file that would pass the board’s file or byte cap, storing nothing', async () => {
      const { attachments } = opened;
      const board = newBoardId();
      const big = fileName();
      assert.equal(await attachments.put(board, big, png(9000), quota), 'stored');
      const tooBig = fileName();
      assert.equal(await attachments.put(board, tooBig, png(1001), quota), 'bytes');
      assert.equal(await attachments.get(board, tooBig), null);
      assert.equal(await attachments.put(board, fileName(), png(500), quota), 'stored');
      assert.equal(await attachments.put(board, fileName(), png(100), quota), 'stored');
      assert.equal(await attachments.put(board, fileName(), png(10), quota), 'files');
      assert.equal((await attachments.list(board)).length, 3);
    });

    if (factory.acrossInstances) {
      it('counts one quota for parallel uploads through two instances', async () => {
        const other = await factory.open();
        try {
          const board = newBoardId();
          const outcomes = await Promise.all(
            Array.from({ length: 10 }, (_, i) => (i % 2 ? other : opened).attachments.put(board, fileName(), png(100), quota)),
          );
          assert.equal(outcomes.filter((o) => o === 'stored').length, 3);
          assert.equal((await other.attachments.list(board)).length, 3);
        } finally {
          await other.close();
        }
      });
    }
  });
}
