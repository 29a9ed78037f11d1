/**
 * Splitting an item is one act, wherever it starts: from the poker panel (`poker:split`, the
 * server writes) or from the item itself (the drawer runs `splitItem` in its own Yjs doc). Two
 * boards are set up alike, one is split each way, and the children must come out the same:
 * titles, kinds, parent, and place among the children already there.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as Y from 'yjs';
import { createItem, setEstimate } from '../lib/board/mutations';
import { listItems, type ItemKind } from '../lib/board/schema';
import { MAX_SPLIT_CHILDREN, splitItem } from '../lib/refinement/split';
import { connectRecording } from './helpers/control-client';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';
import { connectDoc } from './helpers/yjs-client';

const SPLITTER = 'Fay';

/** A backlog with the item to split, a child it already has, and an item after them. */
function seed(doc: Y.Doc, kind: ItemKind): string {
  const parent = createItem(doc, { title: 'Too big', kind, position: { at: 'top' } });
  const existing = createItem(doc, { title: 'Already split off', kind: 'task', parentId: parent, position: { after: parent } });
  createItem(doc, { title: 'Unrelated', kind: 'story', position: { after: existing } });
  setEstimate(doc, parent, { value: 40, label: null });
  return parent;
}

/** The backlog in rank order, with ids replaced by titles so two boards compare. */
function layout(doc: Y.Doc) {
  const items = listItems(doc, { zone: 'backlog' });
  const titleOf = new Map(items.map((i) => [i.id, i.title]));
  return items.map((i) => ({
    title: i.title,
    kind: i.kind,
    parent: i.parentId === null ? null : (titleOf.get(i.parentId) ?? '?'),
    createdBy: i.createdBy,
  }));
}

async function boardWith(url: string, kind: ItemKind) {
  const board = await createBoard(url);
  const client = connectDoc(url, board.id, board.keys.facilitator);
  await client.synced();
  const parentId = seed(client.doc, kind);
  return { board, client, parentId };
}

describe('splitting from the poker panel and from the item', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  const cases: Array<{ kind: ItemKind; titles: string[] }> = [
    { kind: 'epic', titles: ['Pay by card', 'Pay by invoice'] },
    { kind: 'bug', titles: ['Reproduce', 'Fix', 'Regression test'] },
    // As many children as the item's own split form takes.
    { kind: 'story', titles: Array.from({ length: MAX_SPLIT_CHILDREN }, (_, i) => `Slice ${i + 1}`) },
  ];
  for (const { kind, titles } of cases) {
    it(`a ${kind} split into ${titles.length} gives the same children in the same places`, async () => {
      const fromPoker = await boardWith(server.url, kind);
      const fromItem = await boardWith(server.url, kind);
      const fay = await connectRecording(server.url, fromPoker.board.id, fromPoker.board.keys.facilitator, { name: SPLITTER });
      try {
        assert.equal((await fay.send('poker:settings', { sprintThreshold: 8 })).ok, true);
        const ack = await fay.send('poker:split', { itemId: fromPoker.parentId, titles });
        assert.equal(ack.ok, true, JSON.stringify(ack));
        const expectedCount = 3 + titles.length;
        await waitFor(() => listItems(fromPoker.client.doc).length === expectedCount, 5000, 'the children reach the other client');

        // What the item's drawer does: splitItem in its own doc, synced through the server.
        splitItem(fromItem.client.doc, fromItem.parentId, titles, { createdBy: SPLITTER });
        const watcher = connectDoc(server.url, fromItem.board.id, fromItem.board.keys.participant);
        try {
          await watcher.synced();
          await waitFor(() => listItems(watcher.doc).length === expectedCount, 5000, 'the children reach the server');
          assert.deepEqual(layout(fromPoker.client.doc), layout(watcher.doc));
        } finally {
          watcher.destroy();
        }
        const rows = layout(fromPoker.client.doc);
        // Spelled out once, so a change that breaks both ways alike still fails here.
        assert.deepEqual(
          rows.map((r) => r.title),
          ['Too big', 'Already split off', ...titles, 'Unrelated'],
        );
        const childKind = kind === 'epic' || kind === 'story' ? 'story' : 'task';
        assert.ok(rows.slice(2, -1).every((r) => r.kind === childKind && r.parent === 'Too big'));
      } finally {
        fay.close();
        fromPoker.client.destroy();
        fromItem.client.destroy();
      }
    });
  }
});
