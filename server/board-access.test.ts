import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '../lib/session/roles';
import { effectiveRole, requestedRole } from './board-access';

describe('effectiveRole: a downgrade is always granted, an upgrade never', () => {
  it('grants every lower role and ignores every higher one', () => {
    assert.equal(effectiveRole('facilitator', 'spectator'), 'spectator');
    assert.equal(effectiveRole('facilitator', 'participant'), 'participant');
    assert.equal(effectiveRole('participant', 'spectator'), 'spectator');
    assert.equal(effectiveRole('participant', 'facilitator'), 'participant');
    assert.equal(effectiveRole('spectator', 'facilitator'), 'spectator');
    assert.equal(effectiveRole('spectator', 'participant'), 'spectator');
    for (const role of ROLES) {
      assert.equal(effectiveRole(role, null), role);
      assert.equal(effectiveRole(role, undefined), role);
      assert.equal(effectiveRole(role, role), role);
    }
  });

  it('reads a role request from a query value, nothing else', () => {
    assert.equal(requestedRole('spectator'), 'spectator');
    assert.equal(requestedRole('admin'), null);
    assert.equal(requestedRole(['spectator']), null);
    assert.equal(requestedRole(null), null);
  });
});
