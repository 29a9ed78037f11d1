import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { createItem, parkItem } from '../board/mutations';
import { initBoardDoc, listItems } from '../board/schema';
import { MAX_RANK_LENGTH } from '../board/rank';
import { applySortPlan, longestIncreasingSubsequence, planRanksForOrder, planSortByScore } from './sort';

const cards = (ids: string[]) => ids.map((id) => ({ id, title: id.toUpperCase() }));

describe('planSortByScore', () => {
  it('orders by score, highest first, and lists only the cards that move', () => {
    const scores: Record<string, number | null> = { a: 1, b: 5, c: 3 };
    const plan = planSortByScore(cards(['a', 'b', 'c']), (id) => scores[id]);
    assert.deepEqual(plan.order, ['b', 'c', 'a']);
    assert.deepEqual(plan.moves, [
      { id: 'b', title: 'B', from: 1, to: 0 },
      { id: 'c', title: 'C', from: 2, to: 1 },
      { id: 'a', title: 'A', from: 0, to: 2 },
    ]);
  });

  it('is stable for ties and keeps unscored cards below, in their order', () => {
    const scores: Record<string, number | null> = { a: null, b: 2, c: null, d: 2, e: 9 };
    const plan = planSortByScore(cards(['a', 'b', 'c', 'd', 'e']), (id) => scores[id]);
    assert.deepEqual(plan.order, ['e', 'b', 'd', 'a', 'c']);
  });

  it('has no moves when already sorted', () => {
    assert.deepEqual(planSortByScore(cards(['a', 'b']), (id) => (id === 'a' ? 2 : 1)).moves, []);
  });
});

describe('longestIncreasingSubsequence', () => {
  it('finds one longest run', () => {
    assert.deepEqual(longestIncreasingSubsequence([]), []);
    assert.equal(longestIncreasingSubsequence([3, 1, 2, 0, 4]).length, 3);
    assert.deepEqual(longestIncreasingSubsequence([0, 1, 2]), [0, 1, 2]);
  });
});

describe('planRanksForOrder', () => {
  it('rewrites only the cards out of place', () => {
    const current = [
      { id: 'a', rank: 'a0' },
      { id: 'b', rank: 'a1' },
      { id: 'c', rank: 'a2' },
      { id: 'd', rank: 'a3' },
    ];
    const assignments = planRanksForOrder(current, ['d', 'a', 'b', 'c']);
    assert.deepEqual(
      assignments.map((a) => a.id),
      ['d'],
    );
    assert.ok(assignments[0].rank < 'a0');
  });

  it('falls back to fresh keys for all when fixed neighbours are tied', () => {
    const current = [
      { id: 'a', rank: 'a0' },
      { id: 'b', rank: 'a0' },
      { id: 'c', rank: 'a1' },
    ];
    const assignments = planRanksForOrder(current, ['a', 'c', 'b']);
    const rank = new Map(current.map((c) => [c.id, c.rank]));
    for (const a of assignments) rank.set(a.id, a.rank);
    const sorted = ['a', 'b', 'c'].sort((x, y) => (rank.get(x)! < rank.get(y)! ? -1 : rank.get(x)! > rank.get(y)! ? 1 : x < y ? -1 : 1));
    assert.deepEqual(sorted, ['a', 'c', 'b']);
  });

  it('falls back to fresh keys for all when a fixed neighbour has a key no move builds on (over MAX_RANK_LENGTH)', () => {
    const long = 'a0' + 'V'.repeat(MAX_RANK_LENGTH * 5);
    const current = [
      { id: 'a', rank: long + 'G' },
      { id: 'b', rank: long + 'H' },
      { id: 'c', rank: long + 'J' },
    ];
    const assignments = planRanksForOrder(current, ['a', 'c', 'b']);
    assert.ok(
      assignments.every((a) => a.rank.length <= 16),
      `keys of ${assignments.map((a) => a.rank.length).join(', ')} characters`,
    );
    const rank = new Map(current.map((c) => [c.id, c.rank]));
    for (const a of assignments) rank.set(a.id, a.rank);
    assert.deepEqual(
      ['a', 'b', 'c'].sort((x, y) => (rank.get(x)! < rank.get(y)! ? -1 : 1)),
      ['a', 'c', 'b'],
    );
  });
});

describe('applySortPlan', () => {
  function board() {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: 'T', now: 1 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) createItem(doc, { id, title: id, kind: 'story', position: { at: 'bottom' } });
    return doc;
  }
  const order = (doc: Y.Doc) => listItems(doc, { zone: 'backlog' }).map((v) => v.id);

  it('puts the plan into effect in one transaction that one undo reverts', () => {
    const doc = board();
    const undo = new Y.UndoManager(doc.getMap('items'), { trackedOrigins: new Set(['sort']) });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const plan = planSortByScore(cards(order(doc)), (id) => ({ a: 1, b: 2, c: 3, d: 4, e: 5 })[id]!);
    applySortPlan(doc, plan, 'sort');
    assert.equal(transactions, 1);
    assert.deepEqual(order(doc), ['e', 'd', 'c', 'b', 'a']);
    undo.undo();
    assert.deepEqual(order(doc), ['a', 'b', 'c', 'd', 'e']);
  });

  it('skips cards that left the backlog since the preview', () => {
    const doc = board();
    const plan = planSortByScore(cards(order(doc)), (id) => ({ a: 1, b: 2, c: 3, d: 4, e: 5 })[id]!);
    parkItem(doc, 'c', 'later');
    applySortPlan(doc, plan);
    assert.deepEqual(order(doc), ['e', 'd', 'b', 'a']);
  });

  it('converges when two peers sort at once', () => {
    const a = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const score = (id: string) => ({ a: 1, b: 2, c: 3, d: 4, e: 5 })[id]!;
    applySortPlan(a, planSortByScore(cards(order(a)), score));
    applySortPlan(b, planSortByScore(cards(order(b)), score));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    assert.deepEqual(order(a), order(b));
    assert.equal(new Set(order(a)).size, 5);
  });
});
