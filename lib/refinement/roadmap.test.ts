import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Roadmap } from '../board/roadmap';
import { EMPTY_DETAILS } from './board-view';
import { type CoverageItem, roadmapCoverage, tailSuggestions } from './roadmap';

const roadmap: Roadmap = {
  releases: [{ id: 'r1', name: '1.0', date: '2030-01-01', goal: 'Launch', createdAt: 1 }],
  pains: [
    { id: 'p1', text: 'Slow checkout', createdAt: 1 },
    { id: 'p2', text: 'Lost carts', createdAt: 2 },
  ],
  gains: [{ id: 'g1', text: 'Repeat buyers', createdAt: 1 }],
};

const item = (
  id: string,
  zone: CoverageItem['zone'],
  serves: string[],
  extra: Partial<CoverageItem['details']> = {},
  estimate: number | null = 3,
): CoverageItem => ({
  id,
  zone,
  estimate,
  details: { ...EMPTY_DETAILS, serves, ...extra },
});

describe('roadmapCoverage', () => {
  it('lists pains and gains that no backlog item serves', () => {
    const coverage = roadmapCoverage(roadmap, [item('a', 'backlog', ['p1']), item('b', 'tail', ['g1']), item('c', 'trimmed', ['p2'])]);
    assert.deepEqual(
      coverage.uncoveredPains.map((p) => p.id),
      ['p2'],
    );
    assert.deepEqual(
      coverage.uncoveredGains.map((g) => g.id),
      ['g1'],
    );
    assert.deepEqual(coverage.servedBy.get('p1'), ['a']);
  });

  it('sums what each release holds', () => {
    const coverage = roadmapCoverage(roadmap, [
      item('a', 'backlog', [], { releaseId: 'r1' }, 5),
      item('b', 'backlog', [], { releaseId: 'r1' }, null),
      item('c', 'tail', [], { releaseId: 'r1' }, 8),
    ]);
    assert.deepEqual(coverage.releases.get('r1'), { items: 2, points: 5, unestimated: 1 });
  });
});

describe('tailSuggestions', () => {
  it('suggests backlog items that do not fit the vision', () => {
    const items = [
      item('a', 'backlog', [], { fitsVision: 'no' }),
      item('b', 'backlog', [], { fitsVision: 'unsure' }),
      item('c', 'tail', [], { fitsVision: 'no' }),
    ];
    assert.deepEqual(tailSuggestions(items), ['a']);
  });
});
