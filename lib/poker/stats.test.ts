import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deckCards } from './decks';
import { average, computeStats, median, nearestCard } from './stats';

const fib = deckCards({ kind: 'fibonacci' });
const votes = (...cards: string[]) => cards.map((card, i) => ({ voterId: `v${i}`, card }));

describe('poker statistics', () => {
  it('average and median of numbers', () => {
    assert.equal(average([]), null);
    assert.equal(average([1, 2, 6]), 3);
    assert.equal(median([8, 1, 3]), 3);
    assert.equal(median([1, 2, 3, 5]), 2.5);
  });

  it('nearest deck value, ties round up, non-estimates ignored', () => {
    assert.equal(nearestCard(fib, 4)?.label, '5');
    assert.equal(nearestCard(fib, 6)?.label, '5');
    assert.equal(nearestCard(fib, 10.5)?.label, '13');
    assert.equal(nearestCard(fib, 100)?.label, '34');
    assert.equal(nearestCard(fib, null), null);
    assert.equal(nearestCard(deckCards({ kind: 'modified-fibonacci' }), 0.6)?.label, '½');
  });

  it('summarises a split vote: distribution, mode, outliers, suggestion', () => {
    const s = computeStats(fib, votes('3', '5', '5', '13', '?'));
    assert.equal(s.voteCount, 5);
    assert.equal(s.numericCount, 4);
    assert.equal(s.average, 6.5);
    assert.equal(s.median, 5);
    assert.deepEqual(s.mode, ['5']);
    assert.equal(s.consensus, false);
    assert.equal(s.nearConsensus, false);
    assert.deepEqual(s.highVoterIds, ['v3']);
    assert.deepEqual(s.lowVoterIds, ['v0']);
    assert.equal(s.suggested?.label, '8');
    assert.equal(s.distribution.find((d) => d.label === '5')?.count, 2);
    assert.equal(s.distribution.length, fib.length);
  });

  it('consensus when every estimate is the same card (coffee does not count), no outliers', () => {
    const s = computeStats(fib, votes('8', '8', '☕'));
    assert.equal(s.consensus, true);
    assert.deepEqual(s.highVoterIds, []);
    assert.deepEqual(s.mode, ['8']);
    assert.equal(s.suggested?.label, '8');
  });

  it('near consensus on neighbouring cards; ? breaks consensus', () => {
    assert.equal(computeStats(fib, votes('5', '8', '8')).nearConsensus, true);
    assert.equal(computeStats(fib, votes('5', '?')).consensus, false);
    assert.equal(computeStats(fib, votes('?', '?')).consensus, false);
  });

  it('T-shirt sizes average through their points', () => {
    const tshirt = deckCards({ kind: 't-shirt' });
    const s = computeStats(tshirt, votes('S', 'L'));
    assert.equal(s.average, 3.5);
    assert.equal(s.suggested?.label, 'M');
  });

  it('no votes: nothing to report', () => {
    const s = computeStats(fib, []);
    assert.equal(s.average, null);
    assert.deepEqual(s.mode, []);
    assert.equal(s.consensus, false);
    assert.equal(s.suggested, null);
  });
});
