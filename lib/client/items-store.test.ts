import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { createItem, moveItem, parkItem, purgeItem, setEstimate, setTitle, trimItems } from '../board/mutations';
import { listItems } from '../board/schema';
import { ItemsStore } from './items-store';

function board(count: number): { doc: Y.Doc; ids: string[] } {
  const doc = new Y.Doc();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(createItem(doc, { title: `Item ${i}`, kind: 'story', position: { at: 'bottom' } }));
  return { doc, ids };
}

test('matches listItems after every kind of change, local or remote', () => {
  const { doc, ids } = board(20);
  const store = new ItemsStore(doc);
  assert.deepEqual(store.getItems(), listItems(doc));
  moveItem(doc, ids[3], { at: 'top' });
  assert.deepEqual(store.getItems(), listItems(doc));
  setTitle(doc, ids[5], 'Renamed');
  setEstimate(doc, ids[6], { value: 5, label: null });
  parkItem(doc, ids[7], 'later');
  parkItem(doc, ids[8], null);
  trimItems(doc, [ids[8]]);
  purgeItem(doc, ids[8]);
  createItem(doc, { title: 'New', kind: 'bug', position: { after: ids[0] } });
  assert.deepEqual(store.getItems(), listItems(doc));

  // The same changes arriving as one remote update.
  const peer = new Y.Doc();
  const peerStore = new ItemsStore(peer);
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  assert.deepEqual(peerStore.getItems(), listItems(peer));
  moveItem(doc, ids[10], { at: 'bottom' });
  setTitle(doc, ids[11], 'Renamed remotely');
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer)));
  assert.deepEqual(peerStore.getItems(), listItems(peer));
  assert.deepEqual(peerStore.getItems(), store.getItems());
});

test('keeps the object of every item a change did not touch', () => {
  const { doc, ids } = board(10);
  const store = new ItemsStore(doc);
  const before = store.getItems();
  setTitle(doc, ids[2], 'Changed');
  const after = store.getItems();
  assert.notEqual(after, before);
  for (let i = 0; i < after.length; i++) {
    if (after[i].id === ids[2]) assert.notEqual(after[i], before[i]);
    else assert.equal(after[i], before[i]);
  }
  moveItem(doc, ids[0], { at: 'bottom' });
  const moved = store.getItems();
  assert.equal(moved[moved.length - 1].id, ids[0]);
  assert.equal(
    moved.find((item) => item.id === ids[5]),
    before.find((item) => item.id === ids[5]),
  );
});

test('notifies once per transaction with the touched ids', () => {
  const { doc, ids } = board(5);
  const store = new ItemsStore(doc);
  const seen: string[][] = [];
  let notified = 0;
  store.onChange(({ touched }) => seen.push([...touched].sort()));
  store.subscribe(() => notified++);
  doc.transact(() => {
    setTitle(doc, ids[1], 'One');
    setEstimate(doc, ids[3], { value: 3, label: null });
  });
  assert.equal(notified, 1);
  assert.deepEqual(seen, [[ids[1], ids[3]].sort()]);
  store.destroy();
  setTitle(doc, ids[1], 'Two');
  assert.equal(notified, 1);
});
