import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { awarenessMessage, openRawPeer, sleep } from '../helpers/attack';

/**
 * Issue 10, hole 9: any writer could overwrite or remove another client's presence (its name,
 * colour, what it is looking at) by sending an awareness entry with that client's id and a
 * higher clock. Presence now belongs to the connection that introduced it; states are capped.
 */
describe('attack: awareness of others', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it("cannot rename or remove someone else's presence", async () => {
    const board = await createBoard(server.url, 'presence');
    const alice = connectDoc(server.url, board.id, board.keys.participant);
    const observer = connectDoc(server.url, board.id, board.keys.participant);
    await Promise.all([alice.synced(), observer.synced()]);
    alice.provider.awareness.setLocalState({ user: { name: 'Alice' } });
    const aliceId = alice.doc.clientID;
    const nameSeen = () => (observer.provider.awareness.getStates().get(aliceId) as { user?: { name?: string } } | undefined)?.user?.name;
    await waitFor(() => nameSeen() === 'Alice', 5000, "observer sees Alice's presence");

    const mallory = await openRawPeer(server.url, board.id, board.keys.participant, { localAddress: '127.0.0.2' });
    mallory.ws.send(awarenessMessage([{ clientId: aliceId, clock: 1000, state: { user: { name: 'Mallory' } } }]));
    mallory.ws.send(awarenessMessage([{ clientId: aliceId, clock: 2000, state: null }]));
    // Mallory's own presence still works: the guard drops only what is not hers.
    mallory.ws.send(awarenessMessage([{ clientId: 4242, clock: 1, state: { user: { name: 'Mallory' } } }]));
    await waitFor(() => observer.provider.awareness.getStates().has(4242), 5000, "Mallory's own presence relayed");
    await sleep(200);
    assert.equal(nameSeen(), 'Alice', "Alice's presence is untouched");

    // A second connection cannot take Mallory's id either, and a huge state is refused.
    const eve = await openRawPeer(server.url, board.id, board.keys.participant, { localAddress: '127.0.0.3' });
    eve.ws.send(awarenessMessage([{ clientId: 4242, clock: 5, state: { user: { name: 'Eve' } } }]));
    await sleep(200);
    assert.equal((observer.provider.awareness.getStates().get(4242) as { user: { name: string } }).user.name, 'Mallory');
    eve.ws.send(awarenessMessage([{ clientId: 777, clock: 1, state: { blob: 'x'.repeat(100_000) } }]));
    assert.equal((await eve.closed).code, 1009, 'an oversized presence state closes its sender with 1009');
    assert.equal(observer.provider.awareness.getStates().has(777), false);

    // When Mallory leaves, her presence goes with her, and Alice's stays.
    mallory.ws.close();
    await waitFor(() => !observer.provider.awareness.getStates().has(4242), 5000, "Mallory's presence removed");
    assert.equal(nameSeen(), 'Alice');
    alice.destroy();
    observer.destroy();
  });
});
