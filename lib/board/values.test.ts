import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { finiteNumberOrNull, oneOf, sharedText, sharedTextOrString, stringOr, stringOrNull } from './values';

describe('lenient value readers', () => {
  it('read what a peer may have written, falling back instead of throwing', () => {
    assert.equal(stringOr('a', 'x'), 'a');
    assert.equal(stringOr(3, 'x'), 'x');
    assert.equal(stringOrNull(''), '');
    assert.equal(stringOrNull(null), null);
    assert.equal(finiteNumberOrNull(2.5), 2.5);
    for (const odd of [NaN, Infinity, '3', null, undefined]) assert.equal(finiteNumberOrNull(odd), null);
    assert.equal(oneOf(['a', 'b'] as const, 'b'), 'b');
    assert.equal(oneOf(['a', 'b'] as const, 'c'), null);
  });

  it('read shared texts; only detail texts accept a plain string', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'hello');
    assert.equal(sharedText(text), 'hello');
    assert.equal(sharedText('plain'), '');
    assert.equal(sharedTextOrString(text), 'hello');
    assert.equal(sharedTextOrString('plain'), 'plain');
    assert.equal(sharedTextOrString(7), '');
  });
});
