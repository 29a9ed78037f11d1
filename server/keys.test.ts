import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveRoleKey, hmacSha256 } from '../lib/session/role-keys';
import { deriveKey, hashKey, keysDeriveFrom, mintBoardId, mintBoardKeys, mintKey, roleForKey } from './keys';

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

  it('derives the participant and spectator keys from the facilitator key, the same in node:crypto and in lib/', () => {
    for (let i = 0; i < 50; i++) {
      const keys = mintBoardKeys();
      assert.equal(keys.participant, deriveRoleKey(keys.facilitator, 'participant'));
      assert.equal(keys.spectator, deriveRoleKey(keys.facilitator, 'spectator'));
      assert.equal(Buffer.from(keys.spectator, 'base64url').length, 32);
      assert.notEqual(keys.participant, keys.spectator);
      const hashes = { facilitator: hashKey(keys.facilitator), participant: hashKey(keys.participant), spectator: hashKey(keys.spectator) };
      assert.equal(roleForKey(deriveRoleKey(keys.facilitator, 'spectator'), hashes), 'spectator');
      assert.equal(keysDeriveFrom(keys.facilitator, hashes), true);
      assert.equal(keysDeriveFrom(keys.participant, hashes), false, 'only the facilitator key derives them');
    }
    // RFC 4231 test case 2.
    const enc = new TextEncoder();
    assert.equal(
      Buffer.from(hmacSha256(enc.encode('Jefe'), enc.encode('what do ya want for nothing?'))).toString('hex'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    assert.equal(deriveKey('Jefe', 'participant'), deriveRoleKey('Jefe', 'participant'));
    const long = 'k'.repeat(100);
    assert.equal(deriveKey(long, 'spectator'), deriveRoleKey(long, 'spectator'), 'keys longer than a block are hashed first');
  });

  it('boards with three random keys (created before the derivation) are not derived', () => {
    const keys = { facilitator: mintKey(), participant: mintKey(), spectator: mintKey() };
    const hashes = { facilitator: hashKey(keys.facilitator), participant: hashKey(keys.participant), spectator: hashKey(keys.spectator) };
    assert.equal(keysDeriveFrom(keys.facilitator, hashes), false);
  });
});
