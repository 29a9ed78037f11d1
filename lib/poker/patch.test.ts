import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPokerPatch, isEmptyPatch, onlyVotingChurn, patchFor, type PokerPatch, type PokerSource } from './patch';
import { presentVoterIds, viewFor, type PresentMember, type Viewer } from './redact';
import {
  castVote,
  initialPokerState,
  revealRound,
  revote,
  setNotVoting,
  setTimer,
  startRound,
  updateSettings,
  type PokerState,
} from './round';

/** A small seeded generator (mulberry32), so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const everyone: PresentMember[] = [
  { voterId: 'fac', name: 'Fay', color: '#111111', role: 'facilitator' },
  { voterId: 'p1', name: 'Pat', color: '#222222', role: 'participant' },
  { voterId: 'p2', name: 'Quinn', color: '#333333', role: 'participant' },
  { voterId: 'p3', name: 'Pat', color: '#555555', role: 'participant' },
  { voterId: 'p4', name: 'Ann', color: '#666666', role: 'participant' },
  { voterId: 'proj', name: 'Projector', color: '#444444', role: 'spectator' },
];
const voterIds = ['fac', 'p1', 'p2', 'p3', 'p4'];
const cards = ['1', '2', '3', '5', '8', '13'];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)];
}

/** One random step of a board: mostly votes and presence, now and then a change that is no patch. */
function step(rnd: () => number, source: PokerSource, n: number): PokerSource {
  const { state, present } = source;
  const round = state.round!;
  const voterId = pick(rnd, voterIds);
  const member = everyone.find((m) => m.voterId === voterId)!;
  const r = rnd();
  try {
    if (r < 0.45) {
      const card = rnd() < 0.2 ? null : pick(rnd, cards);
      return { state: castVote(state, { roundId: round.id, voterId, name: member.name, color: member.color, card }), present };
    }
    if (r < 0.55) return { state: setNotVoting(state, voterId, rnd() < 0.5, presentVoterIds(present)), present };
    if (r < 0.7) {
      // Someone leaves or comes back (the projector included).
      const who = pick(rnd, everyone);
      const here = present.some((m) => m.voterId === who.voterId);
      return { state, present: here ? present.filter((m) => m.voterId !== who.voterId) : [...present, who] };
    }
    if (r < 0.75) return { state, present: present.map((m) => (m.voterId === voterId ? { ...m, name: `${m.name}${n % 3}` } : m)) };
    if (r < 0.8) return { state: setTimer(state, { roundId: round.id, seconds: 30, revealAtEnd: false, now: n }), present };
    if (r < 0.84) return { state: updateSettings(state, { autoReveal: !state.settings.autoReveal }), present };
    if (r < 0.9 && round.phase === 'voting') return { state: revealRound(state, round.id, n), present };
    if (round.phase === 'revealed') return { state: revote(state, { roundId: round.id, newRoundId: `r${n}`, now: n }), present };
  } catch {
    // A refused action (a vote while sitting out, on a revealed round) changes nothing.
  }
  return source;
}

