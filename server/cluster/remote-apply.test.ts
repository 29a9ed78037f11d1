import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { log } from '../log';
import { Room } from '../sync/room';

const LIMITS = { maxMessageBytes: 1 << 20, maxUpdateBytes: 1 << 20, maxDocBytes: 1 << 24, maxAwarenessBytes: 1 << 14 };

function room(): { room: Room; persisted: Uint8Array[] } {
  const persisted: Uint8Array[] = [];
  const r = new Room('b', new Y.Doc(), { updates: 0, bytes: 0 }, (_id, update) => persisted.push(update), LIMITS, log);
  return { room: r, persisted };
}

/** Two updates from one writer, the second building on the first. */
function twoUpdates(): [Uint8Array, Uint8Array] {
  const writer = new Y.Doc();
  const updates: Uint8Array[] = [];
  writer.on('update', (u: Uint8Array) => updates.push(u));
  writer.getText('t').insert(0, 'abc');
  writer.getText('t').insert(3, 'def');
  return [updates[0], updates[1]];
}

describe('a room applying updates from other nodes', () => {
  it('neither stores nor relays them', () => {
    const { room: r, persisted } = room();
    const [first] = twoUpdates();
    assert.equal(r.applyRemoteUpdate(first), true);
    assert.equal(r.doc.getText('t').toString(), 'abc');
    assert.equal(persisted.length, 0);
    r.destroy();
  });

  it('sets aside one that arrives before what it builds on, and integrates it when that comes', () => {
    const { room: r } = room();
    const [first, second] = twoUpdates();
    assert.equal(r.applyRemoteUpdate(second), false, 'incomplete: the relay should ask for the rest');
    assert.equal(r.doc.store.pendingStructs, null, 'nothing left pending in the doc (a client would be blamed)');
    assert.equal(r.doc.getText('t').toString(), '');
    assert.equal(r.applyRemoteUpdate(first), true);
    assert.equal(r.doc.getText('t').toString(), 'abcdef');
    r.destroy();
  });
});
