import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOSE_CODES } from '../protocol';
import { closeReaction, RATE_LIMIT_MAX_WAIT_MS, RATE_LIMIT_WAIT_MS } from './close-policy';

test('a board over its size cap stops reconnecting and keeps the board on screen', () => {
  assert.deepEqual(closeReaction(CLOSE_CODES.boardTooLarge), { kind: 'stop', status: 'blocked' });
  assert.deepEqual(closeReaction(CLOSE_CODES.boardTooLarge, 3), { kind: 'stop', status: 'blocked' });
});

test('rate limited: wait several seconds, longer when it repeats, capped, with jitter on top', () => {
  const first = closeReaction(CLOSE_CODES.rateLimited);
  assert.deepEqual(first, { kind: 'wait', delayMs: RATE_LIMIT_WAIT_MS, status: 'slowed' });
  assert.ok(RATE_LIMIT_WAIT_MS >= 3_000, 'several seconds, not y-websocket’s 100 ms–2 s');
  const second = closeReaction(CLOSE_CODES.rateLimited, 1);
  assert.equal(second.kind === 'wait' && second.delayMs, 2 * RATE_LIMIT_WAIT_MS);
  const many = closeReaction(CLOSE_CODES.rateLimited, 50);
  assert.equal(many.kind === 'wait' && many.delayMs, RATE_LIMIT_MAX_WAIT_MS);
  const jittered = closeReaction(CLOSE_CODES.rateLimited, 0, 0.999);
  assert.ok(jittered.kind === 'wait' && jittered.delayMs > RATE_LIMIT_WAIT_MS && jittered.delayMs < 1.2 * RATE_LIMIT_WAIT_MS);
});

test('a deleted board is an error; transient closes reconnect as y-websocket does', () => {
  assert.deepEqual(closeReaction(CLOSE_CODES.boardGone), { kind: 'stop', status: 'error', reason: 'unknown_board' });
  for (const code of [1000, 1001, 1006, CLOSE_CODES.messageTooBig, CLOSE_CODES.tooSlow, CLOSE_CODES.internalError]) {
    assert.deepEqual(closeReaction(code), { kind: 'reconnect' }, `code ${code}`);
  }
  assert.equal(closeReaction(CLOSE_CODES.malformedMessage).kind, 'wait');
});
