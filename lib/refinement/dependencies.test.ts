import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Dependency } from '../board/item-entries';
import type { Zone } from '../board/schema';
import { type DependencyNode, dependentsAbove, describeWarning, dependencyWarnings, findCycles } from './dependencies';

let n = 0;
const on = (itemId: string): Dependency => ({ id: `d${n++}`, kind: 'item', itemId, createdAt: 0 });
const node = (id: string, deps: Dependency[] = [], zone: Zone = 'backlog'): DependencyNode => ({ id, zone, dependencies: deps });

describe('dependentsAbove (the sort preview)', () => {
  it('names the cards a new order puts above what they depend on', () => {
    const deps: Record<string, Dependency[]> = {
      ui: [on('api'), { id: 'x', kind: 'external', name: 'Team Falcon', status: 'blocked', createdAt: 0 }],
      api: [],
      docs: [on('ui'), on('gone')],
    };
    const of = (id: string) => deps[id] ?? [];
    assert.deepEqual(dependentsAbove(['ui', 'api', 'docs'], of), [{ id: 'ui', dependsOn: 'api' }]);
    assert.deepEqual(dependentsAbove(['docs', 'api', 'ui'], of), [{ id: 'docs', dependsOn: 'ui' }]);
    assert.deepEqual(dependentsAbove(['api', 'ui', 'docs'], of), [], 'dependencies first: nothing to warn about');
  });
});

describe('dependencyWarnings', () => {
  it('warns on a card ranked above what it depends on, and clears when the order is fixed', () => {
    const wrong = dependencyWarnings([node('ui', [on('api')]), node('api')]);
    assert.deepEqual(wrong.get('ui'), [{ kind: 'ranked-above', dependsOn: 'api' }]);
    const fixed = dependencyWarnings([node('api'), node('ui', [on('api')])]);
    assert.equal(fixed.size, 0);
  });

  it('warns on trimmed, parked and missing dependencies', () => {
    const warnings = dependencyWarnings([node('a', [on('t'), on('p'), on('x')]), node('t', [], 'trimmed'), node('p', [], 'tail')]);
    assert.deepEqual(
      warnings.get('a')!.map((w) => w.kind),
      ['trimmed', 'parked', 'missing'],
    );
  });

  it('ignores cards outside the backlog and unblocked external dependencies', () => {
    const warnings = dependencyWarnings([
      node('parked', [on('b')], 'tail'),
      node('b', [{ id: 'e1', kind: 'external', name: 'Payments team', status: 'agreed', createdAt: 0 }]),
      node('c', [{ id: 'e2', kind: 'external', name: 'Legal', status: 'blocked', createdAt: 0 }]),
    ]);
    assert.equal(warnings.has('parked'), false);
    assert.equal(warnings.has('b'), false);
    assert.deepEqual(warnings.get('c'), [{ kind: 'external-blocked', name: 'Legal' }]);
  });

  it('finds cycles once', () => {
    const nodes = [node('a', [on('b')]), node('b', [on('c')]), node('c', [on('a')]), node('d', [on('d')])];
    const cycles = findCycles(nodes);
    assert.deepEqual(cycles, [['a', 'b', 'c'], ['d']]);
    assert.ok(
      dependencyWarnings(nodes)
        .get('b')!
        .some((w) => w.kind === 'cycle'),
    );
  });

  it('describes warnings with titles', () => {
    const title = (id: string) => id.toUpperCase();
    assert.equal(describeWarning({ kind: 'ranked-above', dependsOn: 'api' }, title), 'Ranked above “API”, which it depends on');
    assert.equal(describeWarning({ kind: 'cycle', path: ['a', 'b'] }, title), 'Circular dependency: A → B');
  });
});
