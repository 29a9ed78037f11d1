import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import { log } from '../log';
import { Room } from '../sync/room';

const LIMITS = {
  maxMessageBytes: 1 << 20,
  maxUpdateBytes: 1 << 20,
  maxDocBytes: 1 << 24,
  maxAwarenessBytes: 1 << 14,
  maxHeldBytes: 1 << 20,
  step2WaitMs: 10_000,
};

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

  it('keeps stored rows after a gap aside, so a client is not blamed for them, and completes them with the remote update', () => {
    // Node A relayed `first` and died before storing it; B stored `second`, and stores `first`
    // only once it declares A dead. A node loading now reads a gap.
    const [first, second] = twoUpdates();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, second);
    const r = new Room('b', stored, { updates: 1, bytes: second.byteLength }, () => undefined, LIMITS, log);
    assert.equal(r.doc.store.pendingStructs, null, 'nothing left pending in the doc');
    // A person connects and types: their edit integrates, nobody is closed as malformed.
    const sent: Uint8Array[] = [];
    const socket = { readyState: 1, OPEN: 1, bufferedAmount: 0, send: (m: Uint8Array) => sent.push(m) } as unknown as WebSocket;
    try {
      r.addConnection(socket, 'participant');
      const person = new Y.Doc();
      const edits: Uint8Array[] = [];
      person.on('update', (u: Uint8Array) => edits.push(u));
      person.getMap('m').set('k', 1);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(encoder, edits[0]);
      r.handleMessage(socket, encoding.toUint8Array(encoder));
      assert.equal(r.doc.getMap('m').get('k'), 1);
      // The relay's ask brings `first`: the rows set aside integrate with it.
      assert.equal(r.applyRemoteUpdate(first), true);
      assert.equal(r.doc.getText('t').toString(), 'abcdef');
    } finally {
      r.destroy();
    }
  });
});
