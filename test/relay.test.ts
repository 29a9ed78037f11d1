import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';
import { connectDoc } from './helpers/yjs-client';

/** A raw y-websocket connection that records every frame the server sends it. */
async function observe(url: string) {
  const frames: Uint8Array[] = [];
  const ws = new WebSocket(url);
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const ofType = (type: number, sub?: number) => frames.filter((f) => f[0] === type && (sub === undefined || f[1] === sub));
  return { ws, frames, ofType };
}

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fan-out: updates relayed as received, presence batched', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it("relays a client's update byte for byte to the others, spectators too, and stores it", async () => {
    const board = await createBoard(server.url);
    const url = (key: string) => `${server.url.replace('http', 'ws')}/yjs/${board.id}?key=${key}`;
    const observer = await observe(url(board.keys.participant));
    const projector = await observe(url(board.keys.spectator));
    const sender = await observe(url(board.keys.participant));
    const source = new Y.Doc();
    source.getMap('scratch').set('relayed', 'yes');
    const frame = syncUpdateFrame(Y.encodeStateAsUpdate(source));
    // Trailing bytes after the message are not part of it and are not relayed.
    sender.ws.send(Uint8Array.from([...frame, 7, 7, 7]));
    await waitFor(() => observer.ofType(0, 2).length > 0 && projector.ofType(0, 2).length > 0, 5000, 'update relayed');
    assert.deepEqual(observer.ofType(0, 2)[0], frame, 'the frame as the client sent it');
    assert.deepEqual(projector.ofType(0, 2)[0], frame, 'spectators receive it too');
    assert.equal(sender.ofType(0, 2).length, 0, 'not echoed to its sender');
    for (const c of [observer, projector, sender]) c.ws.close();
    // Everyone left: the board is stored and unloaded; a new client loads it from disk.
    for (let tries = 0; ; tries++) {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { boardsLoaded: number };
      if (health.boardsLoaded === 0) break;
      assert.ok(tries < 100, 'the board was unloaded after everyone left');
      await sleep(50);
    }
    const late = connectDoc(server.url, board.id, board.keys.spectator);
    await late.synced();
    assert.equal(late.doc.getMap('scratch').get('relayed'), 'yes', 'stored');
    late.destroy();
  });

  it('relays nothing of an update that does not parse, and closes its sender', async () => {
    const board = await createBoard(server.url);
    const url = `${server.url.replace('http', 'ws')}/yjs/${board.id}?key=${board.keys.participant}`;
    const observer = await observe(url);
    const sender = await observe(url);
    const closed = new Promise<number>((resolve) => sender.ws.once('close', (code) => resolve(code)));
    const source = new Y.Doc();
    source.getMap('scratch').set('corrupt', 'x'.repeat(50));
    const update = Y.encodeStateAsUpdate(source);
    // A well-formed frame around a cut-off update: the length prefix matches, the update does not parse.
    sender.ws.send(syncUpdateFrame(update.subarray(0, update.length - 20)));
    assert.equal(await closed, 4400);
    await sleep(200);
    assert.equal(observer.ofType(0, 2).length, 0, 'nothing reached the other connection');
    const writer = connectDoc(server.url, board.id, board.keys.participant);
    await writer.synced();
    assert.equal(writer.doc.getMap('scratch').get('corrupt'), undefined, 'nothing applied');
    writer.doc.getMap('scratch').set('after', 1);
    await waitFor(() => observer.ofType(0, 2).length === 1, 5000, 'later update relayed');
    writer.destroy();
    observer.ws.close();
  });

  it('sends presence that changes at once as one message per connection, nothing lost', async () => {
    const board = await createBoard(server.url);
    const url = `${server.url.replace('http', 'ws')}/yjs/${board.id}?key=${board.keys.participant}`;
    const people = Array.from({ length: 10 }, () => connectDoc(server.url, board.id, board.keys.participant));
    try {
      await Promise.all(people.map((p) => p.synced()));
      const observer = await observe(url);
      // Let the joins' presence go out first.
      await sleep(300);
      const before = observer.ofType(1).length;
      const seen = new awarenessProtocol.Awareness(new Y.Doc());
      const apply = () => {
        for (const frame of observer.ofType(1)) {
          const decoder = decoding.createDecoder(frame);
          decoding.readVarUint(decoder);
          awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), 'server');
        }
      };
      const focusOf = (p: (typeof people)[number]) => (seen.getStates().get(p.doc.clientID) as { focus?: string } | undefined)?.focus;
      for (const [i, p] of people.entries()) p.provider.awareness.setLocalStateField('focus', `card-${i}`);
      // Until all ten arrived (a suite running beside this test can delay them past 300 ms).
      await waitFor(
        () => {
          apply();
          return people.every((p, i) => focusOf(p) === `card-${i}`);
        },
        5000,
        'every change relayed',
      );
      const messages = observer.ofType(1).slice(before);
      // One message per 25 ms window; a loaded machine may spread the ten over a few windows.
      assert.ok(messages.length >= 1 && messages.length <= 4, `10 changes arrived in ${messages.length} message(s), not 10`);
      // Someone leaving reaches the others too.
      const leaving = people.pop()!;
      const leftId = leaving.doc.clientID;
      leaving.destroy();
      await waitFor(
        () => {
          apply();
          return !seen.getStates().has(leftId);
        },
        5000,
        'departure relayed',
      );
      seen.destroy();
      observer.ws.close();
    } finally {
      for (const p of people) p.destroy();
    }
  });
});
