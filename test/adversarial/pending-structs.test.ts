import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { openRawPeer, recordUpdates, sleep, updateMessage, syncStep2Message } from '../helpers/attack';

/**
 * Hole 2 of issue 10: an update whose dependencies the board lacks used to be accepted, kept
 * in memory as pending structs, re-merged on every later frame, relayed to every peer and never
 * stored. Now it is refused whole (4400): nothing applied, relayed or stored.
 */
describe('attack: updates with missing dependencies (pending structs)', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it('refuses them with 4400, relays nothing and keeps nothing in memory or store', async () => {
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

    const codes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const peer = await openRawPeer(server.url, board.id, board.keys.participant, { localAddress: '127.0.0.2' });
      peer.ws.send(i % 2 === 0 ? updateMessage(orphan) : syncStep2Message(orphan));
      codes.push((await peer.closed).code);
    }
    assert.deepEqual(new Set(codes), new Set([4400]), `every orphan update closes its sender with 4400, got ${codes.join(',')}`);
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
