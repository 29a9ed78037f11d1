import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { patchFor } from '../poker/patch';
import { viewFor, type PresentMember } from '../poker/redact';
import { castVote, initialPokerState, startRound, type PokerState } from '../poker/round';
import type { BoardConnection } from './board-connection';
import { serverStateFor } from './server-state';
import { POKER_STATE } from './server-states';

const present: PresentMember[] = [
  { voterId: 'fac', name: 'Fay', color: '#111111', role: 'facilitator' },
  { voterId: 'p1', name: 'Pat', color: '#222222', role: 'participant' },
  { voterId: 'p2', name: 'Quinn', color: '#333333', role: 'participant' },
];
const fay = present[0];

/** A connection whose socket the test drives, recording what the store sends. */
function fakeConnection() {
  const socket = Object.assign(new EventEmitter(), { connected: true });
  const sent: string[] = [];
  const connection = {
    socket,
    emit: async (event: string) => {
      sent.push(event);
      return { ok: true };
    },
  } as unknown as BoardConnection;
  return { connection, socket, sent };
}

function vote(state: PokerState, voterId: string, card: string): PokerState {
  const m = present.find((p) => p.voterId === voterId)!;
  return castVote(state, { roundId: 'r1', voterId, name: m.name, color: m.color, card });
}

describe('the poker store: whole views, then patches', () => {
  it('applies patches that follow; after a missed one asks for the view once and drops patches until it comes', () => {
    const { connection, socket, sent } = fakeConnection();
    const store = serverStateFor(connection, POKER_STATE);
    const s0 = startRound(initialPokerState(), { roundId: 'r1', itemId: 'a', itemTitle: 'A', now: 0 });
    const s1 = vote(s0, 'p1', '3');
    const s2 = vote(s1, 'p2', '5');
    const s3 = vote(s2, 'fac', '8');
    const patch = (from: PokerState, to: PokerState, seq: number) => ({
      ...patchFor({ state: from, present }, { state: to, present }, fay, seq)!,
      seq,
    });

    socket.emit('poker:state', { ...viewFor(s0, fay, present, 0), seq: 1 });
    socket.emit('poker:patch', patch(s0, s1, 2));
    assert.deepEqual(store.get().view, viewFor(s1, fay, present, 2));
    assert.equal(store.get().seq, 2);

    // The patch numbered 3 is lost: 4 does not follow, nor does 5.
    socket.emit('poker:patch', patch(s2, s3, 4));
    socket.emit('poker:patch', patch(s2, s3, 5));
    assert.deepEqual(sent, ['poker:get'], 'asked once');
    assert.deepEqual(store.get().view, viewFor(s1, fay, present, 2), 'kept the view it had');

    socket.emit('poker:state', { ...viewFor(s2, fay, present, 6), seq: 6 });
    socket.emit('poker:patch', patch(s2, s3, 7));
    assert.deepEqual(store.get().view, viewFor(s3, fay, present, 7));
    assert.deepEqual(sent, ['poker:get']);
  });

  it('a patch before any view asks for the view', () => {
    const { connection, socket, sent } = fakeConnection();
    const store = serverStateFor(connection, POKER_STATE);
    socket.emit('poker:patch', { seq: 1, roundId: 'r1', serverNow: 0, voters: [{ voterId: 'p1', status: 'voted' }] });
    assert.equal(store.get().view, null);
    assert.deepEqual(sent, ['poker:get']);
  });
});
