import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import pino from 'pino';
import { RoomRegistry } from './room-registry';
import type { Store } from '../store/store';
import type { RelayChannel, RoomRelay } from './room-relay';

/** An in-memory store whose appends can be made to fail, like a full disk. */
function memoryStore() {
  const updates = new Map<string, Uint8Array[]>();
  const state = { failAppends: false, snapshots: 0 };
  const store: Partial<Store> = {
    async loadUpdates(boardId) {
      return [...(updates.get(boardId) ?? [])];
    },
    async appendUpdates(batch) {
      if (state.failAppends) throw new Error('disk full');
      for (const { boardId, update } of batch) updates.set(boardId, [...(updates.get(boardId) ?? []), update]);
    },
    async replaceWithSnapshot(boardId, snapshot) {
      state.snapshots += 1;
      updates.set(boardId, [snapshot]);
    },
    async compact(boardId) {
      state.snapshots += 1;
      const rows = updates.get(boardId) ?? [];
      const merged = Y.mergeUpdates(rows);
      updates.set(boardId, [merged]);
      return { before: rows.length, bytes: merged.byteLength };
    },
  };
  return { store: store as Store, updates, state };
}

const silent = pino({ level: 'silent' });
const limits = {
  maxMessageBytes: 1 << 20,
  maxUpdateBytes: 8 << 20,
  maxDocBytes: 32 << 20,
  maxAwarenessBytes: 16 << 10,
  maxHeldBytes: 1 << 20,
  step2WaitMs: 10_000,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RoomRegistry', () => {
  it('loads a board once for concurrent holders and unloads it after the last leaves', async () => {
    const { store } = memoryStore();
    const rooms = new RoomRegistry(store, { commitWindowMs: 1, compactThreshold: 1000, limits }, silent);
    const [a, b] = await Promise.all([rooms.acquire('board-1'), rooms.acquire('board-1')]);
    assert.equal(a, b);
    rooms.release('board-1');
    await sleep(20);
    assert.ok(rooms.isLoaded('board-1'), 'still held by one');
    rooms.release('board-1');
    await sleep(50);
    assert.equal(rooms.isLoaded('board-1'), false);
    await rooms.close();
  });

  it('keeps a board loaded for the grace period, so a quick return does not reload it', async () => {
    const { store } = memoryStore();
    let loads = 0;
    const loadUpdates = store.loadUpdates.bind(store);
    store.loadUpdates = (id) => (loads++, loadUpdates(id));
    const rooms = new RoomRegistry(store, { commitWindowMs: 1, compactThreshold: 1000, limits, unloadGraceMs: 150 }, silent);
    const first = await rooms.acquire('board-1');
    rooms.release('board-1');
    await sleep(50);
    assert.equal(await rooms.acquire('board-1'), first, 'the same room, not reloaded');
    rooms.release('board-1');
    await sleep(400);
    assert.equal(rooms.isLoaded('board-1'), false, 'unloaded once the grace period passed');
    assert.equal(loads, 1);
    await rooms.close();
  });

  it('keeps a board in memory while its updates cannot be stored, then stores and unloads it', async () => {
    const { store, updates, state } = memoryStore();
    const rooms = new RoomRegistry(store, { commitWindowMs: 1, compactThreshold: 1000, limits }, silent);
    const room = await rooms.acquire('board-2');
    state.failAppends = true;
    room.doc.getText('notes').insert(0, 'typed while the disk was full');
    rooms.release('board-2');
    await sleep(100);
    assert.ok(rooms.isLoaded('board-2'), 'not unloaded with unstored edits');
    state.failAppends = false;
    // The persister retries after 500 ms; the unload retries every second.
    const deadline = Date.now() + 5000;
    while (rooms.isLoaded('board-2') && Date.now() < deadline) await sleep(50);
    assert.equal(rooms.isLoaded('board-2'), false);
    const reloaded = new Y.Doc();
    for (const u of updates.get('board-2') ?? []) Y.applyUpdate(reloaded, u);
    assert.equal(reloaded.getText('notes').toString(), 'typed while the disk was full');
    await rooms.close();
  });

  it('compacts once the threshold is reached, keeping every edit', async () => {
    const { store, updates, state } = memoryStore();
    const rooms = new RoomRegistry(store, { commitWindowMs: 1, compactThreshold: 10, limits }, silent);
    const room = await rooms.acquire('board-3');
    for (let i = 0; i < 30; i++) {
      room.doc.getArray<number>('xs').push([i]);
      await sleep(3);
    }
    await rooms.persister.flush();
    await sleep(20);
    assert.ok(state.snapshots >= 1, 'compacted');
    assert.ok((updates.get('board-3') ?? []).length < 30);
    const reloaded = new Y.Doc();
    for (const u of updates.get('board-3') ?? []) Y.applyUpdate(reloaded, u);
    assert.deepEqual(
      reloaded.getArray('xs').toArray(),
      Array.from({ length: 30 }, (_, i) => i),
    );
    rooms.release('board-3');
    await rooms.close();
  });
  it('closes the relay channel when a board fails to load, so the next load can open it again', async () => {
    const { store, updates } = memoryStore();
    updates.set('board-bad', [new Uint8Array([0xff, 0xff, 0xff, 0x01])]); // not a Yjs update
    // A relay like the cluster's: one open channel per board at a time.
    const open = new Set<string>();
    const relay: RoomRelay = {
      async open(boardId) {
        if (open.has(boardId)) throw new Error(`relay channel ${boardId} opened twice`);
        open.add(boardId);
        const channel: RelayChannel = {
          attach: () => {},
          publishUpdate: () => {},
          publishAwareness: () => {},
          close: () => open.delete(boardId),
        };
        return channel;
      },
      stored: () => {},
    };
    const rooms = new RoomRegistry(store, { commitWindowMs: 1, compactThreshold: 1000, limits }, silent, relay);
    await assert.rejects(rooms.acquire('board-bad'));
    assert.equal(open.has('board-bad'), false, 'channel closed after the failed load');
    updates.set('board-bad', []); // mended
    await rooms.acquire('board-bad');
    assert.equal(open.has('board-bad'), true);
    rooms.release('board-bad');
    await rooms.close();
  });
});
