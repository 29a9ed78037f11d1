import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { createItem, moveToTop, parkItem, setEstimate, trimItems } from './mutations';
import { buildBoardPreview } from './preview';
import { getItemMap, initBoardDoc, listItems } from './schema';

function board(count: number): Y.Doc {
  const doc = new Y.Doc();
  initBoardDoc(doc, { title: 'Checkout', now: 1 });
  for (let i = 0; i < count; i++) createItem(doc, { id: `item-${i}`, title: `Item ${i}`, kind: 'story', position: { at: 'bottom' } });
  return doc;
}

describe('buildBoardPreview', () => {
  it('lists the top of the backlog in rank order, numbered, with the counts', () => {
    const doc = board(6);
    moveToTop(doc, 'item-4');
    parkItem(doc, 'item-1', 'stale');
    trimItems(doc, ['item-1']);
    parkItem(doc, 'item-2');
    setEstimate(doc, 'item-4', { value: 5, label: null });
    const preview = buildBoardPreview(doc, 'participant', 3);
    assert.equal(preview.title, 'Checkout');
    assert.equal(preview.role, 'participant');
    assert.deepEqual(
      preview.items.map((item) => [item.position, item.id, item.title]),
      [
        [1, 'item-4', 'Item 4'],
        [2, 'item-0', 'Item 0'],
        [3, 'item-3', 'Item 3'],
      ],
    );
    assert.equal(preview.items[0].estimate, 5);
    assert.equal(preview.backlogCount, 4);
    assert.equal(preview.tailCount, 1);
  });

  it('orders exactly as the live list does, ties on rank broken by id', () => {
    const doc = board(4);
    // Two peers that ranked concurrently can leave equal ranks behind.
    const rank = getItemMap(doc, 'item-0')!.get('rank');
    getItemMap(doc, 'item-3')!.set('rank', rank);
    const live = listItems(doc, { zone: 'backlog' }).map((item) => item.id);
    assert.deepEqual(
      buildBoardPreview(doc, 'spectator').items.map((item) => item.id),
      live,
    );
  });

  it('reads damaged items the way the board does instead of failing', () => {
    const doc = board(2);
    doc.getMap('items').set('junk', 'not an item' as never);
    getItemMap(doc, 'item-1')!.set('zone', 42);
    getItemMap(doc, 'item-1')!.set('rank', null);
    const preview = buildBoardPreview(doc, 'facilitator');
    assert.deepEqual(
      preview.items.map((item) => item.id),
      ['item-1', 'item-0'],
    );
  });

  it('is empty for a new board', () => {
    const preview = buildBoardPreview(board(0), 'participant');
    assert.deepEqual(preview.items, []);
    assert.equal(preview.backlogCount, 0);
  });
});
