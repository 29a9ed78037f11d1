import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionLimiter } from './connection-limiter';

describe('ConnectionLimiter', () => {
  it('caps connections per address and per key, and frees a slot on release (once)', () => {
    const limiter = new ConnectionLimiter(2, 3);
    const a = limiter.tryOpen('1.1.1.1', 'k');
    const b = limiter.tryOpen('1.1.1.1', 'k');
    assert.deepEqual(limiter.tryOpen('1.1.1.1', 'k'), { ok: false, reason: 'too_many_connections_from_address' });
    assert.ok(limiter.tryOpen('2.2.2.2', 'k').ok);
    assert.deepEqual(limiter.tryOpen('3.3.3.3', 'k'), { ok: false, reason: 'too_many_connections_for_key' });
    assert.ok(a.ok && b.ok);
    if (a.ok) {
      a.release();
      a.release();
    }
    assert.equal(limiter.openFrom('1.1.1.1'), 1);
    assert.equal(limiter.openFor('k'), 2);
    assert.ok(limiter.tryOpen('1.1.1.1', null).ok);
  });
});
