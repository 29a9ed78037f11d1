import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { patchFor } from '../poker/patch';
import { viewFor, type PresentMember } from '../poker/redact';
import { castVote, initialPokerState, startRound, type PokerState } from '../poker/round';
import type { BoardConnection } from './board-connection';
import { RESYNC_RETRY_MS, RESYNC_TIMEOUT_MS, serverStateFor } from './server-state';
import { POKER_STATE } from './server-states';

const present: PresentMember[] = [
  { voterId: 'fac', name: 'Fay', color: '#111111', role: 'facilitator' },
  { voterId: 'p1', name: 'Pat', color: '#222222', role: 'participant' },
  { voterId: 'p2', name: 'Quinn', color: '#333333', role: 'participant' },
];
const fay = present[0];

/** What the fake server answers a request with: an ack, a failure, or nothing ever. */
type Answer = { ok: true } | { ok: false; error: { code: string; message: string } } | 'throws' | 'never';

/** A connection whose socket the test drives, recording what the store sends; `answers` are used in turn (then ok). */
function fakeConnection(answers: Answer[] = []) {
  const socket = Object.assign(new EventEmitter(), { connected: true });
  const sent: string[] = [];
  const connection = {
    socket,
    emit: (event: string) => {
      sent.push(event);
      const answer = answers.shift() ?? { ok: true };
      if (answer === 'never') return new Promise(() => undefined);
      if (answer === 'throws') return Promise.reject(new Error('socket closed'));
      return Promise.resolve(answer);
    },
  } as unknown as BoardConnection;
  return { connection, socket, sent };
}

/** Lets the store's promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

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
    // Mocked: the store keeps asking until a view comes, and none comes here; a real timer would
    // keep this test process alive for good.
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const { connection, socket, sent } = fakeConnection();
      const store = serverStateFor(connection, POKER_STATE);
      socket.emit('poker:patch', { seq: 1, roundId: 'r1', serverNow: 0, voters: [{ voterId: 'p1', status: 'voted' }] });
      assert.equal(store.get().view, null);
      assert.deepEqual(sent, ['poker:get']);
    } finally {
      mock.timers.reset();
    }
  });

  it('asks again, later each time, while the server refuses or fails the request; patches apply once the view comes', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const limited = { ok: false as const, error: { code: 'rate_limited', message: 'slow down' } };
      const { connection, socket, sent } = fakeConnection([limited, 'throws', limited, { ok: true }]);
      const store = serverStateFor(connection, POKER_STATE);
      const s0 = startRound(initialPokerState(), { roundId: 'r1', itemId: 'a', itemTitle: 'A', now: 0 });
      const s1 = vote(s0, 'p1', '3');
      const s2 = vote(s1, 'p2', '5');
      socket.emit('poker:state', { ...viewFor(s0, fay, present, 0), seq: 1 });
      // Seq 2 was lost: this one does not follow.
      socket.emit('poker:patch', { ...patchFor({ state: s1, present }, { state: s2, present }, fay, 3)!, seq: 3 });
      await settle();
      assert.deepEqual(sent, ['poker:get']);

      // Refused: asked again after the first delay, not before; then failed, refused: twice, four times as long.
      let expected = 1;
      for (const delay of [RESYNC_RETRY_MS.first, RESYNC_RETRY_MS.first * 2, RESYNC_RETRY_MS.first * 4]) {
        mock.timers.tick(delay - 1);
        await settle();
        assert.equal(sent.length, expected, `not asked again before ${delay} ms`);
        mock.timers.tick(1);
        await settle();
        assert.equal(sent.length, ++expected, `asked again after ${delay} ms`);
      }
      assert.equal(store.get().seq, 1, 'the view held stays until the whole one comes');

      // The fourth request is taken: the view comes, and patches that follow it apply.
      socket.emit('poker:state', { ...viewFor(s1, fay, present, 5), seq: 5 });
      socket.emit('poker:patch', { ...patchFor({ state: s1, present }, { state: s2, present }, fay, 6)!, seq: 6 });
      assert.deepEqual(store.get().view, viewFor(s2, fay, present, 6));
      mock.timers.tick(RESYNC_TIMEOUT_MS);
      await settle();
      assert.equal(sent.length, 4, 'nothing asked once the view came');
    } finally {
      mock.timers.reset();
    }
  });

  it('asks again when the request is never answered', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const { connection, socket, sent } = fakeConnection(['never']);
      serverStateFor(connection, POKER_STATE);
      socket.emit('poker:patch', { seq: 1, roundId: 'r1', serverNow: 0, voters: [{ voterId: 'p1', status: 'voted' }] });
      await settle();
      mock.timers.tick(RESYNC_TIMEOUT_MS - 1);
      await settle();
      assert.deepEqual(sent, ['poker:get']);
      mock.timers.tick(1);
      await settle();
      assert.deepEqual(sent, ['poker:get', 'poker:get']);
    } finally {
      mock.timers.reset();
    }
  });
});
