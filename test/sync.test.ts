import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { heavyBoard, openRawPeer, recordUpdates, sleep, syncStep1Message, syncStep2Message, updateMessage } from './helpers/attack';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';
import { connectDoc } from './helpers/yjs-client';

describe('sync endpoint with stock y-websocket clients', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it('syncs two participants both ways, including the initial board content', async () => {
    const board = await createBoard(server.url, 'Sync board');
    const a = connectDoc(server.url, board.id, board.keys.participant);
    const b = connectDoc(server.url, board.id, board.keys.facilitator);
    try {
      await Promise.all([a.synced(), b.synced()]);
      assert.equal(a.doc.getMap('meta').get('title'), 'Sync board');
      a.doc.getMap('scratch').set('from-a', 1);
      b.doc.getMap('scratch').set('from-b', 2);
      await waitFor(() => a.doc.getMap('scratch').size === 2 && b.doc.getMap('scratch').size === 2, 5000, 'both edits');
      assert.deepEqual(a.doc.getMap('scratch').toJSON(), b.doc.getMap('scratch').toJSON());
    } finally {
      a.destroy();
      b.destroy();
    }
  });

  it('keeps a reconnecting client that types before its offline edits arrive (live update ahead of its step 2)', async () => {
    // y-websocket sends live updates as soon as the socket opens, but the edits made offline
    // only in its step 2, the answer to the server's step 1 a round trip later: a keystroke in
    // between arrives first and builds on edits the board does not have yet.
    const board = await createBoard(server.url, 'Reconnect while typing');
    const reader = connectDoc(server.url, board.id, board.keys.participant);
    const offline = new Y.Doc();
    const updates = recordUpdates(offline);
    for (let i = 0; i < 5; i++) offline.getMap('typed').set(`k${i}`, i);
    try {
      await reader.synced();
      const peer = await openRawPeer(server.url, board.id, board.keys.participant);
      peer.ws.send(updateMessage(updates[4]));
      await sleep(100);
      peer.ws.send(syncStep2Message(Y.mergeUpdates(updates.slice(0, 4))));
      await waitFor(() => reader.doc.getMap('typed').size === 5, 5000, 'every keystroke reaches the other client');
      const closedEarly = await Promise.race([peer.closed.then((c) => c.code), sleep(300).then(() => null)]);
      assert.equal(closedEarly, null, 'the reconnecting client is not closed');
      peer.ws.close();
    } finally {
      reader.destroy();
    }
    await sleep(300);
    const again = connectDoc(server.url, board.id, board.keys.participant);
    try {
      await again.synced();
      assert.deepEqual(again.doc.getMap('typed').toJSON(), { k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 }, 'all of it stored');
    } finally {
      again.destroy();
    }
  });

  it('gives a spectator everything but lets none of its writes through', async () => {
    const board = await createBoard(server.url);
    const writer = connectDoc(server.url, board.id, board.keys.participant);
    const spectator = connectDoc(server.url, board.id, board.keys.spectator);
    try {
      await Promise.all([writer.synced(), spectator.synced()]);
      writer.doc.getMap('scratch').set('visible', true);
      await waitFor(() => spectator.doc.getMap('scratch').get('visible') === true, 5000, 'spectator receives');
      spectator.doc.getMap('scratch').set('forged', 'from spectator');
      // Give the forged write every chance to arrive, then prove with a later write that the
      // pipe works and the forged one still did not come through.
      await new Promise((r) => setTimeout(r, 300));
      writer.doc.getMap('scratch').set('after', true);
      await waitFor(() => spectator.doc.getMap('scratch').get('after') === true, 5000, 'later write');
      assert.equal(writer.doc.getMap('scratch').get('forged'), undefined);
      const late = connectDoc(server.url, board.id, board.keys.participant);
      await late.synced();
      assert.equal(late.doc.getMap('scratch').get('forged'), undefined, 'not stored on the server either');
      assert.equal(late.doc.getMap('scratch').get('visible'), true);
      late.destroy();
    } finally {
      writer.destroy();
      spectator.destroy();
    }
  });

  it('answers a sync step 1 lacking most of the board with the shared full reply, and one lacking little with a diff', async () => {
    // Each state vector naming the board's clients at another clock needs its own diff, which
    // encodes everything after that clock: 50–80 ms of the event loop on a 2 MB board for one
    // message of a few bytes (bench:abuse's step1-flood). Past a share of the board the server
    // sends the reply it keeps for new clients instead; Yjs skips what a client already has.
    const board = await createBoard(server.url, 'Step 1 replies');
    const heavy = heavyBoard(4000);
    const loader = await openRawPeer(server.url, board.id, board.keys.participant);
    loader.ws.send(syncStep2Message(heavy.update));
    const source = new Y.Doc();
    Y.applyUpdate(source, heavy.update);
    const probe = connectDoc(server.url, board.id, board.keys.spectator);
    await waitFor(() => probe.doc.getMap('scratch').size === 2000, 10_000, 'the board loaded');
    probe.destroy();
    loader.ws.terminate();

    /** The server's sync step 2 to a step 1 with this state vector (messages 0, 1, …). */
    const replyTo = async (stateVector: Uint8Array): Promise<Uint8Array> => {
      const peer = await openRawPeer(server.url, board.id, board.keys.spectator);
      try {
        peer.ws.send(syncStep1Message(stateVector));
        await waitFor(() => peer.received.some((m) => m[0] === 0 && m[1] === 1), 5000, 'a sync step 2');
        return peer.received.find((m) => m[0] === 0 && m[1] === 1)!;
      } finally {
        peer.ws.terminate();
      }
    };
    const clockOf = (doc: Y.Doc) => Y.getState(doc.store, heavy.clientId);
    const stateAt = (clock: number) => Y.encodeStateVector(new Map([[heavy.clientId, clock]]) as unknown as Y.Doc);
    const fresh = await replyTo(Y.encodeStateVector(new Y.Doc()));
    const lacksMost = await replyTo(stateAt(10));
    const lacksLittle = await replyTo(stateAt(clockOf(source) - 5));
    assert.deepEqual(lacksMost, fresh, 'lacking most of the board: the full reply');
    assert.ok(
      lacksLittle.byteLength < fresh.byteLength / 10,
      `lacking 5 structs: a diff (${lacksLittle.byteLength} of ${fresh.byteLength} bytes)`,
    );
    const payload = (message: Uint8Array) => {
      const decoder = decoding.createDecoder(message);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      return decoding.readVarUint8Array(decoder);
    };
    // The full reply brings an empty client to the whole board; the diff holds only what comes
    // after the clock it was asked from.
    const client = new Y.Doc();
    Y.applyUpdate(client, payload(lacksMost));
    assert.deepEqual(client.getMap('scratch').toJSON(), source.getMap('scratch').toJSON());
    const diffStructs = Y.decodeUpdate(payload(lacksLittle)).structs.filter((struct) => struct.id.client === heavy.clientId);
    assert.ok(diffStructs.length > 0);
    for (const struct of diffStructs) assert.ok(struct.id.clock + struct.length > clockOf(source) - 5);
  });

  it('refuses missing keys, wrong keys and unknown boards at the HTTP upgrade', async () => {
    const board = await createBoard(server.url);
    const attempt = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(server.url.replace('http', 'ws') + path);
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('open', () => reject(new Error(`upgrade to ${path} was accepted`)));
        ws.on('error', () => {});
      });
    assert.equal(await attempt(`/yjs/${board.id}`), 401);
    assert.equal(await attempt(`/yjs/${board.id}?key=not-the-key`), 403);
    assert.equal(await attempt(`/yjs/${board.id}?key=${board.keys.participant}x`), 403);
    assert.equal(await attempt(`/yjs/nosuchboard123?key=${board.keys.participant}`), 404);
  });
});
