import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashKey, mintBoardId, mintKey, roleForKey } from './keys';

describe('keys', () => {
  it('mints distinct keys of 192 bits and board ids that pass the id schema', () => {
    const keys = new Set(Array.from({ length: 1000 }, mintKey));
    assert.equal(keys.size, 1000);
    for (const key of keys) assert.equal(Buffer.from(key, 'base64url').length, 24);
    assert.match(mintBoardId(), /^[A-Za-z0-9_-]{12}$/);
  });

  it('maps each key to its role and rejects anything else', () => {
    const keys = { facilitator: mintKey(), participant: mintKey(), spectator: mintKey() };
    const hashes = { facilitator: hashKey(keys.facilitator), participant: hashKey(keys.participant), spectator: hashKey(keys.spectator) };
    assert.equal(roleForKey(keys.facilitator, hashes), 'facilitator');
    assert.equal(roleForKey(keys.participant, hashes), 'participant');
    assert.equal(roleForKey(keys.spectator, hashes), 'spectator');
    assert.equal(roleForKey(keys.participant + 'x', hashes), null);
    assert.equal(roleForKey('', hashes), null);
    assert.equal(roleForKey(hashes.participant, hashes), null, 'the hash itself is not a key');
  });
});
