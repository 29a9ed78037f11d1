import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { peekSyncUpdate, setAsideUpdateListeners, type UpdateListener } from './quiet-apply';

function boardUpdate(items: number): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < items; i++) doc.getMap('items').set(`item-${i}`, `title ${i}`);
  });
  return Y.encodeStateAsUpdate(doc);
}

describe('setAsideUpdateListeners', () => {
  it('applies a remote update without calling (or encoding for) the update listeners, and hands them back', () => {
    const doc = new Y.Doc();
    const seen: Array<{ bytes: number; origin: unknown }> = [];
    const listener: UpdateListener = (update, origin) => seen.push({ bytes: update.length, origin });
    doc.on('update', listener);
    const remote = { name: 'provider' };
    const update = boardUpdate(50);

    const aside = setAsideUpdateListeners(doc, remote);
    Y.applyUpdate(doc, update, remote);
    assert.equal(seen.length, 0, 'no update event while set aside');
    const missed = aside.restore();
    assert.deepEqual(missed, [listener]);
    assert.equal(doc.getMap('items').size, 50);

    // Back in place: a local edit reaches the listener as usual.
    doc.getMap('items').set('local', 'typed');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].origin, null);
  });

  it('puts the listeners back before any other transaction, so an edit made in reaction is never lost', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    const remote = { name: 'provider' };
    const local = { name: 'observer' };
    // An observer that writes to the doc when the remote items arrive.
    doc.getMap('items').observe((event) => {
      if (event.transaction.origin === remote) doc.transact(() => doc.getMap('meta').set('seen', true), local);
    });

    const aside = setAsideUpdateListeners(doc, remote);
    Y.applyUpdate(doc, boardUpdate(5), remote);
    // Both transactions were encoded by Yjs as usual (the listeners came back when the second
    // began, before the first's update was due), in the order Yjs finishes them.
    assert.deepEqual(origins, [remote, local]);
    assert.deepEqual(aside.restore(), [], 'nothing missed: Yjs encoded the update itself');
    assert.equal(doc.getMap('meta').get('seen'), true);
  });

  it('keeps a listener added while the others were aside', () => {
    const doc = new Y.Doc();
    const calls: string[] = [];
    doc.on('update', () => calls.push('first'));
    const remote = {};
    const aside = setAsideUpdateListeners(doc, remote);
    doc.on('update', () => calls.push('added'));
    aside.restore();
    doc.getMap('m').set('k', 1);
    assert.deepEqual(calls.sort(), ['added', 'first']);
  });

  it('does nothing for a doc without update listeners', () => {
    const doc = new Y.Doc();
    const aside = setAsideUpdateListeners(doc, {});
    Y.applyUpdate(doc, boardUpdate(3));
    assert.deepEqual(aside.restore(), []);
    let called = 0;
    doc.on('update', () => called++);
    doc.getMap('m').set('k', 1);
    assert.equal(called, 1);
  });

  it('gives a copy that stores the received bytes the same board', () => {
    const doc = new Y.Doc();
    const stored: Uint8Array[] = [];
    const remote = {};
    doc.on('update', (update: Uint8Array, origin: unknown) => origin === remote && stored.push(update));
    const update = boardUpdate(20);
    const aside = setAsideUpdateListeners(doc, remote);
    Y.applyUpdate(doc, update, remote);
    for (const listener of aside.restore()) listener(update, remote, doc, null);
    const copy = new Y.Doc();
    for (const bytes of stored) Y.applyUpdate(copy, bytes);
    assert.deepEqual(copy.getMap('items').toJSON(), doc.getMap('items').toJSON());
  });
});

describe('peekSyncUpdate', () => {
  it('reads the update of sync step 2 and of an update message without moving the decoder', () => {
    const update = boardUpdate(3);
    for (const write of [syncProtocol.writeSyncStep2, syncProtocol.writeUpdate]) {
      const encoder = encoding.createEncoder();
      if (write === syncProtocol.writeSyncStep2) {
        const source = new Y.Doc();
        Y.applyUpdate(source, update);
        syncProtocol.writeSyncStep2(encoder, source);
      } else syncProtocol.writeUpdate(encoder, update);
      const decoder = decoding.createDecoder(encoding.toUint8Array(encoder));
      const peeked = peekSyncUpdate(decoder);
      assert.ok(peeked && peeked.length > 0);
      assert.equal(decoder.pos, 0);
    }
  });

  it('returns null for step 1 and for malformed bytes', () => {
    const encoder = encoding.createEncoder();
    syncProtocol.writeSyncStep1(encoder, new Y.Doc());
    assert.equal(peekSyncUpdate(decoding.createDecoder(encoding.toUint8Array(encoder))), null);
    assert.equal(peekSyncUpdate(decoding.createDecoder(new Uint8Array([2, 200]))), null);
    assert.equal(peekSyncUpdate(decoding.createDecoder(new Uint8Array([]))), null);
  });
});
