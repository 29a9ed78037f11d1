import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionBudget } from './connection-budget';
import { BucketMap } from './token-bucket';

const limits = { bytesPerSecond: 1000, maxDocBytes: 10_000, messagesPerSecond: 10, messageBurst: 20, cpuMsPerSecond: 100, cpuMsBurst: 500 };

describe('ConnectionBudget', () => {
  it('lets a burst through, throttles in debt, closes past a second burst', () => {
    const budget = new ConnectionBudget(limits, new BucketMap(100, 500), 'a', 0);
    budget.chargeMessage(10_000, 0);
    assert.deepEqual(budget.verdict(0), { kind: 'ok' });
    budget.chargeMessage(500, 0);
    assert.deepEqual(budget.verdict(0), { kind: 'throttle', resumeInMs: 1500, ownDebt: true });
    assert.deepEqual(budget.verdict(500), { kind: 'ok' });
    budget.chargeMessage(20_000, 500);
    assert.equal(budget.verdict(500).kind, 'close');
  });

  it('counts messages, whatever their size', () => {
    const budget = new ConnectionBudget(limits, new BucketMap(100, 500), 'a', 0);
    for (let i = 0; i < 25; i++) budget.chargeMessage(1, 0);
    assert.deepEqual(budget.verdict(0), { kind: 'throttle', resumeInMs: 700, ownDebt: true });
  });

  it('shares server time between connections of one address, not across addresses; only own debt is "own"', () => {
    const cpu = new BucketMap(100, 500);
    const first = new ConnectionBudget(limits, cpu, 'a', 0);
    const second = new ConnectionBudget(limits, cpu, 'a', 0);
    const other = new ConnectionBudget(limits, cpu, 'b', 0);
    first.chargeCpu(600, 0, true);
    assert.deepEqual(first.verdict(0), { kind: 'throttle', resumeInMs: 1500, ownDebt: true });
    assert.deepEqual(second.verdict(0), { kind: 'throttle', resumeInMs: 1500, ownDebt: false }, 'slowed by its address, not its own doing');
    assert.equal(other.verdict(0).kind, 'ok');
    second.chargeCpu(5000, 0, true);
    assert.deepEqual(
      first.verdict(0),
      { kind: 'throttle', resumeInMs: 51_500, ownDebt: true },
      'server time is paid back by waiting, never closed here',
    );
  });

  it('charges ordinary messages to the connection only, never to its address', () => {
    const cpu = new BucketMap(100, 500);
    const busy = new ConnectionBudget(limits, cpu, 'a', 0);
    const neighbour = new ConnectionBudget(limits, cpu, 'a', 0);
    busy.chargeCpu(600, 0, false);
    assert.equal(busy.verdict(0).kind, 'throttle');
    assert.deepEqual(neighbour.verdict(0), { kind: 'ok' }, 'someone else behind the same NAT is not slowed');
  });
});
