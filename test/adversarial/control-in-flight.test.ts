/**
 * Events a socket has waiting for an answer (review of the control plane, finding 4): every
 * event was dispatched at once, and each one that changes a board's state waits in that board's
 * queue (in a cluster, for a store transaction under the board's lock). Within its event budget
 * (400 at once) one socket could put hundreds of changes in front of the facilitator's reveal.
 * Now a socket has at most MAX_EVENTS_IN_FLIGHT waiting; past that an event is refused with
 * rate_limited, and the socket may go on once its answers came.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connectControl, emitWithAck, nextEvent, type Ack } from '../helpers/control-client';
import { createBoard, startServerProcess, type ServerProcess } from '../helpers/server-process';

describe('adversarial: events waiting for an answer', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it('a burst of 200 events in one go has some refused with rate_limited; every one is answered, and the socket goes on', async () => {
    const board = await createBoard(server.url);
    const socket = connectControl(server.url, board.id, board.keys.participant, { name: 'Burst', voterToken: 'burst-voter-token-1' });
    try {
      await nextEvent(socket, 'session');
      // Within the event budget (burst 400): each is a change of the board's poker state, so
      // each waits in the board's queue behind the one before.
      const acks = await Promise.all(
        Array.from({ length: 200 }, (_, i) => emitWithAck<Ack>(socket, 'poker:not-voting', { notVoting: i % 2 === 0 })),
      );
      const refused = acks.filter((a) => !a.ok);
      assert.ok(refused.length > 0, 'none of the 200 was refused');
      assert.ok(acks.length - refused.length >= 16, `only ${acks.length - refused.length} were handled`);
      for (const a of refused) assert.equal(a.error?.code, 'rate_limited');
      // Answered, so nothing waits now: the next event is handled.
      const later = await emitWithAck<Ack>(socket, 'poker:not-voting', { notVoting: false });
      assert.equal(later.ok, true, JSON.stringify(later));
      assert.equal(socket.connected, true);
    } finally {
      socket.close();
    }
  });
});
