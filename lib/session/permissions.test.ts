import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canEdit, canVote } from './permissions';
import { ROLES } from './roles';

describe('permissions', () => {
  it('everyone but a spectator edits the board and votes', () => {
    for (const role of ROLES) {
      assert.equal(canEdit(role), role !== 'spectator', role);
      assert.equal(canVote(role), role !== 'spectator', role);
    }
  });
});
