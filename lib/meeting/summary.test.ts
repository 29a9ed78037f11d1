import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { addAction, addDecision, addDependency, addQuestion, answerQuestion, updateAction } from '../board/item-entries';
import { setValueHypothesis } from '../board/item-details';
import { markTrimDiscussion } from '../board/trim-outcomes';
import { renderSummaryMarkdown } from './render';
import { removeDorCriterion } from '../board/dor';
import { setVelocity } from '../board/settings';
import { createItem, moveToTop, parkItem, restoreItem, setEstimate, trimItems } from '../board/mutations';
import { initBoardDoc } from '../board/schema';
import { splitItem } from '../refinement/split';
import { captureSnapshot, type BoardSnapshot, type SnapshotItem } from './snapshot';
import { type MeetingLog, estimateText, hasBoardChanges, rankMoves, summarizeMeeting } from './summary';

const T0 = 1_700_000_000_000;

function item(id: string, position: number | null, extra: Partial<SnapshotItem> = {}): SnapshotItem {
  return {
    id,
    title: id.toUpperCase(),
    kind: 'story',
    zone: position === null ? 'tail' : 'backlog',
    parentId: null,
    estimate: null,
    estimateLabel: null,
    position,
    parkedReason: null,
    ready: false,
    splitMe: false,
    actions: [],
    questions: [],
    ...extra,
  };
}

function snapshot(items: SnapshotItem[], readyPoints = 0): BoardSnapshot {
  return {
    version: 1,
    takenAt: T0,
    boardTitle: 'Team board',
    items,
    runway: {
      readyPoints,
      readyCount: 0,
      targetPoints: 40,
      sprintsCovered: readyPoints / 20,
      text: `Ready runway: ${readyPoints} of 40 points`,
    },
  };
}

const LOG: MeetingLog = {
  meetingId: 'm1',
  startedAt: T0,
  endedAt: T0 + 55 * 60_000,
  startedBy: 'Fay',
  attendees: [
    { name: 'Fay', role: 'facilitator' },
    { name: 'Ann', role: 'participant' },
  ],
  stages: [
    {
      id: 'vision',
      kind: 'vision',
      title: 'Vision',
      plannedMinutes: 3,
      spentMs: 240_000,
      overrunMs: 60_000,
      visits: 1,
      skipped: false,
      dropped: false,
    },
  ],
};

