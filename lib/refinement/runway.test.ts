import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type RunwayEntry, computeCutLines, computeRunway, formatRunway } from './runway';

const e = (id: string, points: number | null, ready = true, container = false): RunwayEntry => ({
  id,
  points: points ?? 0,
  estimated: points !== null,
  ready,
  container,
});

describe('computeCutLines', () => {
  it('fills sprints greedily and draws a line after each', () => {
    const plan = computeCutLines([e('a', 5), e('b', 3), e('c', 5), e('d', 2), e('e', 8)], 10, 2);
    assert.deepEqual(
      plan.lines.map((l) => [l.sprint, l.afterId, l.points, l.filled]),
      [
        [1, 'b', 8, true],
        [2, 'd', 7, true],
      ],
    );
    assert.equal(plan.sprintOf.get('c'), 2);
    assert.equal(plan.sprintOf.has('e'), false, 'beyond the horizon');
  });

  it('moves the line when an estimate changes', () => {
    const before = computeCutLines([e('a', 3), e('b', 3), e('c', 3), e('d', 3)], 10, 1);
    const after = computeCutLines([e('a', 3), e('b', 8), e('c', 3), e('d', 3)], 10, 1);
    assert.equal(before.lines[0].afterId, 'c');
    assert.equal(after.lines[0].afterId, 'a');
  });

  it('gives a card bigger than the velocity a sprint of its own', () => {
    const plan = computeCutLines([e('big', 20), e('b', 2)], 10, 2);
    assert.deepEqual(
      plan.lines.map((l) => [l.afterId, l.points]),
      [
        ['big', 20],
        ['b', 2],
      ],
    );
    assert.equal(plan.lines[1].filled, false);
  });

  it('draws an unfilled line at the end when the backlog runs out', () => {
    const plan = computeCutLines([e('a', 3)], 10, 3);
    assert.deepEqual(plan.lines, [{ sprint: 1, afterIndex: 0, afterId: 'a', points: 3, filled: false }]);
    assert.deepEqual(computeCutLines([], 10, 2).lines, [{ sprint: 1, afterIndex: -1, afterId: null, points: 0, filled: false }]);
  });

  it('highlights cards above the cut that are not Ready or not estimated', () => {
    const plan = computeCutLines([e('a', 3), e('b', null), e('c', 3, false), e('epic', 0, false, true), e('d', 9, false)], 10, 1);
    assert.deepEqual([...plan.attention], ['b', 'c']);
  });

  it('draws nothing without a velocity', () => {
    assert.deepEqual(computeCutLines([e('a', 3)], null, 2).lines, []);
    assert.deepEqual(computeCutLines([e('a', 3)], 0, 2).lines, []);
  });
});

describe('computeRunway', () => {
  it('sums Ready points from the top up to the first card not Ready', () => {
    const runway = computeRunway([e('a', 13), e('epic', 0, false, true), e('b', 21), e('c', 5, false), e('d', 8)], 30, 2);
    assert.equal(runway.readyPoints, 34);
    assert.equal(runway.readyCount, 2);
    assert.equal(runway.targetPoints, 60);
    assert.equal(runway.blockedBy, 'c');
    assert.equal(formatRunway(runway), 'Ready runway: 34 of 60 points, 1.1 sprints');
  });

  it('caps the fraction and works without a velocity', () => {
    assert.equal(computeRunway([e('a', 100)], 10, 2).fraction, 1);
    const none = computeRunway([e('a', 5)], null, 2);
    assert.equal(none.targetPoints, null);
    assert.match(formatRunway(none), /5 points/);
    assert.equal(formatRunway(computeRunway([e('a', 10)], 10, 2)), 'Ready runway: 10 of 20 points, 1 sprint');
  });
});
