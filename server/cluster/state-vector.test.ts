import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { holdsBeyond } from './state-vector';

describe('holdsBeyond', () => {
  it('tells whether the other doc counts a change this one lacks', () => {
    const ours = new Y.Doc();
    const theirs = new Y.Doc();
    ours.getMap('m').set('a', 1);
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(ours));
    const sv = (doc: Y.Doc) => Y.encodeStateVector(doc);
    assert.equal(holdsBeyond(sv(theirs), sv(ours)), false, 'same state');
    ours.getMap('m').set('b', 2);
    assert.equal(holdsBeyond(sv(theirs), sv(ours)), false, 'behind is not beyond');
    theirs.getMap('m').set('c', 3);
    assert.equal(holdsBeyond(sv(theirs), sv(ours)), true, 'a client this doc has never heard of');
    Y.applyUpdate(ours, Y.encodeStateAsUpdate(theirs));
    theirs.getMap('m').set('d', 4);
    assert.equal(holdsBeyond(sv(theirs), sv(ours)), true, 'a higher clock of a known client');
  });

  it('throws on a malformed vector', () => {
    assert.throws(() => holdsBeyond(new Uint8Array([5]), Y.encodeStateVector(new Y.Doc())));
  });
});