describe('summarizeMeeting on hand-made snapshots', () => {
  it('reports nothing when nothing changed, but still the attendees, runway and stages', () => {
    const s = snapshot([item('a', 1), item('b', 2)], 5);
    const summary = summarizeMeeting(s, s, LOG);
    assert.equal(hasBoardChanges(summary), false);
    assert.deepEqual(
      summary.attendees.map((a) => a.name),
      ['Fay', 'Ann'],
    );
    assert.equal(summary.durationMs, 55 * 60_000);
    assert.equal(summary.runway.start.readyPoints, 5);
    assert.equal(summary.stages[0].overrunMs, 60_000);
  });

  it('lists created items, but children of a split only under the split', () => {
    const start = snapshot([item('epic', 1, { kind: 'epic' })]);
    const end = snapshot([
      item('epic', 1, { kind: 'epic' }),
      item('c1', 2, { parentId: 'epic' }),
      item('c2', 3, { parentId: 'epic' }),
      item('new', 4, { kind: 'bug', estimate: 3 }),
    ]);
    const summary = summarizeMeeting(start, end, LOG);
    assert.deepEqual(summary.created, [{ id: 'new', title: 'NEW', kind: 'bug', zone: 'backlog', estimate: '3' }]);
    assert.deepEqual(summary.splits, [
      {
        parent: { id: 'epic', title: 'EPIC' },
        children: [
          { id: 'c1', title: 'C1' },
          { id: 'c2', title: 'C2' },
        ],
      },
    ]);
  });

  it('counts an existing item moved under a parent as split, and ignores unchanged children', () => {
    const start = snapshot([item('p', 1), item('old', 2, { parentId: 'p' }), item('x', 3)]);
    const end = snapshot([item('p', 1), item('old', 2, { parentId: 'p' }), item('x', 3, { parentId: 'p' })]);
    assert.deepEqual(summarizeMeeting(start, end, LOG).splits, [{ parent: { id: 'p', title: 'P' }, children: [{ id: 'x', title: 'X' }] }]);
  });

  it('tells parked, trimmed, restored and purged items apart', () => {
    const start = snapshot([
      item('stay', 1),
      item('park', 2),
      item('cut', null),
      item('back', null),
      item('unTrim', null, { zone: 'trimmed' }),
      item('gone', null, { zone: 'trimmed' }),
    ]);
    const end = snapshot([
      item('stay', 1),
      item('back', 2),
      item('unTrim', 3),
      item('park', null, { parkedReason: 'obsolete' }),
      item('cut', null, { zone: 'trimmed' }),
    ]);
    const summary = summarizeMeeting(start, end, LOG);
    assert.deepEqual(summary.parked, [{ id: 'park', title: 'PARK', reason: 'obsolete' }]);
    assert.deepEqual(summary.trimmed, [{ id: 'cut', title: 'CUT' }]);
    assert.deepEqual(summary.restored, [
      { id: 'back', title: 'BACK', from: 'tail' },
      { id: 'unTrim', title: 'UNTRIM', from: 'trimmed' },
    ]);
    assert.deepEqual(summary.removed, [{ id: 'gone', title: 'GONE' }]);
    assert.deepEqual(summary.created, []);
  });

  it('reports estimates set, changed and cleared as old → new, by their card labels', () => {
    const start = snapshot([
      item('set', 1),
      item('changed', 2, { estimate: 3 }),
      item('cleared', 3, { estimate: 8 }),
      item('same', 4, { estimate: 5 }),
      item('shirt', 5, { estimate: 3, estimateLabel: 'S' }),
    ]);
    const end = snapshot([
      item('set', 1, { estimate: 2 }),
      item('changed', 2, { estimate: 5 }),
      item('cleared', 3),
      item('same', 4, { estimate: 5 }),
      item('shirt', 5, { estimate: 8, estimateLabel: 'L' }),
      item('fresh', 6, { estimate: 0.5, estimateLabel: '½' }),
      item('bare', 7),
    ]);
    assert.deepEqual(
      summarizeMeeting(start, end, LOG).estimates.map((e) => [e.id, e.from, e.to]),
      [
        ['set', null, '2'],
        ['changed', '3', '5'],
        ['cleared', '8', null],
        ['shirt', 'S', 'L'],
        ['fresh', null, '½'],
      ],
    );
  });

  it('lists new, open and just-completed action items with owners, not ones already done', () => {
    const start = snapshot([
      item('a', 1, {
        actions: [
          { id: 'open', text: 'Ask legal', owner: 'Ann', due: null, done: false },
          { id: 'old-done', text: 'Old', owner: null, due: null, done: true },
          { id: 'finish', text: 'Mock-up', owner: 'Bo', due: null, done: false },
        ],
      }),
    ]);
    const end = snapshot([
      item('a', 1, {
        actions: [
          { id: 'open', text: 'Ask legal', owner: 'Ann', due: null, done: false },
          { id: 'old-done', text: 'Old', owner: null, due: null, done: true },
          { id: 'finish', text: 'Mock-up', owner: 'Bo', due: null, done: true },
          { id: 'new', text: 'Call vendor', owner: 'Cy', due: '2030-01-31', done: false },
        ],
      }),
    ]);
    const actions = summarizeMeeting(start, end, LOG).actions;
    assert.deepEqual(
      actions.map((a) => [a.text, a.owner, a.done, a.isNew]),
      [
        ['Ask legal', 'Ann', false, false],
        ['Mock-up', 'Bo', true, false],
        ['Call vendor', 'Cy', false, true],
      ],
    );
    assert.deepEqual(actions[2].item, { id: 'a', title: 'A' });
    assert.equal(actions[2].due, '2030-01-31');
  });

  it('lists open questions (new ones marked) and the ones answered during the meeting', () => {
    const q = (id: string, status: 'open' | 'answered', answer = '') => ({ id, text: `Q ${id}?`, status, answer });
    const start = snapshot([
      item('a', 1, { questions: [q('1', 'open'), q('2', 'open'), q('3', 'answered', 'yes')] }),
      item('t', null, { zone: 'trimmed', questions: [q('9', 'open')] }),
    ]);
    const end = snapshot([
      item('a', 1, { questions: [q('1', 'open'), q('2', 'answered', 'EU only'), q('3', 'answered', 'yes'), q('4', 'open')] }),
      item('t', null, { zone: 'trimmed', questions: [q('9', 'open')] }),
    ]);
    const summary = summarizeMeeting(start, end, LOG);
    assert.deepEqual(
      summary.openQuestions.map((x) => [x.text, x.isNew]),
      [
        ['Q 1?', false],
        ['Q 4?', true],
      ],
      'not on trimmed items',
    );
    assert.deepEqual(
      summary.answeredQuestions.map((x) => [x.text, x.answer]),
      [['Q 2?', 'EU only']],
    );
  });
});

