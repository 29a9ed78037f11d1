import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Participant } from '../session/roles';
import type { RosterDelta } from '../protocol';
import { EMPTY_ROSTER, applyRosterDelta, replaceRoster } from './roster-store';

const fay: Participant = { clientId: 'f', name: 'Fay', color: '#111111', role: 'facilitator' };
const pat: Participant = { clientId: 'p', name: 'Pat', color: '#222222', role: 'participant' };

describe('roster store: full roster, then deltas', () => {
  it('applies joins, updates, leaves and spectator counts, and ends where the server is', () => {
    let state = replaceRoster(EMPTY_ROSTER, [fay]);
    const deltas: RosterDelta[] = [
      { op: 'join', participant: pat },
      { op: 'spectators', count: 3 },
      { op: 'update', participant: { ...pat, name: 'Patricia' } },
      { op: 'leave', clientId: 'f' },
      { op: 'leave', clientId: 'nobody' },
    ];
    for (const delta of deltas) state = applyRosterDelta(state, delta);
    assert.deepEqual(state, { participants: [{ ...pat, name: 'Patricia' }], spectators: 3 });
  });

  it('an update for someone unknown is a join; a second join replaces, never duplicates', () => {
    let state = applyRosterDelta(EMPTY_ROSTER, { op: 'update', participant: pat });
    state = applyRosterDelta(state, { op: 'join', participant: { ...pat, color: '#333333' } });
    assert.deepEqual(state.participants, [{ ...pat, color: '#333333' }]);
  });

  it('a full roster replaces the people and keeps the spectator count; unchanged states keep their identity', () => {
    const state = applyRosterDelta(replaceRoster(EMPTY_ROSTER, [fay, pat]), { op: 'spectators', count: 2 });
    assert.equal(applyRosterDelta(state, { op: 'spectators', count: 2 }), state);
    assert.equal(applyRosterDelta(state, { op: 'leave', clientId: 'x' }), state);
    assert.deepEqual(replaceRoster(state, [pat]), { participants: [pat], spectators: 2 });
  });
});