describe('patchFor / applyPokerPatch', () => {
  it('apply(view of prev, patch(prev, next)) is the view of next, for every viewer, over random sequences', () => {
    let patches = 0;
    let wholeViews = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = random(seed);
      let source: PokerSource = {
        state: startRound(initialPokerState(), { roundId: 'r0', itemId: 'a', itemTitle: 'A', now: 0 }),
        present: everyone.slice(0, 4),
      };
      // Each viewer's held view, as a client keeps it: whole views and patches, numbered.
      const held = new Map<string, { view: ReturnType<typeof viewFor>; seq: number }>();
      for (const viewer of everyone) held.set(viewer.voterId, { view: viewFor(source.state, viewer, source.present, 0), seq: 1 });
      for (let n = 1; n <= 120; n++) {
        const next = step(rnd, source, n);
        for (const viewer of everyone) {
          const mine = held.get(viewer.voterId)!;
          const expected = viewFor(next.state, viewer, next.present, n);
          const body = patchFor(source, next, viewer, n);
          if (body === null) {
            wholeViews++;
            held.set(viewer.voterId, { view: expected, seq: mine.seq + 1 });
            continue;
          }
          const applied = applyPokerPatch(mine, { ...body, seq: mine.seq + 1 });
          assert.ok(applied, `seed ${seed} step ${n}: the patch applies`);
          assert.deepEqual(applied.view, expected, `seed ${seed} step ${n}, viewer ${viewer.voterId}`);
          patches++;
          held.set(viewer.voterId, applied);
        }
        source = next;
      }
    }
    assert.ok(patches > 1000 && wholeViews > 100, `both kinds were exercised (${patches} patches, ${wholeViews} whole views)`);
  });

  it('a voter is sent as their status only: no card of anyone else before the reveal', () => {
    let state = startRound(initialPokerState(), { roundId: 'r1', itemId: 'a', itemTitle: 'A', now: 0 });
    const present = everyone;
    for (const viewer of everyone) {
      const next = castVote(state, { roundId: 'r1', voterId: 'p2', name: 'Quinn', color: '#333333', card: '13' });
      const body = patchFor({ state, present }, { state: next, present }, viewer, 1)!;
      if (viewer.voterId === 'p2') {
        assert.deepEqual(body.voters, [{ voterId: 'p2', status: 'voted', vote: '13' }]);
        assert.equal(body.me?.vote, '13');
      } else {
        assert.deepEqual(body.voters, [{ voterId: 'p2', status: 'voted' }], `${viewer.voterId} learns only that Quinn voted`);
        assert.equal(body.me, undefined);
        assert.ok(!JSON.stringify(body).includes('"13"'));
      }
    }
    // Changing one's card changes nothing anyone else can see.
    state = castVote(state, { roundId: 'r1', voterId: 'p2', name: 'Quinn', color: '#333333', card: '13' });
    const changed = castVote(state, { roundId: 'r1', voterId: 'p2', name: 'Quinn', color: '#333333', card: '5' });
    assert.equal(isEmptyPatch(patchFor({ state, present }, { state: changed, present }, everyone[1], 2)!), true);
    assert.deepEqual(patchFor({ state, present }, { state: changed, present }, everyone[2], 2)!.voters, [{ voterId: 'p2', vote: '5' }]);
  });

  it('the spectator sharing a voter id with a voting tab never gets that card in a patch', () => {
    const state = startRound(initialPokerState(), { roundId: 'r1', itemId: 'a', itemTitle: 'A', now: 0 });
    const projector: Viewer = { voterId: 'fac', role: 'spectator' };
    const next = castVote(state, { roundId: 'r1', voterId: 'fac', name: 'Fay', color: '#111111', card: '8' });
    const body = patchFor({ state, present: everyone }, { state: next, present: everyone }, projector, 1)!;
    assert.ok(!JSON.stringify(body).includes('"8"'), JSON.stringify(body));
  });

  it('only a voting round changing votes, sitting out or presence is a patch', () => {
    const voting = startRound(initialPokerState(), { roundId: 'r1', itemId: 'a', itemTitle: 'A', now: 0 });
    const voted = castVote(voting, { roundId: 'r1', voterId: 'p1', name: 'Pat', color: '#222222', card: '3' });
    assert.equal(onlyVotingChurn(voting, voted), true);
    assert.equal(onlyVotingChurn(voting, setNotVoting(voting, 'p1', true, ['p1'])), true);
    assert.equal(onlyVotingChurn(initialPokerState(), voting), false, 'a round starting');
    assert.equal(onlyVotingChurn(voted, revealRound(voted, 'r1', 1)), false, 'the reveal');
    assert.equal(onlyVotingChurn(voted, updateSettings(voted, { autoReveal: true })), false, 'settings');
    assert.equal(onlyVotingChurn(voted, setTimer(voted, { roundId: 'r1', seconds: 30, revealAtEnd: true, now: 1 })), false, 'the timer');
  });

  it('a patch that does not follow the held view is refused: missed message, other round, incomplete newcomer', () => {
    const state: PokerState = startRound(initialPokerState(), { roundId: 'r1', itemId: 'a', itemTitle: 'A', now: 0 });
    const viewer = everyone[1];
    const held = { view: viewFor(state, viewer, everyone, 0), seq: 4 };
    const body = patchFor(
      { state, present: everyone },
      { state: castVote(state, { ...vote('p2'), card: '3' }), present: everyone },
      viewer,
      1,
    )!;
    assert.ok(applyPokerPatch(held, { ...body, seq: 5 }));
    assert.equal(applyPokerPatch(held, { ...body, seq: 6 }), null, 'seq 5 was missed');
    assert.equal(applyPokerPatch(held, { ...body, seq: 5, roundId: 'r2' }), null, 'another round');
    const stranger: PokerPatch = { seq: 5, roundId: 'r1', serverNow: 1, voters: [{ voterId: 'new', status: 'voted' }] };
    assert.equal(applyPokerPatch(held, stranger), null, 'a voter the view does not hold needs every field');
    const revealed = { view: viewFor(revealRound(state, 'r1', 1), viewer, everyone, 1), seq: 4 };
    assert.equal(applyPokerPatch(revealed, { ...body, seq: 5 }), null, 'a revealed view takes no patch');
  });
});

function vote(voterId: string) {
  const member = everyone.find((m) => m.voterId === voterId)!;
  return { roundId: 'r1', voterId, name: member.name, color: member.color };
}
