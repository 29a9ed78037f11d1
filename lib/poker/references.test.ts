import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deckCards } from './decks';
import { referenceItemsByCard } from './references';

describe('reference items', () => {
  it('up to three per card, by label or points, newest first, not the current item', () => {
    const items = [
      { id: 'a', title: 'A', estimate: 5, estimateLabel: null, updatedAt: 1 },
      { id: 'b', title: 'B', estimate: 5, estimateLabel: null, updatedAt: 5 },
      { id: 'c', title: 'C', estimate: 5, estimateLabel: null, updatedAt: 3 },
      { id: 'd', title: 'D', estimate: 5, estimateLabel: null, updatedAt: 4 },
      { id: 'e', title: 'E', estimate: 3, estimateLabel: null, updatedAt: 4 },
      { id: 'f', title: 'F', estimate: null, estimateLabel: null, updatedAt: 9 },
    ];
    const refs = referenceItemsByCard(items, deckCards({ kind: 'fibonacci' }), 'e');
    assert.deepEqual(
      refs.get('5')?.map((r) => r.id),
      ['b', 'd', 'c'],
    );
    assert.equal(refs.has('3'), false);
    const tshirt = referenceItemsByCard(
      [{ id: 'm', title: 'M', estimate: 3, estimateLabel: 'M', updatedAt: 1 }],
      deckCards({ kind: 't-shirt' }),
      null,
    );
    assert.deepEqual(
      tshirt.get('M')?.map((r) => r.id),
      ['m'],
    );
  });
});
