import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process';
import { openRawPeer, recordUpdates, sleep, updateMessage } from '../helpers/attack';

/** An update message whose payload is a real update followed by junk Yjs never reads. */
function paddedUpdateMessage(update: Uint8Array, junkBytes: number): Uint8Array {
  const payload = new Uint8Array(update.byteLength + junkBytes);
  payload.set(update);
  payload.fill(0x5a, update.byteLength);
  return updateMessage(payload);
}

/**
 * Issue 10, hole 6: junk inside an update's payload, and updates the board already has, were
 * relayed verbatim to every reader (233 MB in, 1.4 GB out, nothing stored). Readers now get the
 * doc's own encoding of what it integrated: junk and duplicates reach no one.
 */
describe('attack: relay amplification', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it('relays only what the board integrated, whatever the sender padded or repeated', async () => {
    const board = await createBoard(server.url, 'amplification');
    const readers = await Promise.all([0, 1, 2, 3].map(() => openRawPeer(server.url, board.id, board.keys.spectator)));
    await sleep(300);
    const baseline = readers.map((r) => r.receivedBytes());

    const source = new Y.Doc();
    const updates = recordUpdates(source);
    for (let i = 0; i < 40; i++) source.getMap('m').set(`k${i}`, i);
    const attacker = await openRawPeer(server.url, board.id, board.keys.participant, { localAddress: '127.0.0.2' });
    let sent = 0;
    for (const update of updates) {
      const message = paddedUpdateMessage(update, 200_000);
      attacker.ws.send(message);
      sent += message.byteLength;
    }
    // The same real updates again, forty times over: the board has them all already.
    for (let round = 0; round < 40; round++) {
      for (const update of updates) {
        const message = updateMessage(update);
        attacker.ws.send(message);
        sent += message.byteLength;
      }
    }
    const realBytes = updates.reduce((sum, u) => sum + u.byteLength, 0);
    const settled = () => readers.every((r, i) => r.receivedBytes() - baseline[i] >= realBytes);
    await waitFor(settled, 10_000, 'every reader got the real updates');
    await sleep(500);
    for (const [i, reader] of readers.entries()) {
      const got = reader.receivedBytes() - baseline[i];
      assert.ok(got < realBytes * 2 + 2048, `reader ${i} got ${got} bytes for ${realBytes} real bytes (attacker sent ${sent})`);
    }
    assert.ok(sent > 8_000_000, 'the attack was big');
    attacker.ws.close();
    for (const reader of readers) reader.ws.close();
  });
});
