import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../../helpers/server-process';
import { connectDoc } from '../../helpers/yjs-client';
import { openRawPeer, recordUpdates, sleep, updateMessage, syncStep2Message } from '../../helpers/attack';

/**
 * Hole 2 of issue 10: an update whose dependencies the board lacks used to be accepted, kept
 * in memory as pending structs, re-merged on every later frame, relayed to every peer and never
 * stored. Now it is refused whole (4400): nothing applied, relayed or stored. One that arrives
 * before its connection's sync step 2 waits for that step 2 (an honest client typing through a
 * reconnect sends exactly that), outside the doc, within a byte budget and a time limit.
 */
describe('attack: updates with missing dependencies (pending structs)', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ env: { STEP2_WAIT_MS: '1000', MAX_HELD_BYTES: String(300 * 1024) } });
  });
  after(() => server.stop());

  it('refuses them with 4400, relays nothing and keeps nothing in memory or store', async (t) => {
    const board = await createBoard(server.url, 'pending');
    const reader = connectDoc(server.url, board.id, board.keys.participant);
    await reader.synced();
    let readerUpdates = 0;
    reader.doc.on('update', () => readerUpdates++);

    // A history of two inserts; the attacker sends only the second, whose first half is missing.
    const source = new Y.Doc();
    const updates = recordUpdates(source);
    source.getText('t').insert(0, 'a'.repeat(1000));
    source.getText('t').insert(1000, 'b'.repeat(200_000));
    const orphan = updates[1];

    // As a step 2, or as an update followed by a step 2 that does not bring what it lacks, or
    // by a second orphan past the held-bytes budget: refused at once.
    const nothing = Y.encodeStateAsUpdate(new Y.Doc());
    const codes: number[] = [];
    let slowest = 0;
    for (let i = 0; i < 18; i++) {
      const peer = await openRawPeer(server.url, board.id, board.keys.participant, { localAddress: '127.0.0.2' });
      const started = performance.now();
      if (i % 3 === 0) peer.ws.send(syncStep2Message(orphan));
      else if (i % 3 === 1) for (const message of [updateMessage(orphan), syncStep2Message(nothing)]) peer.ws.send(message);
      else for (const message of [updateMessage(orphan), updateMessage(orphan)]) peer.ws.send(message);
      codes.push((await peer.closed).code);
      const took = performance.now() - started;
      slowest = Math.max(slowest, took);
      assert.ok(took < 900, `case ${i % 3} closed before the step 2 wait ran out (${Math.round(took)} ms)`);
    }
    t.diagnostic(`slowest refusal ${Math.round(slowest)} ms (bound 900 ms)`);
    assert.deepEqual(new Set(codes), new Set([4400]), `every orphan update closes its sender with 4400, got ${codes.join(',')}`);
    // Alone, it waits for a step 2 that never comes, then closes its sender the same way.
    const waiting = await openRawPeer(server.url, board.id, board.keys.participant, { localAddress: '127.0.0.2' });
    waiting.ws.send(updateMessage(orphan));
    const waitStarted = performance.now();
    assert.equal((await waiting.closed).code, 4400);
    assert.ok(performance.now() - waitStarted >= 900, 'closed when its step 2 wait ran out');
    await sleep(200);
    assert.equal(readerUpdates, 0, 'nothing reached the other client');
    assert.ok(
      server.logs.some((l) => String(l.reason ?? '').includes('the board does not have')),
      'the refusal names the reason',
    );

    // The missing half arrives later from an honest client: the board gets exactly that, and
    // not the orphan the server refused (it was never kept as pending).
    const honest = await openRawPeer(server.url, board.id, board.keys.participant);
    honest.ws.send(updateMessage(updates[0]));
    await waitFor(() => reader.doc.getText('t').length === 1000, 5000, 'honest update delivered');
    await sleep(200);
    assert.equal(reader.doc.getText('t').toString(), 'a'.repeat(1000));
    honest.ws.close();
    reader.destroy();

    // Unloaded and loaded again from the store: the same.
    await sleep(300);
    const again = connectDoc(server.url, board.id, board.keys.participant);
    await again.synced();
    assert.equal(again.doc.getText('t').toString(), 'a'.repeat(1000));
    again.destroy();
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});
