import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BucketMap, TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('starts full, refills at its rate and never above its burst', () => {
    const bucket = new TokenBucket(10, 20, 0);
    assert.equal(bucket.level(0), 20);
    assert.equal(bucket.spend(25, 0), -5);
    assert.equal(bucket.level(500), 0);
    assert.equal(bucket.level(10_000), 20);
  });

  it('tryTake refuses without spending; msUntil says how long to wait', () => {
    const bucket = new TokenBucket(4, 4, 0);
    assert.equal(bucket.tryTake(3, 0), true);
    assert.equal(bucket.tryTake(3, 0), false);
    assert.equal(bucket.level(0), 1);
    assert.equal(bucket.msUntil(3, 0), 500);
    assert.equal(bucket.msUntil(0, 0), 0);
  });
});

describe('BucketMap', () => {
  it('keeps one bucket per key and forgets full ones when it reaches its size', () => {
    const map = new BucketMap(1, 2, 3);
    map.get('a', 0).spend(2, 0);
    map.get('b', 0);
    map.get('c', 0);
    assert.equal(map.size, 3);
    map.get('d', 0);
    // b and c were full and forgotten; a is in debt and kept.
    assert.equal(map.size, 2);
    assert.equal(map.get('a', 0).level(0), 0);
  });
});
