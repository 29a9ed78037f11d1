import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DOR_CRITERIA, type DorCriterion } from '../board/dor';
import { EMPTY_DETAILS } from './board-view';
import { type ReadinessContext, type ReadinessItem, dorProgressText, evaluateReadiness, unmetCriteria } from './readiness';

const criteria: DorCriterion[] = DEFAULT_DOR_CRITERIA.map((c, order) => ({ ...c, order }));
const ctx: ReadinessContext = {
  sprintLimit: 8,
  zoneOf: (id: string) => (({ dep: 'backlog', gone: 'trimmed' }) as const)[id as 'dep' | 'gone'],
};

function readyItem(): ReadinessItem {
  return {
    title: 'Export invoices as CSV',
    description: 'Accountants need a CSV.\n\nAcceptance criteria: the file opens in Excel.',
    estimate: 5,
    details: {
      hypothesis: { believe: 'CSV export', resultIn: 'fewer support tickets', knowWhen: 'tickets drop by half' },
      acceptanceCriteria: '',
      questions: [],
      dependencies: [],
      dorTicks: { deps: true },
    },
  };
}

const unmet = (item: ReadinessItem, c = ctx) =>
  evaluateReadiness(item, criteria, c)
    .criteria.filter((r) => !r.met)
    .map((r) => r.id);

describe('evaluateReadiness', () => {
  it('is Ready when every criterion is met', () => {
    const result = evaluateReadiness(readyItem(), criteria, ctx);
    assert.equal(result.ready, true);
    assert.equal(result.met, 7);
    assert.equal(result.total, 7);
  });

  it('computes title, description and acceptance criteria', () => {
    assert.deepEqual(unmet({ ...readyItem(), title: 'Fix' }), ['clear']);
    assert.deepEqual(unmet({ ...readyItem(), description: '' }), ['clear', 'acceptance']);
    const gherkin = { ...readyItem(), description: 'Given a user, when they export, then a file downloads' };
    assert.deepEqual(unmet(gherkin), []);
    const field = { ...readyItem(), description: 'Some text', details: { ...readyItem().details, acceptanceCriteria: '- opens in Excel' } };
    assert.deepEqual(unmet(field), []);
  });

  it('needs all three parts of the value hypothesis', () => {
    const item = readyItem();
    item.details = { ...item.details, hypothesis: { ...item.details.hypothesis, knowWhen: ' ' } };
    assert.deepEqual(unmet(item), ['hypothesis']);
  });

  it('checks estimated and fits in a sprint against the limit', () => {
    assert.deepEqual(unmet({ ...readyItem(), estimate: null }), ['estimated', 'fits']);
    assert.deepEqual(unmet({ ...readyItem(), estimate: 13 }), ['fits']);
    assert.deepEqual(unmet({ ...readyItem(), estimate: 8 }), []);
    assert.deepEqual(unmet({ ...readyItem(), estimate: 40 }, { ...ctx, sprintLimit: null }), []);
  });

  it('counts open questions', () => {
    const item = readyItem();
    item.details = {
      ...item.details,
      questions: [
        { ...q(), status: 'answered' },
        { ...q(), id: 'q2', status: 'open' },
      ],
    };
    const result = evaluateReadiness(item, criteria, ctx);
    assert.equal(result.ready, false);
    assert.equal(result.criteria.find((c) => c.id === 'questions')!.hint, '1 open question');
  });

  it('takes hand ticks for manual criteria only', () => {
    const item = readyItem();
    item.details = { ...item.details, dorTicks: {} };
    assert.deepEqual(unmet(item), ['deps']);
    const computedTick: ReadinessItem = { ...readyItem(), estimate: null };
    computedTick.details = { ...computedTick.details, dorTicks: { deps: true, estimated: true } };
    assert.ok(unmet(computedTick).includes('estimated'), 'a tick cannot override a computed criterion');
    const custom = [...criteria, { id: 'ux', label: 'UX reviewed', rule: 'manual' as const, order: 9 }];
    assert.equal(evaluateReadiness(readyItem(), custom, ctx).ready, false);
  });

  it('does not accept "dependencies known" while a dependency is trimmed or gone', () => {
    const item = readyItem();
    item.details = { ...item.details, dependencies: [{ id: 'd', kind: 'item', itemId: 'gone', createdAt: 0 }] };
    assert.deepEqual(unmet(item), ['deps']);
    item.details = { ...item.details, dependencies: [{ id: 'd', kind: 'item', itemId: 'dep', createdAt: 0 }] };
    assert.deepEqual(unmet(item), []);
  });

  it('is never Ready against an empty Definition of Ready', () => {
    assert.equal(evaluateReadiness(readyItem(), [], ctx).ready, false);
  });
});

function q() {
  return { id: 'q1', text: 'Which columns?', answer: '', status: 'open' as const, askedBy: null, createdAt: 0 };
}

void EMPTY_DETAILS;

describe('readiness as the badges say it', () => {
  it('names the criteria not met, in the Definition order, and counts the met ones', () => {
    const readiness = evaluateReadiness({ ...readyItem(), description: '', estimate: null }, criteria, ctx);
    assert.deepEqual(
      [unmetCriteria(readiness), dorProgressText(readiness)],
      [['Clear title and description', 'Acceptance criteria', 'Estimated', 'Fits in a sprint'], 'DoR 3/7'],
    );
    const ready = evaluateReadiness(readyItem(), criteria, ctx);
    assert.deepEqual([unmetCriteria(ready), dorProgressText(ready)], [[], 'DoR 7/7']);
  });
});