describe('rankMoves', () => {
  it('reports position changes among the top N, including items entering and leaving it', () => {
    const start = snapshot([item('a', 1), item('b', 2), item('c', 3), item('d', 4), item('e', 5)]);
    const end = snapshot([item('d', 1), item('a', 2), item('b', 3), item('c', 4), item('new', 5), item('e', null)]);
    assert.deepEqual(
      rankMoves(start, end, 3).map((m) => [m.id, m.from, m.to]),
      [
        ['d', 4, 1],
        ['a', 1, 2],
        ['b', 2, 3],
        ['c', 3, 4],
      ],
    );
    assert.deepEqual(
      rankMoves(start, end, 10).map((m) => [m.id, m.from, m.to]),
      [
        ['d', 4, 1],
        ['a', 1, 2],
        ['b', 2, 3],
        ['c', 3, 4],
        ['new', null, 5],
        ['e', 5, null],
      ],
    );
  });

  it('is empty when the order is the same', () => {
    const s = snapshot([item('a', 1), item('b', 2)]);
    assert.deepEqual(rankMoves(s, s, 10), []);
  });
});

describe('estimateText', () => {
  it('prefers the card label', () => {
    assert.equal(estimateText({ estimate: 3, estimateLabel: 'S' }), 'S');
    assert.equal(estimateText({ estimate: 3, estimateLabel: null }), '3');
    assert.equal(estimateText({ estimate: null, estimateLabel: '?' }), '?');
    assert.equal(estimateText({ estimate: null, estimateLabel: null }), null);
  });
});

