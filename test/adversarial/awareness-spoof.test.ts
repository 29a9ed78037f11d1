import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { awarenessMessage, openRawPeer, sleep, type RawPeer } from '../helpers/attack';
import { MAX_AWARENESS_IDS_PER_CONNECTION } from '../../server/sync/awareness-guard';

/** The peer's close, or a code of -1 when it is still open after `ms`. */
function closedWithin(peer: RawPeer, ms: number): Promise<{ code: number; reason: string }> {
  return Promise.race([peer.closed, sleep(ms).then(() => ({ code: -1, reason: 'still open' }))]);
}

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

  it('cannot flood the board with presence ids: a connection that claims more than a few is closed', async () => {
    const board = await createBoard(server.url, 'presence ids');
    const observer = connectDoc(server.url, board.id, board.keys.participant);
    await observer.synced();
    // Every presence id the observer is ever told about, so a flood relayed and then removed
    // when its sender is closed still counts.
    const everSeen = new Set<number>();
    observer.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
      for (const id of [...added, ...updated]) everSeen.add(id);
    });

    // One message of 10,000 empty states (about 60 KB, well under the frame limit): each would be
    // relayed to every peer, sent to every joiner and kept for 30 s.
    const flood = await openRawPeer(server.url, board.id, board.keys.participant, { localAddress: '127.0.0.4' });
    const entries = Array.from({ length: 10_000 }, (_, i) => ({ clientId: 900_000 + i, clock: 1, state: {} }));
    flood.ws.send(awarenessMessage(entries));
    assert.equal((await closedWithin(flood, 5000)).code, 4400, 'the sender is closed as malformed');

    // The same, one new id per message.
    const trickle = await openRawPeer(server.url, board.id, board.keys.participant, { localAddress: '127.0.0.5' });
    for (let i = 0; i < 50; i++) trickle.ws.send(awarenessMessage([{ clientId: 950_000 + i, clock: 1, state: {} }]));
    assert.equal((await closedWithin(trickle, 5000)).code, 4400, 'one id per message is closed too, once past the cap');

    await sleep(200);
    flood.ws.terminate();
    trickle.ws.terminate();
    // The message of 10,000 is refused whole. Of the trickle, the first ids up to the cap are what
    // any connection may announce: they may reach the observer before the sender is closed (the
    // relay's presence batch goes out on a timer; on a loaded machine it once went first), never
    // more.
    const fromFlood = [...everSeen].filter((id) => id >= 900_000 && id < 950_000);
    const fromTrickle = [...everSeen].filter((id) => id >= 950_000);
    assert.equal(fromFlood.length, 0, `the observer was told of ${fromFlood.length} presence ids from the flood`);
    assert.ok(
      fromTrickle.length <= MAX_AWARENESS_IDS_PER_CONNECTION,
      `the observer was told of ${fromTrickle.length} presence ids from the trickle (cap ${MAX_AWARENESS_IDS_PER_CONNECTION})`,
    );
    // An honest client with its one id is unaffected.
    const honest = connectDoc(server.url, board.id, board.keys.participant);
    await honest.synced();
    honest.provider.awareness.setLocalState({ user: { name: 'Honest' } });
    await waitFor(() => observer.provider.awareness.getStates().has(honest.doc.clientID), 5000, 'honest presence relayed');
    honest.destroy();
    observer.destroy();
  });
});
