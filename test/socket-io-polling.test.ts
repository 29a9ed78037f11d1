import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES, type RosterDelta } from '../lib/protocol';
import { connectControl, emitWithAck, eventMatching, nextEvent } from './helpers/control-client';
import { createBoard, startServerProcess, type ServerProcess } from './helpers/server-process';

/**
 * socket.io's long-polling transport: the fallback for networks that block WebSockets, and the
 * path deploy/nginx.conf pins to one node. Every poll is a plain HTTP request, answered by
 * engine.io alone: the server's other request handler (the API, Next) must leave it be.
 */
describe('socket.io over long-polling', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it('connects, gets its session and the roster, and is answered', async () => {
    const board = await createBoard(server.url);
    const wes = connectControl(server.url, board.id, board.keys.facilitator, { name: 'Wes' });
    await nextEvent(wes, 'roster');
    const pollyJoins = eventMatching<RosterDelta>(wes, 'roster:delta', (d) => d.op === 'join' && d.participant.name === 'Polly');
    const polly = connectControl(server.url, board.id, board.keys.participant, { name: 'Polly' }, { transports: ['polling'] });
    try {
      const session = nextEvent<{ role: string }>(polly, 'session');
      const roster = nextEvent<Array<{ name: string }>>(polly, 'roster');
      assert.equal((await session).role, 'participant');
      assert.deepEqual((await roster).map((p) => p.name).sort(), ['Polly', 'Wes']);
      await pollyJoins;
      // A round trip: the event goes up in a POST, its answer comes back in a poll.
      const ack = await emitWithAck(polly, 'focus:set', { itemId: 'item-1' });
      assert.equal(ack.error?.code, ERROR_CODES.forbidden, 'a participant may not move the focus');
      assert.equal(polly.io.engine.transport.name, 'polling');
    } finally {
      polly.disconnect();
      wes.disconnect();
    }
  });
});