describe('summary of a real board, recorded at the start and at the end of a meeting', () => {
  it('finds every change made through the board mutations', () => {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: 'Shop', now: T0 });
    // Ready = estimated, for a runway that is easy to follow.
    for (const id of ['clear', 'acceptance', 'hypothesis', 'fits', 'deps', 'questions']) removeDorCriterion(doc, id);
    setVelocity(doc, 10);
    const add = (id: string, title: string, kind: 'story' | 'epic' = 'story') =>
      createItem(doc, { id, title, kind, position: { at: 'bottom' } });
    add('login', 'Login');
    add('cart', 'Cart');
    add('checkout', 'Checkout', 'epic');
    add('search', 'Search');
    add('legacy', 'Legacy export');
    add('old', 'Old banner');
    setEstimate(doc, 'login', { value: 5, label: null });
    setEstimate(doc, 'cart', { value: 3, label: null });
    setEstimate(doc, 'search', { value: 8, label: null });
    parkItem(doc, 'old', 'replaced');
    const legacyQuestion = addQuestion(doc, 'legacy', 'Who still uses it?');
    const cartAction = addAction(doc, 'cart', { text: 'Check stock API', owner: 'Bo' });
    const start = captureSnapshot(doc, T0);
    assert.equal(start.runway.readyPoints, 8, 'login 5 + cart 3, then the unestimated epic stops it');

    // The meeting.
    const created = createItem(doc, { id: 'wishlist', title: 'Wishlist', kind: 'story', position: { at: 'bottom' } });
    setEstimate(doc, created, { value: 2, label: null });
    const children = splitItem(doc, 'checkout', ['Pay by card', 'Pay by invoice']);
    setEstimate(doc, children[0], { value: 5, label: null });
    setEstimate(doc, children[1], { value: 3, label: null });
    setEstimate(doc, 'cart', { value: 5, label: null });
    trimItems(doc, ['old']);
    parkItem(doc, 'legacy', 'nobody uses it');
    moveToTop(doc, 'search');
    answerQuestion(doc, 'legacy', legacyQuestion, 'Nobody');
    updateAction(doc, 'cart', cartAction, { done: true });
    addAction(doc, created, { text: 'Sketch the UI', owner: 'Ann' });
    addQuestion(doc, 'search', 'Fuzzy matching?');
    const end = captureSnapshot(doc, T0 + 3_600_000);

    const summary = summarizeMeeting(start, end, { ...LOG, endedAt: T0 + 3_600_000 });
    assert.deepEqual(
      summary.created.map((c) => c.title),
      ['Wishlist'],
    );
    assert.deepEqual(summary.splits, [
      {
        parent: { id: 'checkout', title: 'Checkout' },
        children: children.map((id, i) => ({ id, title: ['Pay by card', 'Pay by invoice'][i] })),
      },
    ]);
    assert.deepEqual(
      summary.trimmed.map((t) => t.title),
      ['Old banner'],
    );
    assert.deepEqual(summary.parked, [{ id: 'legacy', title: 'Legacy export', reason: 'nobody uses it' }]);
    assert.deepEqual(summary.restored, []);
    assert.deepEqual(
      summary.estimates.map((e) => [e.title, e.from, e.to]),
      [
        ['Cart', '3', '5'],
        ['Pay by card', null, '5'],
        ['Pay by invoice', null, '3'],
        ['Wishlist', null, '2'],
      ],
    );
    assert.deepEqual(
      summary.rankMoves.map((m) => [m.title, m.from, m.to]),
      [
        ['Search', 4, 1],
        ['Login', 1, 2],
        ['Cart', 2, 3],
        ['Checkout', 3, 4],
        ['Pay by card', null, 5],
        ['Pay by invoice', null, 6],
        ['Wishlist', null, 7],
        ['Legacy export', 5, null],
      ],
    );
    assert.deepEqual(
      summary.actions.map((a) => [a.text, a.owner, a.done, a.isNew]),
      [
        ['Check stock API', 'Bo', true, false],
        ['Sketch the UI', 'Ann', false, true],
      ],
    );
    assert.deepEqual(
      summary.openQuestions.map((q) => [q.item.title, q.text, q.isNew]),
      [['Search', 'Fuzzy matching?', true]],
    );
    assert.deepEqual(
      summary.answeredQuestions.map((q) => [q.text, q.answer]),
      [['Who still uses it?', 'Nobody']],
    );
    // End: search 8, login 5, cart 5, (checkout is a container), card 5, invoice 3, wishlist 2.
    assert.equal(summary.runway.end.readyPoints, 28);
    assert.equal(summary.runway.end.targetPoints, 20);
    assert.match(summary.runway.start.text, /8 of 20 points/);
  });

  it('reports the decisions, dependencies and value hypotheses recorded during the meeting', () => {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: 'Shop', now: T0 });
    createItem(doc, { id: 'cart', title: 'Cart', kind: 'story', position: { at: 'bottom' } });
    createItem(doc, { id: 'pay', title: 'Payments', kind: 'story', position: { at: 'bottom' } });
    addDecision(doc, 'cart', 'Guests may check out');
    setValueHypothesis(doc, 'pay', { believe: 'card payments' });
    const start = JSON.parse(JSON.stringify(captureSnapshot(doc, T0))) as BoardSnapshot;

    addDecision(doc, 'cart', 'Keep the cart for 30 days');
    addDependency(doc, 'cart', { kind: 'item', itemId: 'pay' });
    addDependency(doc, 'pay', { kind: 'external', name: 'Team Falcon', status: 'requested' });
    setValueHypothesis(doc, 'cart', { believe: 'a saved cart', resultIn: 'more returning buyers' });
    setValueHypothesis(doc, 'pay', { resultIn: 'fewer drop-outs' }); // had one: not "added"
    markTrimDiscussion(doc, 'pay', { proposalId: 'p1', objectedBy: 'Bea', reason: 'Finance still needs it', at: T0 + 1 });
    const end = captureSnapshot(doc, T0 + 1);

    const summary = summarizeMeeting(start, end, LOG);
    assert.deepEqual(
      summary.objections!.map((o) => [o.item.title, o.text]),
      [['Payments', 'Bea objected to trimming it: “Finance still needs it”']],
    );
    assert.deepEqual(summarizeMeeting(end, end, LOG).objections, [], 'the same objection is not new');
    assert.deepEqual(
      summary.decisions!.map((d) => [d.item.title, d.text]),
      [['Cart', 'Keep the cart for 30 days']],
    );
    assert.deepEqual(
      summary.dependencies!.map((d) => [d.item.title, d.text]),
      [
        ['Cart', 'depends on “Payments”'],
        ['Payments', 'depends on Team Falcon (requested)'],
      ],
    );
    assert.deepEqual(
      summary.hypotheses!.map((h) => [h.item.title, h.text]),
      [['Cart', 'We believe that a saved cart; will result in more returning buyers']],
    );
    assert.ok(hasBoardChanges({ ...summarizeMeeting(start, start, LOG), decisions: summary.decisions }));
    const markdown = renderSummaryMarkdown(summary);
    assert.match(markdown, /## Decisions \(1\)\n\n- \*\*Cart\*\*: Keep the cart for 30 days/);
    assert.match(markdown, /## Dependencies recorded \(2\)/);
    assert.match(markdown, /## Value hypotheses added \(1\)/);
    assert.match(markdown, /## Objections to trimming \(1\)\n\n- \*\*Payments\*\*: Bea objected to trimming it: “Finance still needs it”/);

    // A start snapshot from before these were kept reports none of them as new.
    const legacy = {
      ...start,
      items: start.items.map(({ decisions: _d, dependencies: _p, hypothesis: _h, objection: _o, ...rest }) => rest),
    };
    const fromLegacy = summarizeMeeting(legacy, end, LOG);
    assert.deepEqual([fromLegacy.decisions, fromLegacy.dependencies, fromLegacy.hypotheses, fromLegacy.objections], [[], [], [], []]);
  });

  it('reports items parked and restored within the meeting, which the net comparison alone would miss', () => {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: 'Board' });
    for (const [id, title] of [
      ['kept', 'Kept after all'],
      ['twice', 'Parked twice'],
      ['still', 'Still parked'],
      ['untouched', 'Untouched'],
      ['waiting', 'Parked before'],
    ])
      createItem(doc, { id, title, kind: 'story', position: { at: 'bottom' } });
    parkItem(doc, 'waiting', 'later');
    restoreItem(doc, 'waiting');
    parkItem(doc, 'waiting', 'later again');
    const start = captureSnapshot(doc, T0);

    parkItem(doc, 'kept', 'obsolete?');
    parkItem(doc, 'kept', 'obsolete, with a better reason'); // a new reason is not a new parking
    restoreItem(doc, 'kept');
    parkItem(doc, 'twice');
    restoreItem(doc, 'twice');
    parkItem(doc, 'twice');
    restoreItem(doc, 'twice');
    parkItem(doc, 'still', 'nobody asked for it');
    restoreItem(doc, 'waiting'); // parked before the meeting: a plain restore
    const created = createItem(doc, { id: 'new', title: 'Made and unmade', kind: 'story', position: { at: 'bottom' } });
    parkItem(doc, created);
    restoreItem(doc, created);
    const end = captureSnapshot(doc, T0 + 60_000);

    const summary = summarizeMeeting(start, end, LOG);
    assert.deepEqual(
      summary.parkedThenRestored?.map((r) => r.title),
      ['Kept after all', 'Parked twice', 'Made and unmade'],
    );
    assert.deepEqual(
      summary.parked.map((p) => p.title),
      ['Still parked'],
    );
    assert.deepEqual(
      summary.restored.map((r) => [r.title, r.from]),
      [['Parked before', 'tail']],
    );
    assert.equal(hasBoardChanges(summarizeMeeting(start, start, LOG)), false);
    const markdown = renderSummaryMarkdown(summary);
    assert.match(markdown, /## Parked, then restored during the meeting \(3\)\n\n- \*\*Kept after all\*\*/);

    // A start snapshot from before park counts were kept tells nothing: no item is reported.
    const old = JSON.parse(JSON.stringify(start)) as BoardSnapshot;
    for (const i of old.items) delete i.parkedCount;
    assert.deepEqual(
      summarizeMeeting(old, end, LOG).parkedThenRestored?.map((r) => r.title),
      ['Made and unmade'],
    );
  });

  it('survives a JSON round trip of the snapshots (as stored by the server)', () => {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: 'Shop', now: T0 });
    createItem(doc, { id: 'a', title: 'A story', kind: 'story', position: { at: 'top' } });
    const start = JSON.parse(JSON.stringify(captureSnapshot(doc, T0))) as BoardSnapshot;
    setEstimate(doc, 'a', { value: 13, label: null });
    const end = JSON.parse(JSON.stringify(captureSnapshot(doc, T0 + 1))) as BoardSnapshot;
    assert.deepEqual(
      summarizeMeeting(start, end, LOG).estimates.map((e) => [e.from, e.to]),
      [[null, '13']],
    );
  });
});
