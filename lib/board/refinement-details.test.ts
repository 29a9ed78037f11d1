// The refinement details stored in the doc, across the files that keep them: item-details.ts,
// item-entries.ts, roadmap.ts, dor.ts, settings.ts and trim-outcomes.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import {
  DEFAULT_DOR_CRITERIA,
  addDorCriterion,
  readDorCriteria,
  removeDorCriterion,
  renameDorCriterion,
  resetDorCriteria,
  setDorTick,
} from './dor';
import {
  addAction,
  addAttachment,
  addDecision,
  addDependency,
  addQuestion,
  answerQuestion,
  isSafeAttachmentUrl,
  removeItemEntry,
  setExternalDependencyStatus,
  updateAction,
} from './item-entries';
import {
  addRelease,
  addRoadmapEntry,
  readRoadmap,
  removeRelease,
  removeRoadmapEntry,
  setRelease,
  setServes,
  updateRelease,
} from './roadmap';
import { ensureItemText, readItemDetails, setFitsVision, setMoscow, setValueHypothesis, setWsjfInputs } from './item-details';
import { markTrimDiscussion, recordTrimDecision } from './trim-outcomes';
import { readRefinementSettings, setPrioritizationMethod, setSprintsToPrepare, setVelocity } from './settings';
import { createItem } from './mutations';
import { getItemMap, initBoardDoc, readItem } from './schema';

function board() {
  const doc = new Y.Doc();
  initBoardDoc(doc, { title: 'T', now: 1 });
  createItem(doc, { id: 'a', title: 'A', kind: 'story', position: { at: 'bottom' } });
  createItem(doc, { id: 'b', title: 'B', kind: 'story', position: { at: 'bottom' } });
  return doc;
}

const details = (doc: Y.Doc, id = 'a') => readItemDetails(getItemMap(doc, id)!);

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
}

