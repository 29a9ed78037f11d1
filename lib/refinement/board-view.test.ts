import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { addDependency, addQuestion } from '../board/item-entries';
import { setDorTick } from '../board/dor';
import { setItemText, setValueHypothesis, setWsjfInputs } from '../board/item-details';
import { setPrioritizationMethod, setSprintsToPrepare, setVelocity } from '../board/settings';
import { createItem, moveItem, setDescription, setEstimate } from '../board/mutations';
import { initBoardDoc } from '../board/schema';
import { readRefinementView } from './board-view';
import { splitItem } from './split';

function makeReady(doc: Y.Doc, id: string, estimate: number) {
  setDescription(doc, id, 'Something useful. Acceptance criteria: works.');
  setValueHypothesis(doc, id, { believe: 'x', resultIn: 'y', knowWhen: 'z' });
  setEstimate(doc, id, { value: estimate, label: null });
  setDorTick(doc, id, 'deps', true);
}

function board() {
  const doc = new Y.Doc();
  initBoardDoc(doc, { title: 'T', now: 1 });
  for (const id of ['a', 'b', 'c', 'd']) createItem(doc, { id, title: `Item ${id}`, kind: 'story', position: { at: 'bottom' } });
  setVelocity(doc, 10);
  setSprintsToPrepare(doc, 2);
  return doc;
}

describe('readRefinementView', () => {
  it('puts readiness, cut lines and runway together', () => {
    const doc = board();
    makeReady(doc, 'a', 5);
    makeReady(doc, 'b', 5);
    setEstimate(doc, 'c', { value: 3, label: null });
    const view = readRefinementView(doc);
    assert.equal(view.insights.get('a')!.readiness.ready, true);
    assert.equal(view.insights.get('c')!.readiness.ready, false);
    assert.deepEqual(
      view.cutPlan.lines.map((l) => l.afterId),
      ['b', 'd'],
    );
    assert.equal(view.insights.get('c')!.attention, true);
    assert.equal(view.insights.get('d')!.attention, true, 'unestimated above the cut');
    assert.equal(view.runway.readyPoints, 10);
    assert.equal(view.runway.targetPoints, 20);
  });

  it('moves the cut line when an estimate changes', () => {
    const doc = board();
    for (const id of ['a', 'b', 'c', 'd']) setEstimate(doc, id, { value: 3, label: null });
    assert.equal(readRefinementView(doc).cutPlan.lines[0].afterId, 'c');
    setEstimate(doc, 'b', { value: 8, label: null });
    assert.equal(readRefinementView(doc).cutPlan.lines[0].afterId, 'a');
  });

  it('scores by the board method and flags split me above the limit', () => {
    const doc = board();
    setPrioritizationMethod(doc, 'wsjf');
    setWsjfInputs(doc, 'a', { businessValue: 8, timeCriticality: 2, riskReduction: 0 });
    setEstimate(doc, 'a', { value: 5, label: null });
    setEstimate(doc, 'b', { value: 21, label: null });
    const view = readRefinementView(doc);
    assert.equal(view.insights.get('a')!.score!.value, 2);
    assert.equal(view.insights.get('b')!.splitMe, true);
    assert.equal(readRefinementView(doc, { sprintThreshold: 30 }).insights.get('b')!.splitMe, false);
  });

  it('counts children, not the parent, in capacity', () => {
    const doc = board();
    setEstimate(doc, 'a', { value: 20, label: null });
    const [x, y] = splitItem(doc, 'a', ['X', 'Y']);
    setEstimate(doc, x, { value: 3, label: null });
    setEstimate(doc, y, { value: 5, label: null });
    const view = readRefinementView(doc);
    assert.equal(view.insights.get('a')!.points, 0);
    assert.equal(view.insights.get('a')!.splitMe, false, 'already split');
    assert.deepEqual(view.insights.get('a')!.progress, { total: 2, estimated: 2, sum: 8, own: 20, difference: -12 });
    assert.deepEqual(view.insights.get(x)!.parent, { id: 'a', title: 'Item a' });
  });

  it('shows dependency warnings until the order is fixed', () => {
    const doc = board();
    addDependency(doc, 'a', { kind: 'item', itemId: 'c' });
    assert.equal(readRefinementView(doc).insights.get('a')!.warnings[0].kind, 'ranked-above');
    moveItem(doc, 'c', { before: 'a' });
    assert.deepEqual(readRefinementView(doc).insights.get('a')!.warnings, []);
  });

  it('reads open questions and acceptance text into readiness', () => {
    const doc = board();
    makeReady(doc, 'a', 3);
    setItemText(doc, 'a', 'acceptanceCriteria', 'Given x when y then z');
    addQuestion(doc, 'a', 'Who approves?');
    const readiness = readRefinementView(doc).insights.get('a')!.readiness;
    assert.equal(readiness.ready, false);
    assert.deepEqual(
      readiness.criteria.filter((c) => !c.met).map((c) => c.id),
      ['questions'],
    );
  });
});
