import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { castVote, everyoneHasVoted, initialPokerState, revealRound, startRound } from './round';
import { presentVoterIds, viewFor, type PresentMember } from './redact';

const present: PresentMember[] = [
  { voterId: 'fac', name: 'Fay', color: '#111111', role: 'facilitator' },
  { voterId: 'p1', name: 'Pat', color: '#222222', role: 'participant' },
  { voterId: 'p2', name: 'Quinn', color: '#333333', role: 'participant' },
  { voterId: 'proj', name: 'Projector', color: '#444444', role: 'spectator' },
];

function votingState() {
  let s = startRound(initialPokerState(), { roundId: 'r1', itemId: 'a', itemTitle: 'A', now: 0 });
  s = castVote(s, { roundId: 'r1', voterId: 'p1', name: 'Pat', color: '#222222', card: '13' });
  s = castVote(s, { roundId: 'r1', voterId: 'p2', name: 'Quinn', color: '#333333', card: '21' });
  return s;
}

describe('viewFor: redaction of votes before the reveal', () => {
  for (const viewer of present) {
    it(`shows ${viewer.role} ${viewer.voterId} no vote but its own before the reveal`, () => {
      const view = viewFor(votingState(), viewer, present, 0);
      const text = JSON.stringify(view);
      for (const [owner, card] of [
        ['p1', '13'],
        ['p2', '21'],
      ] as const) {
        if (owner === viewer.voterId) continue;
        assert.ok(!text.includes(`"${card}"`) || view.round!.deck.some((c) => c.label === card), 'only the deck may name the card');
        const entry = view.round!.voters.find((v) => v.voterId === owner)!;
        assert.equal(entry.vote, null);
        assert.equal(entry.status, 'voted');
      }
      assert.equal(view.round!.stats, null);
      // The deck lists every card; remove it and no vote value of another voter remains.
      const withoutDeck = JSON.stringify({ ...view, round: { ...view.round, deck: [] } });
      if (viewer.voterId !== 'p1') assert.ok(!withoutDeck.includes('"13"'));
      if (viewer.voterId !== 'p2') assert.ok(!withoutDeck.includes('"21"'));
    });
  }

  it('gives the owner its own vote, and lists who is still thinking; spectators are not voters', () => {
    const view = viewFor(votingState(), { voterId: 'p1', role: 'participant' }, present, 0);
    assert.equal(view.me.vote, '13');
    assert.equal(view.round!.voters.find((v) => v.isMe)?.vote, '13');
    assert.equal(view.round!.voters.find((v) => v.voterId === 'fac')?.status, 'thinking');
    assert.equal(
      view.round!.voters.some((v) => v.voterId === 'proj'),
      false,
    );
    assert.equal(viewFor(votingState(), { voterId: 'proj', role: 'spectator' }, present, 0).me.canVote, false);
  });

  it('keeps the vote of someone who left, shown as away', () => {
    const view = viewFor(
      votingState(),
      { voterId: 'fac', role: 'facilitator' },
      present.filter((m) => m.voterId !== 'p2'),
      0,
    );
    const quinn = view.round!.voters.find((v) => v.voterId === 'p2')!;
    assert.equal(quinn.status, 'away');
    assert.equal(quinn.vote, null);
  });

  it('after the reveal everyone sees every vote, the statistics and the outliers', () => {
    const s = revealRound(votingState(), 'r1', 5);
    const view = viewFor(s, { voterId: 'proj', role: 'spectator' }, present, 5);
    assert.equal(view.round!.voters.find((v) => v.voterId === 'p1')?.vote, '13');
    assert.equal(view.round!.voters.find((v) => v.voterId === 'p2')?.outlier, 'high');
    assert.equal(view.round!.voters.find((v) => v.voterId === 'p1')?.outlier, 'low');
    assert.equal(view.round!.stats?.average, 17);
    assert.equal(view.round!.stats?.suggested?.label, '21');
  });
});

describe('viewFor: a projector sharing a voter id with a voter', () => {
  it("never shows that voter's card before the reveal, nor marks it as its own", () => {
    // The facilitator's browser opens the projector tab: both may carry one voter id.
    const view = viewFor(votingState(), { voterId: 'p1', role: 'spectator' }, present, 0);
    assert.equal(view.me.vote, null);
    assert.equal(view.me.canVote, false);
    const entry = view.round!.voters.find((v) => v.voterId === 'p1')!;
    assert.equal(entry.vote, null);
    assert.equal(entry.isMe, false);
  });
});

describe('presentVoterIds: who must vote before an auto-reveal', () => {
  it('counts a voter present on a voting tab and a projector tab once, and the projector not at all', () => {
    const shared: PresentMember[] = [
      { voterId: 'fac', name: 'Fay', color: '#111111', role: 'facilitator' },
      { voterId: 'fac', name: 'Fay (projector)', color: '#111111', role: 'spectator' },
    ];
    assert.deepEqual(presentVoterIds(shared), ['fac']);
  });

  it('leaves spectators out, so a connected projector does not block the reveal', () => {
    assert.deepEqual(presentVoterIds(present), ['fac', 'p1', 'p2']);
    let s = castVote(votingState(), { roundId: 'r1', voterId: 'fac', name: 'Fay', color: '#111111', card: '8' });
    s = { ...s, settings: { ...s.settings, autoReveal: true } };
    assert.equal(everyoneHasVoted(s, presentVoterIds(present)), true);
  });
});