describe('item details', () => {
  it('reads empty details from a fresh item', () => {
    const d = details(board());
    assert.equal(d.fitsVision, null);
    assert.deepEqual(d.questions, []);
    assert.deepEqual(d.wsjf, { businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null });
    assert.deepEqual(d.hypothesis, { believe: '', resultIn: '', knowWhen: '' });
  });

  it('stores fits-vision, MoSCoW and WSJF inputs, and refuses bad values', () => {
    const doc = board();
    setFitsVision(doc, 'a', 'no');
    setMoscow(doc, 'a', 'should');
    setWsjfInputs(doc, 'a', { businessValue: 8, jobSize: 3 });
    setWsjfInputs(doc, 'a', { jobSize: null });
    const d = details(doc);
    assert.equal(d.fitsVision, 'no');
    assert.equal(d.moscow, 'should');
    assert.equal(d.wsjf.businessValue, 8);
    assert.equal(d.wsjf.jobSize, null);
    assert.throws(() => setWsjfInputs(doc, 'a', { businessValue: -1 }), { code: 'invalid_detail' });
    assert.throws(() => setWsjfInputs(doc, 'a', { businessValue: Number.NaN }), { code: 'invalid_detail' });
    assert.throws(() => setFitsVision(doc, 'a', 'maybe' as never), { code: 'invalid_detail' });
    assert.throws(() => setMoscow(doc, 'zz', 'must'), { code: 'unknown_item' });
  });

  it('keeps the value hypothesis in shared texts', () => {
    const doc = board();
    setValueHypothesis(doc, 'a', { believe: 'one-click reorder', resultIn: 'more repeat orders', knowWhen: '+10% repeat rate' });
    assert.deepEqual(details(doc).hypothesis, {
      believe: 'one-click reorder',
      resultIn: 'more repeat orders',
      knowWhen: '+10% repeat rate',
    });
    const text = ensureItemText(doc, 'a', 'notes');
    assert.equal(ensureItemText(doc, 'a', 'notes'), text, 'created once');
    text.insert(0, 'Discussed with ops');
    assert.equal(details(doc).notes, 'Discussed with ops');
  });

  it('asks and answers questions; an empty answer reopens', () => {
    const doc = board();
    const q = addQuestion(doc, 'a', 'Which currencies?', 'Ann');
    answerQuestion(doc, 'a', q, 'EUR and USD');
    assert.deepEqual(
      details(doc).questions.map((x) => [x.text, x.status, x.answer, x.askedBy]),
      [['Which currencies?', 'answered', 'EUR and USD', 'Ann']],
    );
    answerQuestion(doc, 'a', q, '');
    assert.equal(details(doc).questions[0].status, 'open');
    assert.throws(() => addQuestion(doc, 'a', '   '), { code: 'invalid_detail' });
    assert.throws(() => answerQuestion(doc, 'a', 'nope', 'x'), { code: 'unknown_entry' });
  });

  it('tracks action items with owner, due date and done', () => {
    const doc = board();
    const id = addAction(doc, 'a', { text: 'Ask legal', owner: 'Bea', due: '2030-05-01' });
    updateAction(doc, 'a', id, { done: true, owner: null });
    assert.deepEqual(
      details(doc).actions.map((x) => [x.text, x.owner, x.due, x.done]),
      [['Ask legal', null, '2030-05-01', true]],
    );
    assert.throws(() => addAction(doc, 'a', { text: 'x', due: '1st of May' }), { code: 'invalid_detail' });
  });

  it('merges entries two people add at the same time', () => {
    const a = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addQuestion(a, 'a', 'From A');
    addQuestion(b, 'a', 'From B');
    addAction(a, 'a', { text: 'Act A' });
    addAction(b, 'a', { text: 'Act B' });
    sync(a, b);
    assert.deepEqual(
      details(a)
        .questions.map((q) => q.text)
        .sort(),
      ['From A', 'From B'],
    );
    assert.deepEqual(details(a), details(b));
    // Concurrent edits of different fields of one entry merge too.
    const [action] = details(a).actions;
    updateAction(a, 'a', action.id, { done: true });
    updateAction(b, 'a', action.id, { owner: 'Cy' });
    sync(a, b);
    const merged = details(a).actions.find((x) => x.id === action.id)!;
    assert.equal(merged.done, true);
    assert.equal(merged.owner, 'Cy');
  });

  it('accepts only http(s) links and uploaded images as attachments', () => {
    const doc = board();
    addAttachment(doc, 'a', { kind: 'link', url: 'https://example.com/spec', title: 'Spec' });
    addAttachment(doc, 'a', { kind: 'image', url: '/api/boards/abcdef/attachments/x1.png', contentType: 'image/png' });
    assert.throws(() => addAttachment(doc, 'a', { kind: 'link', url: 'javascript:alert(1)' }), { code: 'invalid_detail' });
    assert.equal(isSafeAttachmentUrl('data:image/png;base64,AAAA'), false);
    assert.equal(isSafeAttachmentUrl('/api/boards/abcdef/attachments/../../secret'), false);
    // A foreign peer writing a bad URL straight into the doc is filtered on read.
    getItemMap(doc, 'a')!.set('attachment:evil', { kind: 'link', url: 'javascript:alert(1)', createdAt: 9 });
    assert.deepEqual(
      details(doc).attachments.map((x) => x.title),
      ['Spec', '/api/boards/abcdef/attachments/x1.png'],
    );
  });

  it('records decisions and removes entries', () => {
    const doc = board();
    const id = addDecision(doc, 'a', 'Use Stripe', 'Dee');
    assert.equal(details(doc).decisions[0].by, 'Dee');
    removeItemEntry(doc, 'a', 'decision', id);
    removeItemEntry(doc, 'a', 'decision', id);
    assert.deepEqual(details(doc).decisions, []);
  });

  it('records item and external dependencies', () => {
    const doc = board();
    const first = addDependency(doc, 'a', { kind: 'item', itemId: 'b' });
    assert.equal(addDependency(doc, 'a', { kind: 'item', itemId: 'b' }), first, 'no duplicates');
    const ext = addDependency(doc, 'a', { kind: 'external', name: 'Payments team' });
    setExternalDependencyStatus(doc, 'a', ext, 'blocked');
    assert.deepEqual(
      details(doc).dependencies.map((d) => (d.kind === 'item' ? d.itemId : `${d.name}:${d.status}`)),
      ['b', 'Payments team:blocked'],
    );
    assert.throws(() => addDependency(doc, 'a', { kind: 'item', itemId: 'a' }), { code: 'invalid_detail' });
    assert.throws(() => addDependency(doc, 'a', { kind: 'item', itemId: 'zz' }), { code: 'unknown_item' });
  });

  it('ticks DoR criteria and links pains, gains and releases', () => {
    const doc = board();
    const pain = addRoadmapEntry(doc, 'pain', 'Slow checkout');
    const release = addRelease(doc, { name: '1.0', date: '2030-01-31', goal: 'Launch' });
    setDorTick(doc, 'a', 'deps', true);
    setServes(doc, 'a', pain, true);
    setRelease(doc, 'a', release);
    assert.deepEqual(details(doc).dorTicks, { deps: true });
    assert.deepEqual(details(doc).serves, [pain]);
    assert.equal(details(doc).releaseId, release);
    assert.throws(() => setServes(doc, 'a', 'nope', true), { code: 'unknown_entry' });
    removeRoadmapEntry(doc, 'pain', pain);
    removeRelease(doc, release);
    assert.deepEqual(details(doc).serves, []);
    assert.equal(details(doc).releaseId, null);
    setDorTick(doc, 'a', 'deps', false);
    assert.deepEqual(details(doc).dorTicks, {});
  });

  it('records trim decisions and discussion marks', () => {
    const doc = board();
    markTrimDiscussion(doc, 'a', { proposalId: 'p', objectedBy: 'Bo', reason: 'still needed', at: 5 });
    assert.equal(details(doc).trimDiscussion!.objectedBy, 'Bo');
    recordTrimDecision(doc, 'a', { proposalId: 'p2', proposedBy: 'Fac', confirmedBy: [{ name: 'Bo', at: 6 }], decidedAt: 7 });
    assert.equal(details(doc).trimDiscussion, null);
    assert.deepEqual(details(doc).trimDecision!.confirmedBy, [{ name: 'Bo', at: 6 }]);
  });

  it('does not disturb the core item fields', () => {
    const doc = board();
    addQuestion(doc, 'a', 'Q');
    setDorTick(doc, 'a', 'x', true);
    assert.equal(readItem(getItemMap(doc, 'a')!).title, 'A');
  });
});

