import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { createItem, setEstimate, trimItems, parkItem } from '../board/mutations';
import { initBoardDoc, listItems } from '../board/schema';
import { childKindFor, childProgress, parseSplitTitles, splitItem } from './split';

function board() {
  const doc = new Y.Doc();
  initBoardDoc(doc, { title: 'T', now: 1 });
  createItem(doc, { id: 'top', title: 'Top', kind: 'story', position: { at: 'bottom' } });
  createItem(doc, { id: 'epic', title: 'Checkout', kind: 'epic', position: { at: 'bottom' } });
  createItem(doc, { id: 'next', title: 'Next', kind: 'story', position: { at: 'bottom' } });
  return doc;
}

describe('parseSplitTitles', () => {
  it('takes one title per line, without blanks or list markers', () => {
    assert.deepEqual(parseSplitTitles('- Pay by card\n\n  * Pay by invoice  \n1. Refunds\n[ ] Receipts\r\nplain'), [
      'Pay by card',
      'Pay by invoice',
      'Refunds',
      'Receipts',
      'plain',
    ]);
    assert.deepEqual(parseSplitTitles(' \n\n'), []);
  });
});

describe('splitItem', () => {
  it('ranks the children right after the parent, in order, with their parent set', () => {
    const doc = board();
    const ids = splitItem(doc, 'epic', ['Pay by card', 'Pay by invoice']);
    const order = listItems(doc).map((v) => v.title);
    assert.deepEqual(order, ['Top', 'Checkout', 'Pay by card', 'Pay by invoice', 'Next']);
    for (const v of listItems(doc).filter((v) => ids.includes(v.id))) {
      assert.equal(v.parentId, 'epic');
      assert.equal(v.kind, 'story');
    }
  });

  it('adds later children after the existing ones', () => {
    const doc = board();
    splitItem(doc, 'epic', ['One']);
    splitItem(doc, 'epic', ['Two']);
    assert.deepEqual(
      listItems(doc).map((v) => v.title),
      ['Top', 'Checkout', 'One', 'Two', 'Next'],
    );
  });

  it('is one transaction, undone in one step', () => {
    const doc = board();
    const undo = new Y.UndoManager(doc.getMap('items'), { trackedOrigins: new Set(['me']) });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    splitItem(doc, 'epic', ['A', 'B', 'C'], {}, 'me');
    assert.equal(transactions, 1);
    undo.undo();
    assert.equal(listItems(doc).length, 3);
  });

  it('refuses an unknown parent and empty input', () => {
    const doc = board();
    assert.throws(() => splitItem(doc, 'nope', ['A']), { name: 'BoardError' });
    assert.throws(() => splitItem(doc, 'epic', ['  ']), { name: 'BoardError' });
  });

  it('picks child kinds', () => {
    assert.equal(childKindFor('epic'), 'story');
    assert.equal(childKindFor('story'), 'story');
    assert.equal(childKindFor('bug'), 'task');
  });
});

describe('childProgress', () => {
  it('counts estimated children and compares their sum with the parent', () => {
    const doc = board();
    const [a, b, c] = splitItem(doc, 'epic', ['A', 'B', 'C']);
    setEstimate(doc, 'epic', { value: 13, label: null });
    setEstimate(doc, a, { value: 5, label: null });
    setEstimate(doc, b, { value: 8, label: null });
    parkItem(doc, c);
    trimItems(doc, [c]);
    const items = listItems(doc);
    const epic = items.find((v) => v.id === 'epic')!;
    assert.deepEqual(childProgress(epic, items), { total: 2, estimated: 2, sum: 13, own: 13, difference: 0 });
    setEstimate(doc, b, { value: 13, label: null });
    assert.equal(childProgress(epic, listItems(doc))!.difference, 5);
    assert.equal(
      childProgress(
        items.find((v) => v.id === 'top')!,
        items,
      ),
      null,
    );
  });
});
