import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, ROLE_NAME, defaultName } from './roles';

describe('role names', () => {
  it('call the spectator the projector, in lists and as a default name', () => {
    assert.deepEqual(
      ROLES.map((r) => [ROLE_NAME[r], defaultName(r)]),
      [
        ['facilitator', 'Guest'],
        ['participant', 'Guest'],
        ['projector', 'Projector'],
      ],
    );
  });
});
