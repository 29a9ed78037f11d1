import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Participant } from '../session/roles';
import {
  TRIM_AWAY_GRACE_MS,
  TrimConsensusError,
  awaitsAnswerFrom,
  createProposal,
  isTrimState,
  outcomeOf,
  proceedWithout,
  rebindSeat,
  releaseSeat,
  respond,
  viewOfState,
} from './trim-consensus';

const roster: Participant[] = [
  { clientId: 'f', name: 'Fay', color: '#000000', role: 'facilitator' },
  { clientId: 'p1', name: 'Pat', color: '#000000', role: 'participant' },
  { clientId: 'p2', name: 'Quinn', color: '#000000', role: 'participant' },
  { clientId: 'tv', name: 'Projector', color: '#000000', role: 'spectator' },
];
const items = [{ id: 'a', title: 'Old idea' }];
const proposal = () => createProposal({ id: 'x', proposedBy: 'Fay', items, roster, now: 1 });

describe('trim consensus', () => {
  it('an objection to one item keeps that item; the others are trimmed once everyone confirms them', () => {
    const two = createProposal({ id: 'x', proposedBy: 'Fay', items: [...items, { id: 'b', title: 'Old report' }], roster, now: 1 });
    let r = respond(two, 'f', 'confirm', null, 2);
    r = respond(r.proposal, 'p1', 'object', 'Finance needs it', 3, ['b']);
    assert.equal(r.status, 'pending');
    assert.deepEqual(r.status === 'pending' && r.keptNow, [{ id: 'b', title: 'Old report', by: 'Pat', reason: 'Finance needs it' }]);
    assert.deepEqual(
      r.proposal.items.map((i) => i.id),
      ['a'],
    );
    assert.equal(r.proposal.seats[1].response, 'confirm', 'a yes to the rest');
    const view = viewOfState({ version: 1, proposal: r.proposal, lastOutcome: null });
    assert.equal(view.proposal!.kept![0].reason, 'Finance needs it', 'the reason is visible to everyone');
    r = respond(r.proposal, 'p2', 'confirm', null, 4);
    assert.equal(r.status, 'confirmed');
    assert.deepEqual(
      r.proposal.items.map((i) => i.id),
      ['a'],
    );
    assert.deepEqual(outcomeOf(r.proposal, 'trimmed', 'Fay', null, 5, ['a']).kept?.[0].id, 'b');
    // Objecting to every item is the whole objection; to items not in the vote, refused.
    assert.equal(respond(two, 'p1', 'object', null, 3, ['a', 'b']).status, 'objected');
    assert.throws(() => respond(two, 'p1', 'object', null, 3, ['zzz']), TrimConsensusError);
  });

  it('proceeds without a voter away past the grace period, and the outcome names them', () => {
    let p = respond(proposal(), 'f', 'confirm', null, 2).proposal;
    p = respond(p, 'p1', 'confirm', null, 3).proposal;
    // Quinn is here: nobody may skip her.
    assert.throws(() => proceedWithout(p, 's3', 10), TrimConsensusError);
    p = releaseSeat(p, 'p2', 100);
    assert.throws(() => proceedWithout(p, 's3', 100 + TRIM_AWAY_GRACE_MS - 1), /wait a little longer/);
    const r = proceedWithout(p, 's3', 100 + TRIM_AWAY_GRACE_MS);
    assert.equal(r.status, 'confirmed');
    assert.equal(r.proposal.seats[2].response, 'pending', 'never counted as her confirmation');
    assert.deepEqual(outcomeOf(r.proposal, 'trimmed', 'Fay', null, 5).without, ['Quinn']);
    assert.equal(outcomeOf(p, 'trimmed', 'Fay', null, 5).without, undefined);
    assert.throws(() => proceedWithout(r.proposal, 's3', 200_000), /already answered/);
    assert.throws(() => proceedWithout(p, 'nope', 200_000), TrimConsensusError);
  });

  it('lets an excused voter come back and answer, and a returning voter is no longer away', () => {
    const p = releaseSeat(respond(proposal(), 'f', 'confirm', null, 2).proposal, 'p2', 100);
    assert.equal(proceedWithout(p, 's3', 100 + TRIM_AWAY_GRACE_MS).status, 'pending', 'Pat has not answered');
    const excused = proceedWithout(p, 's3', 100 + TRIM_AWAY_GRACE_MS).proposal;
    const back = rebindSeat(excused, { clientId: 'p2b', name: 'Quinn', role: 'participant' }, () => false);
    assert.equal(back.seats[2].awaySince, null);
    const objected = respond(back, 'p2b', 'object', 'still needed', 200_000);
    assert.equal(objected.status, 'objected');
    assert.equal(objected.proposal.seats[2].excused, undefined);
  });

  it('awaits an answer from each seated voter until they gave it', () => {
    const waiting = viewOfState({ version: 1, proposal: proposal(), lastOutcome: null });
    assert.equal(awaitsAnswerFrom(waiting, 'p1'), true);
    assert.equal(awaitsAnswerFrom(waiting, 'tv'), false, 'a spectator is not asked');
    assert.equal(awaitsAnswerFrom(waiting, null), false);
    const answered = viewOfState({ version: 1, proposal: respond(proposal(), 'p1', 'confirm', null, 2).proposal, lastOutcome: null });
    assert.equal(awaitsAnswerFrom(answered, 'p1'), false);
    assert.equal(awaitsAnswerFrom(answered, 'p2'), true);
    assert.equal(awaitsAnswerFrom(viewOfState({ version: 1, proposal: null, lastOutcome: null }), 'p1'), false);
  });

  it('seats everyone present but spectators, facilitator included', () => {
    assert.deepEqual(
      proposal().seats.map((s) => s.name),
      ['Fay', 'Pat', 'Quinn'],
    );
  });

  it('trims only when everyone confirmed', () => {
    let p = proposal();
    let r = respond(p, 'f', 'confirm', null, 2);
    assert.equal(r.status, 'pending');
    r = respond(r.proposal, 'p1', 'confirm', null, 3);
    assert.equal(r.status, 'pending');
    r = respond(r.proposal, 'p2', 'confirm', null, 4);
    assert.equal(r.status, 'confirmed');
    p = r.proposal;
    assert.ok(p.seats.every((s) => s.respondedAt !== null));
  });

  it('is decided by one objection, with its reason', () => {
    const r = respond(respond(proposal(), 'f', 'confirm', null, 2).proposal, 'p2', 'object', 'still needed for audit', 3);
    assert.equal(r.status, 'objected');
    assert.ok(r.status === 'objected' && r.seat.name === 'Quinn' && r.seat.reason === 'still needed for audit');
  });

  it('refuses voters who were not present, and proposals nobody can answer', () => {
    assert.throws(() => respond(proposal(), 'tv', 'confirm', null, 2), TrimConsensusError);
    assert.throws(() => respond(proposal(), 'late', 'confirm', null, 2), TrimConsensusError);
    assert.throws(() => createProposal({ id: 'y', proposedBy: 'F', items, roster: [roster[3]], now: 1 }), TrimConsensusError);
    assert.throws(() => createProposal({ id: 'y', proposedBy: 'F', items: [], roster, now: 1 }), TrimConsensusError);
  });

  it('keeps a seat for someone who reloads, found again by name and role', () => {
    let p = releaseSeat(proposal(), 'p1');
    assert.equal(p.seats[1].clientId, null);
    assert.equal(
      respond(respond(p, 'f', 'confirm', null, 2).proposal, 'p2', 'confirm', null, 3).status,
      'pending',
      'absent voter still counts',
    );
    p = rebindSeat(p, { clientId: 'p1-new', name: 'Pat', role: 'participant' }, () => true);
    assert.equal(p.seats[1].clientId, 'p1-new');
    const stranger = rebindSeat(p, { clientId: 'z', name: 'Zed', role: 'participant' }, () => true);
    assert.equal(stranger, p);
  });

  it('rebinds seats whose socket is gone after a restart', () => {
    const p = rebindSeat(proposal(), { clientId: 'new-f', name: 'Fay', role: 'facilitator' }, (id) => id !== 'f');
    assert.equal(p.seats[0].clientId, 'new-f');
  });

  it('round-trips through JSON and validates stored state', () => {
    const state = { version: 1 as const, proposal: proposal(), lastOutcome: null };
    const stored = JSON.parse(JSON.stringify(state));
    assert.equal(isTrimState(stored), true);
    assert.equal(isTrimState({ version: 2 }), false);
    assert.equal(viewOfState(stored).proposal!.voters.length, 3);
  });
});
