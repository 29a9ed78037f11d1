import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { findMissingDependencies } from './update-check';

function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return updates;
}

function check(doc: Y.Doc, update: Uint8Array) {
  return findMissingDependencies(Y.decodeUpdate(update), Y.decodeStateVector(Y.encodeStateVector(doc)));
}

/** Applies and reports whether Yjs left anything pending: the ground truth the check predicts. */
function leavesPending(doc: Y.Doc, update: Uint8Array): boolean {
  Y.applyUpdate(doc, update);
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

describe('findMissingDependencies', () => {
  it('accepts every update of an edit history applied in order', () => {
    const source = new Y.Doc();
    const updates = recordUpdates(source);
    const text = source.getText('t');
    text.insert(0, 'hello');
    text.insert(5, ' world');
    text.delete(0, 2);
    source.getMap('m').set('k', 1);
    const target = new Y.Doc();
    for (const update of updates) {
      assert.equal(check(target, update), null);
      assert.equal(leavesPending(target, update), false);
    }
    assert.equal(target.getText('t').toString(), 'llo world');
  });

  it('finds a gap in the client clock (a later update without the earlier one)', () => {
    const source = new Y.Doc();
    const updates = recordUpdates(source);
    source.getText('t').insert(0, 'a');
    source.getText('t').insert(1, 'b');
    const target = new Y.Doc();
    const missing = check(target, updates[1]);
    assert.equal(missing?.kind, 'struct');
    assert.equal(leavesPending(new Y.Doc(), updates[1]), true);
  });

  it("finds a missing origin from another client's content", () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'abc');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const updates = recordUpdates(b);
    b.getText('t').insert(2, 'X');
    // A doc that has none of a's content cannot place b's insert.
    const missing = check(new Y.Doc(), updates[0]);
    assert.equal(missing?.kind, 'struct');
    assert.equal(leavesPending(new Y.Doc(), updates[0]), true);
  });

  it('finds a delete of content the doc does not have', () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'abc');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const updates = recordUpdates(b);
    b.getText('t').delete(0, 3);
    const missing = check(new Y.Doc(), updates[0]);
    assert.equal(missing?.kind, 'delete');
    assert.equal(leavesPending(new Y.Doc(), updates[0]), true);
  });

  it('accepts a merged update that carries its own dependencies, and duplicates', () => {
    const a = new Y.Doc();
    const updates = recordUpdates(a);
    a.getText('t').insert(0, 'abc');
    a.getText('t').insert(3, 'def');
    a.getText('t').delete(1, 2);
    const merged = Y.mergeUpdates(updates);
    const target = new Y.Doc();
    assert.equal(check(target, merged), null);
    Y.applyUpdate(target, merged);
    assert.equal(check(target, updates[0]), null, 'a duplicate needs nothing');
  });
});
