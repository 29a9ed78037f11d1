import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardOfEstimate, cardToEstimate, deckCards, manualEstimateCards, parseCustomCard } from './decks';

const labels = (kind: Parameters<typeof deckCards>[0]) => deckCards(kind).map((c) => c.label);

describe('decks', () => {
  it('offer the board deck for a manual estimate: its points and "?", never a break card', () => {
    const labels = manualEstimateCards({ kind: 'fibonacci' }).map((c) => c.label);
    assert.deepEqual(labels, ['0', '1', '2', '3', '5', '8', '13', '21', '34', '?']);
    assert.ok(!labels.includes('20') && !labels.includes('0.5'), 'not the modified deck');
    assert.ok(manualEstimateCards({ kind: 'modified-fibonacci' }).some((c) => c.label === '½'));
  });

  it('find the card an estimate was set with', () => {
    const fib = manualEstimateCards({ kind: 'fibonacci' });
    assert.equal(cardOfEstimate(fib, { value: 21, label: null })?.label, '21');
    assert.equal(cardOfEstimate(fib, { value: null, label: '?' })?.label, '?');
    assert.equal(cardOfEstimate(fib, { value: 20, label: null }), undefined);
    assert.equal(cardOfEstimate(fib, { value: null, label: null }), undefined);
    const shirts = manualEstimateCards({ kind: 't-shirt' });
    const m = shirts.find((c) => c.label === 'M')!;
    assert.equal(cardOfEstimate(shirts, cardToEstimate(m))?.label, 'M');
  });

  it('has the decks the issue lists, with ? and coffee', () => {
    assert.deepEqual(labels({ kind: 'fibonacci' }), ['0', '1', '2', '3', '5', '8', '13', '21', '34', '?', '☕']);
    assert.deepEqual(labels({ kind: 'modified-fibonacci' }), ['0', '½', '1', '2', '3', '5', '8', '13', '20', '40', '100', '?', '☕']);
    assert.deepEqual(labels({ kind: 'powers-of-2' }), ['0', '1', '2', '4', '8', '16', '32', '64', '?', '☕']);
    assert.deepEqual(labels({ kind: 't-shirt' }), ['XS', 'S', 'M', 'L', 'XL', 'XXL', '?', '☕']);
  });

  it('gives ½ and T-shirt sizes point values; ? and coffee have none', () => {
    const mod = deckCards({ kind: 'modified-fibonacci' });
    assert.equal(mod.find((c) => c.label === '½')?.value, 0.5);
    assert.equal(mod.find((c) => c.label === '?')?.value, null);
    assert.equal(deckCards({ kind: 't-shirt' }).find((c) => c.label === 'L')?.value, 5);
  });

  it('parses custom cards, drops duplicates', () => {
    assert.deepEqual(parseCustomCard('XL=13'), { label: 'XL', value: 13 });
    assert.deepEqual(parseCustomCard(' 3 '), { label: '3', value: 3 });
    assert.deepEqual(parseCustomCard('huge'), { label: 'huge', value: null });
    assert.deepEqual(labels({ kind: 'custom', custom: ['1', '2', '2', 'S=1', '?'] }), ['1', '2', 'S', '?']);
  });

  it('writes a card back as points plus a label only where the number is not the card', () => {
    assert.deepEqual(cardToEstimate({ label: '5', value: 5 }), { value: 5, label: null });
    assert.deepEqual(cardToEstimate({ label: '½', value: 0.5 }), { value: 0.5, label: '½' });
    assert.deepEqual(cardToEstimate({ label: 'M', value: 3 }), { value: 3, label: 'M' });
    assert.deepEqual(cardToEstimate({ label: '?', value: null }), { value: null, label: '?' });
  });
});
