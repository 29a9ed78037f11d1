import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, waitFor } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { storedUpdates } from './cluster-clients';
import { twoNodes } from './cluster-nodes';

describe('cluster: a board on two nodes', () => {
  const nodes = twoNodes({ together: true });

  it('clients on node A and node B edit the same board and converge, stock y-websocket on either node', async () => {
    const { a, b } = nodes;
    const board = await createBoard(a.url, 'Two nodes');
    const onA = connectDoc(a.url, board.id, board.keys.participant);
    const onB = connectDoc(b.url, board.id, board.keys.facilitator);
    try {
      await Promise.all([onA.synced(), onB.synced()]);
      assert.equal(onB.doc.getMap('meta').get('title'), 'Two nodes', 'node B loads what node A created');
      onA.doc.getText('notes').insert(0, 'from A. ');
      onB.doc.getText('notes').insert(0, 'from B. ');
      for (let i = 0; i < 20; i++) (i % 2 ? onA : onB).doc.getMap('scratch').set(`k${i}`, i);
      const same = () =>
        onA.doc.getMap('scratch').size === 20 &&
        onB.doc.getMap('scratch').size === 20 &&
        onA.doc.getText('notes').toString() === onB.doc.getText('notes').toString() &&
        onA.doc.getText('notes').length === 16;
      await waitFor(same, 10_000, 'both nodes converge');
      assert.deepEqual(onA.doc.getMap('scratch').toJSON(), onB.doc.getMap('scratch').toJSON());
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });

  it('stores each update once, by the node that received it', async () => {
    const { cluster, a, b } = nodes;
    const board = await createBoard(b.url, 'Stored once');
    const onA = connectDoc(a.url, board.id, board.keys.participant);
    const onB = connectDoc(b.url, board.id, board.keys.participant);
    try {
      await Promise.all([onA.synced(), onB.synced()]);
      const before = (await storedUpdates(cluster.databaseUrl, board.id)).rows;
      // Ten separate transactions on each side, each its own update; the other node hears them all.
      for (let i = 0; i < 10; i++) {
        onA.doc.getMap('scratch').set(`a${i}`, i);
        onB.doc.getMap('scratch').set(`b${i}`, i);
        await new Promise((r) => setTimeout(r, 30));
      }
      await waitFor(() => onA.doc.getMap('scratch').size === 20 && onB.doc.getMap('scratch').size === 20, 10_000, 'relay');
      // Stored by the group commit within a few tens of ms; wait until the rows stop growing.
      let stored = await storedUpdates(cluster.databaseUrl, board.id);
      for (let last = -1; stored.rows !== last;) {
        last = stored.rows;
        await new Promise((r) => setTimeout(r, 300));
        stored = await storedUpdates(cluster.databaseUrl, board.id);
      }
      assert.equal(stored.rows - before, 20, 'one row per update: none stored twice, none missing');
      assert.deepEqual(stored.doc.getMap('scratch').toJSON(), onA.doc.getMap('scratch').toJSON());
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });

  it('relays presence (awareness) between nodes', async () => {
    const { a, b } = nodes;
    const board = await createBoard(a.url);
    const onA = connectDoc(a.url, board.id, board.keys.participant);
    const onB = connectDoc(b.url, board.id, board.keys.participant);
    try {
      await Promise.all([onA.synced(), onB.synced()]);
      onA.provider.awareness.setLocalStateField('user', { name: 'Ann on A' });
      onB.provider.awareness.setLocalStateField('user', { name: 'Bo on B' });
      const names = (doc: typeof onA) =>
        Array.from(doc.provider.awareness.getStates().values())
          .map((s) => (s.user as { name?: string } | undefined)?.name)
          .filter(Boolean)
          .sort();
      await waitFor(() => names(onA).length === 2 && names(onB).length === 2, 10_000, 'presence on both nodes');
      assert.deepEqual(names(onA), ['Ann on A', 'Bo on B']);
      assert.deepEqual(names(onB), ['Ann on A', 'Bo on B']);
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });

  it('a node that loads the board cold gets what the other node stored', async () => {
    const { a, b } = nodes;
    const board = await createBoard(a.url);
    const writer = connectDoc(a.url, board.id, board.keys.participant);
    await writer.synced();
    for (let i = 0; i < 50; i++) writer.doc.getMap('scratch').set(`w${i}`, i);
    // Node B has never loaded the board; it connects while node A's writes may still be in flight.
    const late = connectDoc(b.url, board.id, board.keys.participant);
    try {
      await late.synced();
      await waitFor(() => late.doc.getMap('scratch').size === 50, 10_000, 'everything on node B');
    } finally {
      writer.destroy();
      late.destroy();
    }
  });
});
