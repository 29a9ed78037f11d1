import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventBudget } from './event-budget';

const limits = { messagesPerSecond: 10, messageBurst: 20, bytesPerSecond: 1000, byteBurst: 2000 };

describe('EventBudget', () => {
  it('lets a burst through, refuses past it, disconnects past a second burst', () => {
    const budget = new EventBudget(limits, 0);
    const verdicts = Array.from({ length: 41 }, () => budget.chargeEvent(0));
    assert.deepEqual(verdicts.slice(0, 20), Array(20).fill('ok'));
    assert.deepEqual(verdicts.slice(20, 40), Array(20).fill('refuse'));
    assert.equal(verdicts[40], 'disconnect');
  });

  it('a steady rate under the budget is never refused', () => {
    const budget = new EventBudget(limits, 0);
    for (let t = 0; t < 60_000; t += 125) assert.equal(budget.chargeEvent(t), 'ok', `at ${t} ms`);
  });

  it('refuses while the bytes are in debt, and recovers as they refill', () => {
    const budget = new EventBudget(limits, 0);
    assert.equal(budget.chargeBytes(2500, 0), 'ok');
    assert.equal(budget.chargeEvent(0), 'refuse');
    assert.equal(budget.chargeEvent(600), 'ok');
    assert.equal(budget.chargeBytes(5000, 600), 'disconnect');
  });
});
