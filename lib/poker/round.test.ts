import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PEOPLE_PER_KEY } from '../session/limits';
import {
  PokerError,
  acceptCard,
  acceptedHistory,
  castVote,
  everyoneHasVoted,
  initialPokerState,
  nextQueuedItem,
  queueNext,
  revealRound,
  revote,
  roundAtMeetingEnd,
  setNotVoting,
  setTimer,
  startRound,
  timerExpired,
  updateSettings,
} from './round';

const started = () => startRound(initialPokerState(), { roundId: 'r1', itemId: 'a', itemTitle: 'A', now: 1000, queue: ['a', 'b', 'c'] });
const vote = (s: ReturnType<typeof started>, voterId: string, card: string | null, roundId = 'r1') =>
  castVote(s, { roundId, voterId, name: voterId.toUpperCase(), color: '#000000', card });

describe('poker round state machine', () => {
  it('at the end of a meeting: closes a round with nothing to lose, asks before dropping votes', () => {
    assert.equal(roundAtMeetingEnd(initialPokerState()), 'none');
    assert.equal(roundAtMeetingEnd(started()), 'close', 'a round nobody voted in yet');
    let s = vote(started(), 'v1', '5');
    assert.equal(roundAtMeetingEnd(s), 'ask', 'votes before the reveal');
    s = revealRound(s, 'r1', 2000);
    assert.equal(roundAtMeetingEnd(s), 'ask', 'revealed, not accepted');
    s = acceptCard(s, { roundId: 'r1', card: '5' }).state;
    assert.equal(roundAtMeetingEnd(s), 'close', 'accepted: the estimate is written');
    assert.equal(roundAtMeetingEnd({ ...initialPokerState(), queue: ['b'] }), 'close', 'a queue left');
  });

  it('starts on an item, with the rest of the queue kept', () => {
    const s = started();
    assert.equal(s.round?.phase, 'voting');
    assert.deepEqual(s.queue, ['b', 'c']);
    assert.equal(s.round?.deck.length, 11);
  });

  it('lets a voter change and take back a vote until the reveal, then refuses', () => {
    let s = vote(started(), 'p', '3');
    s = vote(s, 'p', '5');
    assert.equal(s.round?.votes.p, '5');
    s = vote(s, 'p', null);
    assert.equal(s.round?.votes.p, undefined);
    s = vote(s, 'p', '8');
    s = revealRound(s, 'r1', 2000);
    assert.throws(() => vote(s, 'p', '3'), PokerError);
  });

  it('refuses cards outside the deck and stale round ids', () => {
    assert.throws(() => vote(started(), 'p', '7'), /not a card/);
    assert.throws(() => vote(started(), 'p', '3', 'old'), /newer one/);
    assert.throws(() => revealRound(initialPokerState(), 'r1', 0), /no round/);
  });

  it('not voting withdraws the vote and blocks voting; everyoneHasVoted ignores those sitting out', () => {
    let s = vote(started(), 'p', '3');
    assert.equal(everyoneHasVoted(s, ['p', 'q']), false);
    s = setNotVoting(s, 'q', true, ['p', 'q']);
    assert.equal(everyoneHasVoted(s, ['p', 'q']), true);
    s = setNotVoting(s, 'p', true, ['p', 'q']);
    assert.equal(s.round?.votes.p, undefined);
    assert.throws(() => vote(s, 'p', '3'), /not to vote/);
    assert.equal(everyoneHasVoted(s, ['p', 'q']), false, 'no votes at all never auto-reveals');
  });

  it('the not-voting list stays at its cap: voters not present make room; only people all present fill it', () => {
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    let s = initialPokerState();
    // Tokens one socket held in turn: none of them is present any more.
    for (const id of ids('minted', DEFAULT_PEOPLE_PER_KEY)) s = setNotVoting(s, id, true, [id]);
    assert.equal(s.notVoting.length, DEFAULT_PEOPLE_PER_KEY);
    s = setNotVoting(s, 'ann', true, ['ann', 'minted7']);
    assert.deepEqual(s.notVoting, ['minted7', 'ann'], 'the absent made room; those present kept their place');
    s = setNotVoting(s, 'ann', false, ['ann']);
    assert.deepEqual(s.notVoting, ['minted7']);

    const here = ids('here', DEFAULT_PEOPLE_PER_KEY);
    let full = initialPokerState();
    for (const id of here) full = setNotVoting(full, id, true, here);
    assert.throws(
      () => setNotVoting(full, 'one-more', true, [...here, 'one-more']),
      PokerError,
      'a room of people all sitting out is full',
    );
    assert.equal(setNotVoting(full, 'here3', false, here).notVoting.length, DEFAULT_PEOPLE_PER_KEY - 1, 'anyone may still come back in');
    assert.equal(setNotVoting(full, 'here3', true, here).notVoting.length, DEFAULT_PEOPLE_PER_KEY, 'sitting out again is no newcomer');
  });

  it('the not-voting cap is the one passed in', () => {
    let s = initialPokerState();
    for (const id of ['a', 'b', 'c']) s = setNotVoting(s, id, true, ['a', 'b', 'c'], 3);
    assert.throws(() => setNotVoting(s, 'd', true, ['a', 'b', 'c', 'd'], 3), /3 voters/);
    let big = initialPokerState();
    const here = Array.from({ length: DEFAULT_PEOPLE_PER_KEY + 1 }, (_, i) => `v${i}`);
    for (const id of here) big = setNotVoting(big, id, true, here, DEFAULT_PEOPLE_PER_KEY + 100);
    assert.equal(big.notVoting.length, DEFAULT_PEOPLE_PER_KEY + 1, 'a server allowing more people lets more sit out');
  });

  it('re-vote keeps the revealed round in the history; accept returns the whole history', () => {
    let s = vote(vote(started(), 'p', '3'), 'q', '13');
    s = revealRound(s, 'r1', 2000);
    s = revote(s, { roundId: 'r1', newRoundId: 'r2', now: 3000 });
    assert.equal(s.round?.number, 2);
    assert.deepEqual(s.round?.votes, {});
    assert.equal(s.round?.history.length, 1);
    assert.equal(s.round?.history[0].stats.average, 8);
    s = vote(vote(s, 'p', '5', 'r2'), 'q', '5', 'r2');
    assert.throws(() => acceptCard(s, { roundId: 'r2', card: '5' }), /revealed/);
    s = revealRound(s, 'r2', 4000);
    const { state, card } = acceptCard(s, { roundId: 'r2', card: '5' });
    assert.equal(card.value, 5);
    assert.equal(state.round?.phase, 'accepted');
    const history = acceptedHistory(state.round!);
    assert.deepEqual(
      history.map((r) => r.number),
      [1, 2],
    );
    assert.equal(history[1].stats.consensus, true);
  });

  it('refuses to accept ? or coffee as the estimate', () => {
    const s = revealRound(vote(started(), 'p', '?'), 'r1', 2);
    assert.throws(() => acceptCard(s, { roundId: 'r1', card: '?' }), /not an estimate/);
  });

  it('queue: next skips the current and missing items; split children go first', () => {
    let s = started();
    s = queueNext(s, ['x', 'y']);
    assert.deepEqual(s.queue, ['x', 'y', 'b', 'c']);
    const next = nextQueuedItem(s, (id) => id !== 'x');
    assert.deepEqual(next, { itemId: 'y', queue: ['b', 'c'] });
  });

  it('timer: set, expire, cleared by reveal', () => {
    let s = setTimer(started(), { roundId: 'r1', seconds: 30, revealAtEnd: true, now: 1000 });
    assert.equal(s.round?.timer?.endsAt, 31_000);
    assert.equal(timerExpired(s, 30_999), false);
    assert.equal(timerExpired(s, 31_000), true);
    s = revealRound(s, 'r1', 31_000);
    assert.equal(s.round?.timer, null);
  });

  it('settings: a new deck applies to the next round only; custom decks need two cards', () => {
    let s = vote(started(), 'p', '13');
    s = updateSettings(s, { deck: { kind: 't-shirt' } });
    assert.equal(s.round?.deck[0].label, '0', 'running round keeps its deck');
    s = revote(revealRound(s, 'r1', 1), { roundId: 'r1', newRoundId: 'r2', now: 2 });
    assert.equal(s.round?.deck[0].label, 'XS');
    assert.throws(() => updateSettings(s, { deck: { kind: 'custom', custom: ['1', '1'] } }), /two different/);
    assert.equal(updateSettings(s, { sprintThreshold: null }).settings.sprintThreshold, null);
  });
});