describe('board settings and roadmap', () => {
  it('has defaults and validates', () => {
    const doc = board();
    assert.deepEqual(readRefinementSettings(doc), {
      velocity: null,
      sprintsToPrepare: 2,
      method: 'manual',
      sprintThreshold: 13,
      visionShown: false,
    });
    setVelocity(doc, 30);
    setSprintsToPrepare(doc, 3);
    setPrioritizationMethod(doc, 'wsjf');
    const s = readRefinementSettings(doc);
    assert.equal(s.velocity, 30);
    assert.equal(s.sprintsToPrepare, 3);
    assert.equal(s.method, 'wsjf');
    assert.throws(() => setSprintsToPrepare(doc, 0), { code: 'invalid_detail' });
    assert.throws(() => setVelocity(doc, -3), { code: 'invalid_detail' });
  });

  it('keeps releases, pains and gains in creation order', () => {
    const doc = board();
    const r = addRelease(doc, { name: 'Beta' });
    updateRelease(doc, r, { goal: 'First customers', date: '2030-02-01' });
    addRoadmapEntry(doc, 'gain', 'Faster onboarding');
    const roadmap = readRoadmap(doc);
    assert.deepEqual(
      roadmap.releases.map((x) => [x.name, x.date, x.goal]),
      [['Beta', '2030-02-01', 'First customers']],
    );
    assert.deepEqual(
      roadmap.gains.map((g) => g.text),
      ['Faster onboarding'],
    );
    assert.throws(() => updateRelease(doc, r, { date: '2030-13-45' }), { code: 'invalid_detail' });
  });
});

describe('Definition of Ready criteria', () => {
  it('starts with the defaults and can be edited', () => {
    const doc = board();
    assert.deepEqual(
      readDorCriteria(doc).map((c) => c.id),
      DEFAULT_DOR_CRITERIA.map((c) => c.id),
    );
    const ux = addDorCriterion(doc, 'UX reviewed');
    renameDorCriterion(doc, 'clear', 'Clear, short title and description');
    removeDorCriterion(doc, 'questions');
    const criteria = readDorCriteria(doc);
    assert.equal(criteria.at(-1)!.id, ux);
    assert.equal(criteria.at(-1)!.rule, 'manual');
    assert.equal(criteria[0].label, 'Clear, short title and description');
    assert.equal(
      criteria.some((c) => c.id === 'questions'),
      false,
    );
    resetDorCriteria(doc);
    assert.equal(readDorCriteria(doc).length, DEFAULT_DOR_CRITERIA.length);
  });

  it('keeps a removed default removed when another peer edits at the same time', () => {
    const a = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    removeDorCriterion(a, 'acceptance');
    addDorCriterion(b, 'Design ready');
    sync(a, b);
    const ids = readDorCriteria(a).map((c) => c.id);
    assert.deepEqual(
      ids,
      readDorCriteria(b).map((c) => c.id),
    );
    assert.equal(ids.includes('acceptance'), false);
    assert.equal(ids.length, DEFAULT_DOR_CRITERIA.length);
  });
});
