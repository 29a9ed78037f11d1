import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import {
  acceptEstimate,
  effectiveSprintThreshold,
  exceedsSprint,
  parseDeckSpec,
  readDeckSpec,
  parseEstimateHistory,
  readEstimateHistory,
  readEstimationSettings,
  writeEstimationSettings,
  type EstimateRecord,
} from './estimation';
import { createItem } from './mutations';
import { getMetaMap, listItems } from './schema';

const record = (n: number, accepted: EstimateRecord['accepted'] = null): EstimateRecord => ({
  roundId: `r${n}`,
  number: n,
  revealedAt: 1000 + n,
  deck: 'fibonacci',
  target: 'estimate',
  votes: [{ name: 'Pat', vote: '5' }],
  average: 5,
  median: 5,
  mode: ['5'],
  consensus: true,
  accepted,
  acceptedAt: accepted ? 2000 : null,
});

describe('estimation in the board doc', () => {
  it('accepting writes estimate and history in one update, visible to a peer', () => {
    const doc = new Y.Doc();
    const id = createItem(doc, { title: 'Login', kind: 'story', position: { at: 'top' } });
    let updates = 0;
    doc.on('update', () => updates++);
    acceptEstimate(doc, id, { estimate: { value: 5, label: null }, records: [record(1), record(2, { label: '5', value: 5 })] }, 'server');
    assert.equal(updates, 1);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const view = listItems(peer)[0];
    assert.equal(view.estimate, 5);
    assert.equal(readEstimateHistory(peer, id).length, 2);
    assert.deepEqual(parseEstimateHistory(view.estimateHistory)[1].accepted, { label: '5', value: 5 });
    acceptEstimate(doc, id, { estimate: { value: 3, label: null }, records: [record(3, { label: '3', value: 3 })] });
    assert.deepEqual(
      readEstimateHistory(doc, id).map((r) => r.roundId),
      ['r1', 'r2', 'r3'],
      'appends',
    );
  });

  it('history reader drops garbage a peer may have written', () => {
    assert.deepEqual(parseEstimateHistory([null, 3, { roundId: 5 }, { roundId: 'x' }]), []);
    assert.equal(parseEstimateHistory([{ ...record(1), votes: [{ name: 1 }, { name: 'A', vote: '3' }] }])[0].votes.length, 1);
  });

  it('history records say what was estimated; older records without a target were estimates', () => {
    const { target: _omitted, ...old } = record(1);
    assert.equal(parseEstimateHistory([old])[0].target, 'estimate');
    assert.equal(parseEstimateHistory([{ ...record(2), target: 'businessValue' }])[0].target, 'businessValue');
    assert.equal(parseEstimateHistory([{ ...record(3), target: 'nonsense' }])[0].target, 'estimate');
  });

  it('settings round-trip through meta and fall back to defaults when odd', () => {
    const doc = new Y.Doc();
    assert.deepEqual(readEstimationSettings(doc), { deck: { kind: 'fibonacci' }, autoReveal: false, sprintThreshold: 13 });
    writeEstimationSettings(doc, { deck: { kind: 'custom', custom: ['1', 'XL=13'] }, autoReveal: true, sprintThreshold: null });
    assert.deepEqual(readEstimationSettings(doc), {
      deck: { kind: 'custom', custom: ['1', 'XL=13'] },
      autoReveal: true,
      sprintThreshold: null,
    });
    getMetaMap(doc).set('deck', { kind: 'nonsense' });
    getMetaMap(doc).set('sprintThreshold', -4);
    assert.deepEqual(readEstimationSettings(doc), { deck: { kind: 'fibonacci' }, autoReveal: true, sprintThreshold: 13 });
  });
});

