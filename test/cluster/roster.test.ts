import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import type { Participant } from '../../lib/session/roles';
import type { RosterDelta } from '../../lib/protocol';
import { connectControl, eventMatching, nextEvent } from '../helpers/control-client';
import { createBoard, type ServerProcess } from '../helpers/server-process';
import { twoNodes } from './cluster-nodes';

/** Connects and resolves with the full roster the socket gets as it joins. */
async function join(node: ServerProcess, boardId: string, key: string, name: string): Promise<{ socket: Socket; roster: Participant[] }> {
  const socket = connectControl(node.url, boardId, key, { name });
  const roster = await nextEvent<Participant[]>(socket, 'roster', 10_000);
  return { socket, roster };
}

describe('cluster: rosters across nodes', () => {
  const nodes = twoNodes();

  it('shows people on every node, and control broadcasts reach every node', async () => {
    const { a, b } = nodes;
    const board = await createBoard(a.url);
    const ann = await join(a, board.id, board.keys.facilitator, 'Ann');
    const bosJoin = eventMatching<RosterDelta>(ann.socket, 'roster:delta', (d) => d.op === 'join' && d.participant.name === 'Bo', 10_000);
    const bo = await join(b, board.id, board.keys.participant, 'Bo');
    try {
      await bosJoin;
      assert.deepEqual(bo.roster.map((p) => p.name).sort(), ['Ann', 'Bo'], 'a socket joining node B is told of Ann on node A');
      // A broadcast from node A (the facilitator's focus) reaches Bo on node B.
      const focus = nextEvent<{ itemId: string }>(bo.socket, 'focus', 10_000);
      ann.socket.emit('focus:set', { itemId: 'item-1' });
      assert.equal((await focus).itemId, 'item-1');
      const boId = bo.socket.id;
      const bosLeave = eventMatching<RosterDelta>(ann.socket, 'roster:delta', (d) => d.op === 'leave' && d.clientId === boId, 10_000);
      bo.socket.disconnect();
      await bosLeave;
      const cy = await join(a, board.id, board.keys.participant, 'Cy');
      assert.deepEqual(cy.roster.map((p) => p.name).sort(), ['Ann', 'Cy'], `Bo (${boId}) is gone everywhere`);
      cy.socket.disconnect();
    } finally {
      ann.socket.disconnect();
      bo.socket.disconnect();
    }
  });

  it('takes the people of a node that dies out of the roster within a few seconds', async () => {
    const { cluster, a, b } = nodes;
    const c = await cluster.start('node-c');
    const board = await createBoard(a.url);
    const ann = await join(a, board.id, board.keys.facilitator, 'Ann');
    const dee = await join(c, board.id, board.keys.participant, 'Dee');
    // Not listed in rosters; there to hear node B's own word of Dee's leave.
    const projector = await join(b, board.id, board.keys.spectator, 'Projector');
    try {
      const deeId = dee.socket.id;
      const deeLeft = (socket: Socket) =>
        eventMatching<RosterDelta>(socket, 'roster:delta', (d) => d.op === 'leave' && d.clientId === deeId, 15_000);
      const deesLeave = Promise.all([deeLeft(ann.socket), deeLeft(projector.socket)]);
      c.child.kill('SIGKILL');
      // NODE_TIMEOUT_MS (4 s) after its last heartbeat; the wait above allows 15 s. Each node
      // judges on its own heartbeat tick: node B may take Dee out up to a second after node A.
      await deesLeave;
      const late = await join(b, board.id, board.keys.participant, 'Eve');
      assert.deepEqual(late.roster.map((p) => p.name).sort(), ['Ann', 'Eve']);
      late.socket.disconnect();
    } finally {
      ann.socket.disconnect();
      dee.socket.disconnect();
      projector.socket.disconnect();
    }
  });
});
