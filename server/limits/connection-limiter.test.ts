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

  it('charges new connections to a budget per address per minute, a whole minute at once, then refilled', () => {
    const limiter = new ConnectionLimiter(100, 100, 6);
    for (let i = 0; i < 6; i++) assert.ok(limiter.tryConnect('1.1.1.1', 0), `connection ${i + 1} of 6`);
    assert.equal(limiter.tryConnect('1.1.1.1', 0), false);
    assert.ok(limiter.tryConnect('2.2.2.2', 0), 'another address has its own budget');
    // Six a minute: one more every ten seconds.
    assert.equal(limiter.tryConnect('1.1.1.1', 9_999), false);
    assert.ok(limiter.tryConnect('1.1.1.1', 10_000));
    assert.equal(limiter.tryConnect('1.1.1.1', 10_000), false);
    // The open-connection caps are a separate count: a spent budget does not refuse tryOpen.
    assert.ok(limiter.tryOpen('1.1.1.1', 'k').ok);
  });

  it('has no budget of new connections unless given one', () => {
    const limiter = new ConnectionLimiter(100, 100);
    for (let i = 0; i < 10_000; i++) assert.ok(limiter.tryConnect('1.1.1.1', 0));
  });
});