describe('parseDeckSpec: the one rule for a deck (doc, wire, stored poker state)', () => {
  it('takes a built-in kind, or a custom deck of 2 to 24 trimmed labels of 1 to 12 characters', () => {
    assert.deepEqual(parseDeckSpec({ kind: 't-shirt' }), { kind: 't-shirt' });
    assert.deepEqual(parseDeckSpec({ kind: 'custom', custom: [' 1 ', 'XL=13', '☕'] }), { kind: 'custom', custom: ['1', 'XL=13', '☕'] });
    assert.deepEqual(parseDeckSpec({ kind: 'custom', custom: ['a', 'b'], extra: 'dropped' }), { kind: 'custom', custom: ['a', 'b'] });
    assert.deepEqual(parseDeckSpec({ kind: 'fibonacci', custom: undefined }), { kind: 'fibonacci' });
    const longest = Array.from({ length: 24 }, (_, i) => `c${i}`);
    assert.deepEqual(parseDeckSpec({ kind: 'custom', custom: longest }), { kind: 'custom', custom: longest });
  });

  it('counts a label in characters (code points), as the zod schema it replaced did: decks stored before still read', () => {
    // 7 and 12 emoji are 14 and 24 UTF-16 units; the family emoji with "=5" is 13 units, 9 code points.
    const emoji = { kind: 'custom', custom: ['🐢'.repeat(7), '👨‍👩‍👧‍👦=5', '🐢'.repeat(12)] };
    assert.deepEqual(parseDeckSpec(emoji), emoji);
    assert.equal(parseDeckSpec({ kind: 'custom', custom: ['ok', '🐢'.repeat(13)] }), null);
  });

  it('refuses anything else', () => {
    for (const bad of [
      null,
      undefined,
      'fibonacci',
      ['fibonacci'],
      {},
      { kind: 'nonsense' },
      { kind: 'custom', custom: ['only one'] },
      { kind: 'custom', custom: Array.from({ length: 25 }, (_, i) => `c${i}`) },
      { kind: 'custom', custom: ['ok', '   '] },
      { kind: 'custom', custom: ['ok', 'thirteen char'] },
      { kind: 'custom', custom: ['ok', 5] },
      { kind: 'custom', custom: 'a,b' },
    ]) {
      assert.equal(parseDeckSpec(bad), null, JSON.stringify(bad));
    }
  });
});

describe('readDeckSpec: why a deck is refused, in words a facilitator can act on', () => {
  it('names the card and the limit', () => {
    assert.deepEqual(readDeckSpec({ kind: 'custom', custom: ['1', 'thirteen char'] }), {
      problem: 'Card 2 of the deck is longer than 12 characters',
    });
    assert.deepEqual(readDeckSpec({ kind: 'custom', custom: ['1', '  '] }), { problem: 'Card 2 of the deck is empty' });
    assert.deepEqual(readDeckSpec({ kind: 'custom', custom: [1, 'a'] }), { problem: 'Card 1 of the deck is not text' });
    assert.deepEqual(readDeckSpec({ kind: 'custom', custom: ['a'] }), { problem: 'A custom deck needs 2 to 24 cards' });
    assert.match((readDeckSpec({ kind: 'tarot' }) as { problem: string }).problem, /^The deck kind must be one of fibonacci, /);
    assert.deepEqual(readDeckSpec('fibonacci'), { problem: 'A deck must be an object with a kind' });
    assert.deepEqual(readDeckSpec({ kind: 't-shirt' }), { deck: { kind: 't-shirt' } });
  });
});

describe('"fits in a sprint": one rule for the board and for poker', () => {
  it('uses the threshold; 0 or null means none and falls back to the velocity', () => {
    assert.equal(effectiveSprintThreshold({ sprintThreshold: 13, velocity: 30 }), 13);
    assert.equal(effectiveSprintThreshold({ sprintThreshold: 0, velocity: 30 }), 30);
    assert.equal(effectiveSprintThreshold({ sprintThreshold: null, velocity: 30 }), 30);
    assert.equal(effectiveSprintThreshold({ sprintThreshold: 0, velocity: null }), null);
    assert.equal(effectiveSprintThreshold({ sprintThreshold: null }), null);
    assert.equal(effectiveSprintThreshold({ sprintThreshold: -5, velocity: 0 }), null);
  });

  it('flags only an estimate above a limit', () => {
    assert.equal(exceedsSprint(21, 13), true);
    assert.equal(exceedsSprint(13, 13), false);
    assert.equal(exceedsSprint(null, 13), false);
    assert.equal(exceedsSprint(40, null), false);
    // A threshold of 0 is "no threshold", not "everything is too big".
    assert.equal(exceedsSprint(1, 0), false);
  });
});
