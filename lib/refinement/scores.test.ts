import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WsjfInputs } from '../board/item-details';
import { costOfDelay, formatScore, jobSizeOf, moscowScore, scoreFor, valueEffortScore, wsjfScore } from './scores';

const inputs = (over: Partial<WsjfInputs> = {}): WsjfInputs => ({
  businessValue: null,
  timeCriticality: null,
  riskReduction: null,
  jobSize: null,
  ...over,
});

describe('WSJF', () => {
  it('is (business value + time criticality + risk reduction) / job size', () => {
    const score = wsjfScore(inputs({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 }), 13);
    assert.equal(score.value, 4);
    assert.equal(score.missing, null);
    assert.equal(score.incomplete, false);
  });

  it('uses the estimate as job size when no job size is given', () => {
    assert.equal(wsjfScore(inputs({ businessValue: 6, timeCriticality: 3, riskReduction: 1 }), 5).value, 2);
    assert.equal(jobSizeOf({ jobSize: null }, 8), 8);
    assert.equal(jobSizeOf({ jobSize: 3 }, 8), 3);
  });

  it('is null and asks for a job size when neither job size nor estimate exist', () => {
    assert.deepEqual(wsjfScore(inputs({ businessValue: 5 }), null), { value: null, missing: 'job-size', incomplete: false });
  });

  it('does not divide by a zero job size', () => {
    assert.equal(wsjfScore(inputs({ businessValue: 5 }), 0).missing, 'zero-job-size');
    assert.equal(wsjfScore(inputs({ businessValue: 5, jobSize: 0 }), 8).missing, 'zero-job-size');
  });

  it('is null without any cost-of-delay input, and flags partial inputs', () => {
    assert.equal(wsjfScore(inputs(), 3).missing, 'value');
    const partial = wsjfScore(inputs({ timeCriticality: 6 }), 3);
    assert.equal(partial.value, 2);
    assert.equal(partial.incomplete, true);
    assert.deepEqual(costOfDelay(inputs({ businessValue: 0, timeCriticality: 0, riskReduction: 0 })), { value: 0, incomplete: false });
  });
});

describe('value / effort', () => {
  it('divides business value by the job size', () => {
    assert.equal(valueEffortScore(inputs({ businessValue: 10 }), 4).value, 2.5);
    assert.equal(valueEffortScore(inputs({ businessValue: 10, jobSize: 5 }), 4).value, 2);
  });
  it('needs a business value and a non-zero size', () => {
    assert.equal(valueEffortScore(inputs({ timeCriticality: 10 }), 4).missing, 'value');
    assert.equal(valueEffortScore(inputs({ businessValue: 10 }), null).missing, 'job-size');
    assert.equal(valueEffortScore(inputs({ businessValue: 10 }), 0).missing, 'zero-job-size');
  });
});

describe('MoSCoW', () => {
  it('orders must > should > could > won’t, unset not scored', () => {
    const values = (['must', 'should', 'could', 'wont'] as const).map((m) => moscowScore(m).value!);
    assert.deepEqual(
      [...values].sort((a, b) => b - a),
      values,
    );
    assert.equal(moscowScore(null).value, null);
  });
});

describe('scoreFor', () => {
  const input = { estimate: 2, wsjf: inputs({ businessValue: 4, timeCriticality: 2 }), moscow: 'could' as const };
  it('picks the board method', () => {
    assert.equal(scoreFor('wsjf', input)!.value, 3);
    assert.equal(scoreFor('value-effort', input)!.value, 2);
    assert.equal(scoreFor('moscow', input)!.value, 2);
    assert.equal(scoreFor('manual', input), null);
  });
  it('formats scores briefly', () => {
    assert.equal(formatScore(7 / 3), '2.33');
    assert.equal(formatScore(4), '4');
    assert.equal(formatScore(null), '–');
  });
});
