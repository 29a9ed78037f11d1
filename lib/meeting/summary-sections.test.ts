import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { addAction, addDecision, addDependency, addQuestion, answerQuestion, updateAction } from '../board/item-entries';
import { setValueHypothesis } from '../board/item-details';
import { markTrimDiscussion } from '../board/trim-outcomes';
import { removeDorCriterion } from '../board/dor';
import { setVelocity } from '../board/settings';
import { createItem, moveToTop, parkItem, purgeItem, restoreItem, setEstimate, trimItems } from '../board/mutations';
import { initBoardDoc } from '../board/schema';
import { splitItem } from '../refinement/split';
import { renderSummaryMarkdown } from './render';
import { captureSnapshot } from './snapshot';
import type { StageLogEntry } from './state';
import { type MeetingLog, type MeetingSummary, summarizeMeeting } from './summary';
import {
  NO_CHANGES_TEXT,
  type SummarySection,
  lineText,
  noChangesNote,
  partsText,
  stageTable,
  summaryByline,
  summarySections,
} from './summary-sections';

const T0 = Date.UTC(2025, 2, 4, 9, 0);
const T1 = T0 + 62 * 60_000;

const LOG: MeetingLog = {
  meetingId: 'm1',
  startedAt: T0,
  endedAt: T1,
  startedBy: 'Fay',
  attendees: [
    { name: 'Fay', role: 'facilitator' },
    { name: 'Ann', role: 'participant' },
    { name: 'Room 4', role: 'spectator' },
  ],
  stages: [
    stage('vision', 'Vision', 3, { spentMs: 5 * 60_000, overrunMs: 2 * 60_000, visits: 1 }),
    stage('roadmap', 'Roadmap', 5, { skipped: true }),
    stage('tail', 'Tail', 7, { dropped: true }),
    stage('split', 'Split', 10, { spentMs: 57 * 60_000, overrunMs: 47 * 60_000, visits: 2 }),
  ],
};

/** A stage as the meeting logged it: not visited unless said. */
function stage(id: StageLogEntry['kind'], title: string, plannedMinutes: number, log: Partial<StageLogEntry>): StageLogEntry {
  return { id, kind: id, title, plannedMinutes, spentMs: 0, overrunMs: 0, visits: 0, skipped: false, dropped: false, ...log };
}

/**
 * A meeting on a real board, every change made through the board's own mutations: an item
 * created and estimated, an epic split, estimates changed, set and cleared, a re-sort, a trim,
 * items parked, restored, parked and restored again, purged; actions, questions, decisions, a
 * dependency, a hypothesis and an objection recorded.
 */
function meetingOnARealBoard(): MeetingSummary {
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
  add('dark', 'Dark mode');
  add('spam', 'Spam filter');
  add('pay', 'Payments');
  setEstimate(doc, 'login', { value: 5, label: null });
  setEstimate(doc, 'cart', { value: 3, label: null });
  setEstimate(doc, 'search', { value: 8, label: null });
  parkItem(doc, 'old', 'replaced');
  parkItem(doc, 'dark', 'later');
  parkItem(doc, 'spam');
  trimItems(doc, ['spam']);
  const legacyQuestion = addQuestion(doc, 'legacy', 'Who still uses it?');
  const cartAction = addAction(doc, 'cart', { text: 'Check stock API', owner: 'Bo' });
  const start = captureSnapshot(doc, T0);

  // The meeting.
  const wishlist = createItem(doc, { id: 'wishlist', title: 'Wishlist', kind: 'story', position: { at: 'bottom' } });
  setEstimate(doc, wishlist, { value: 2, label: null });
  splitItem(doc, 'checkout', ['Pay by card', 'Pay by invoice']);
  setEstimate(doc, 'cart', { value: 5, label: null });
  setEstimate(doc, 'login', { value: null, label: null });
  trimItems(doc, ['old']);
  parkItem(doc, 'legacy', 'nobody uses it');
  parkItem(doc, 'login', 'maybe');
  restoreItem(doc, 'login');
  restoreItem(doc, 'dark');
  purgeItem(doc, 'spam');
  moveToTop(doc, 'search');
  answerQuestion(doc, 'legacy', legacyQuestion, 'Nobody');
  updateAction(doc, 'cart', cartAction, { done: true });
  addAction(doc, wishlist, { text: 'Sketch the UI', owner: 'Ann', due: '2025-03-10' });
  addAction(doc, 'search', { text: 'Measure latency' });
  addQuestion(doc, 'search', 'Fuzzy matching?');
  addDecision(doc, 'cart', 'Guests may check out');
  addDependency(doc, wishlist, { kind: 'external', name: 'Accounts team' });
  setValueHypothesis(doc, 'pay', { believe: 'card payments' });
  markTrimDiscussion(doc, 'pay', { proposalId: 'p1', objectedBy: 'Bea', reason: 'Finance still needs it', at: T0 + 1 });
  return summarizeMeeting(start, captureSnapshot(doc, T1), LOG);
}

/** A section as the tests read it: its heading and its lines as plain text, action items boxed. */
function plain(section: SummarySection) {
  const box = (done: boolean | undefined) => (done === undefined ? '' : done ? '[x] ' : '[ ] ');
  return {
    heading: section.count === null ? section.title : `${section.title} (${section.count})`,
    lines: section.lines.map((l) => `${box(l.done)}${lineText(l)}`),
  };
}

describe('summarySections', () => {
  const summary = meetingOnARealBoard();
  const sections = summarySections(summary);

  it('lists every section in reading order, with exact lines and counts', () => {
    assert.deepEqual(
      sections.map((s) => [s.id, s.part, plain(s)]),
      [
        ['attendees', 'meeting', { heading: 'Attendees (3)', lines: ['Fay (facilitator)', 'Ann (participant)', 'Room 4 (projector)'] }],
        [
          'runway',
          'meeting',
          {
            heading: 'Ready runway',
            lines: ['At the start: Ready runway: 8 of 20 points, 0.8 sprints', 'At the end: Ready runway: 8 of 20 points, 0.8 sprints'],
          },
        ],
        ['created', 'changes', { heading: 'Items created (1)', lines: ['Wishlist (story, 2 points)'] }],
        ['splits', 'changes', { heading: 'Split (1)', lines: ['Checkout → Pay by card; Pay by invoice'] }],
        ['estimates', 'changes', { heading: 'Estimates (3)', lines: ['Login: 5 → — (cleared)', 'Cart: 3 → 5', 'Wishlist: — → 2 (new)'] }],
        [
          'rank-moves',
          'changes',
          {
            heading: 'Rank moves in the top 10 (10)',
            lines: [
              'Search: #4 → #1 (↑3)',
              'Login: #1 → #2 (↓1)',
              'Cart: #2 → #3 (↓1)',
              'Checkout: #3 → #4 (↓1)',
              'Pay by card: new to the backlog → #5',
              'Pay by invoice: new to the backlog → #6',
              'Dark mode: new to the backlog → #7',
              'Payments: #6 → #8 (↓2)',
              'Wishlist: new to the backlog → #9',
              'Legacy export: #5 → out of the backlog',
            ],
          },
        ],
        ['decisions', 'changes', { heading: 'Decisions (1)', lines: ['Cart: Guests may check out'] }],
        [
          'objections',
          'changes',
          { heading: 'Objections to trimming (1)', lines: ['Payments: Bea objected to trimming it: “Finance still needs it”'] },
        ],
        [
          'actions',
          'changes',
          {
            heading: 'Action items (3)',
            lines: [
              '[ ] Measure latency — no owner (on Search, new)',
              '[x] Check stock API — owner: Bo (on Cart)',
              '[ ] Sketch the UI — owner: Ann, due 2025-03-10 (on Wishlist, new)',
            ],
          },
        ],
        ['open-questions', 'changes', { heading: 'Open questions (1)', lines: ['Fuzzy matching? (on Search, new)'] }],
        ['answered', 'changes', { heading: 'Answered during the meeting (1)', lines: ['Who still uses it? — Nobody (on Legacy export)'] }],
        ['trimmed', 'changes', { heading: 'Trimmed (1)', lines: ['Old banner'] }],
        ['parked', 'changes', { heading: 'Parked in the tail (1)', lines: ['Legacy export: nobody uses it'] }],
        ['parked-then-restored', 'changes', { heading: 'Parked, then restored during the meeting (1)', lines: ['Login'] }],
        ['restored', 'changes', { heading: 'Restored (1)', lines: ['Dark mode (from the tail)'] }],
        ['dependencies', 'changes', { heading: 'Dependencies recorded (1)', lines: ['Wishlist: depends on Accounts team (requested)'] }],
        ['hypotheses', 'changes', { heading: 'Value hypotheses added (1)', lines: ['Payments: We believe that card payments'] }],
        ['removed', 'changes', { heading: 'Removed for good (1)', lines: ['Spam filter'] }],
      ],
    );
    assert.equal(noChangesNote(summary), null);
  });

  it('tells apart our words, typed text and item titles, so each presentation can mark them', () => {
    const action = sections.find((s) => s.id === 'actions')!.lines[2];
    assert.deepEqual(action.parts, [
      { kind: 'typed', text: 'Sketch the UI' },
      { kind: 'words', text: ' — owner: ' },
      { kind: 'typed', text: 'Ann' },
      { kind: 'words', text: ', due ' },
      { kind: 'typed', text: '2025-03-10' },
    ]);
    assert.deepEqual(action.aside, [
      { kind: 'words', text: 'on ' },
      { kind: 'item', text: 'Wishlist' },
      { kind: 'words', text: ', new' },
    ]);
    const split = sections.find((s) => s.id === 'splits')!.lines[0];
    assert.deepEqual(
      split.parts.map((p) => p.kind),
      ['item', 'words', 'typed', 'words', 'typed'],
    );
    // Keys are unique within a section (they are React keys).
    for (const s of sections) assert.equal(new Set(s.lines.map((l) => l.key)).size, s.lines.length, s.id);
  });

  it('is what the Markdown export lists, section by section and line by line', () => {
    const md = renderSummaryMarkdown(summary);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, [...sections.map((s) => `## ${plain(s).heading}`), '## Time per stage']);
    assert.ok(md.includes('- [ ] Sketch the UI — owner: Ann, due 2025-03-10 (on **Wishlist**, new)\n'), md);
    assert.ok(md.includes('- **Login**: 5 → — (cleared)\n'), md);
    assert.ok(md.includes('- **Checkout** → Pay by card; Pay by invoice\n'), md);
  });

  it('leaves out empty sections, names an untitled item, and says when the backlog did not change', () => {
    const quiet = summarizeMeeting(captureSnapshot(boardWith([['a', 'Login']]), T0), captureSnapshot(boardWith([['a', 'Login']]), T1), {
      ...LOG,
      attendees: [],
    });
    assert.deepEqual(
      summarySections(quiet).map((s) => [s.id, s.lines.map(lineText), s.empty]),
      [
        ['attendees', [], 'Nobody recorded.'],
        [
          'runway',
          [
            'At the start: Ready runway: 0 points (set a velocity for a target)',
            'At the end: Ready runway: 0 points (set a velocity for a target)',
          ],
          null,
        ],
      ],
    );
    assert.equal(noChangesNote(quiet), NO_CHANGES_TEXT);

    // A title typed away to nothing (titles are shared texts) reads as "Untitled".
    const doc = boardWith([]);
    const before = captureSnapshot(doc, T0);
    createItem(doc, { id: 'x', title: 'Crash', kind: 'bug', position: { at: 'bottom' } });
    const after = captureSnapshot(doc, T1);
    after.items = after.items.map((i) => ({ ...i, title: '' }));
    const created = summarySections(summarizeMeeting(before, after, LOG)).find((s) => s.id === 'created')!;
    assert.deepEqual(created.lines.map(lineText), ['Untitled (bug)']);
  });
});

function boardWith(items: Array<[id: string, title: string]>): Y.Doc {
  const doc = new Y.Doc();
  initBoardDoc(doc, { title: 'Quiet', now: T0 });
  for (const [id, title] of items) createItem(doc, { id, title, kind: 'story', position: { at: 'bottom' } });
  return doc;
}

describe('summaryByline', () => {
  const summary = meetingOnARealBoard();

  it('says when, how long and who facilitated, in the time zone asked for', () => {
    assert.equal(partsText(summaryByline(summary, 'UTC')), '2025-03-04 09:00–10:02 UTC · 1:02:00 · facilitated by Fay');
    assert.equal(
      partsText(summaryByline(summary, 'Europe/Berlin')),
      '2025-03-04 10:00–11:02 (Europe/Berlin) · 1:02:00 · facilitated by Fay',
    );
    assert.equal(
      partsText(summaryByline({ ...summary, endedAt: T0 + 16 * 3_600_000 }, 'UTC')).split(' · ')[0],
      '2025-03-04 09:00–2025-03-05 01:00 UTC',
    );
  });

  it('leaves the date out for the wall', () => {
    assert.equal(partsText(summaryByline(summary, null)), '1:02:00 · facilitated by Fay');
    assert.deepEqual(summaryByline(summary, null).at(-1), { kind: 'typed', text: 'Fay' });
  });
});

describe('stageTable', () => {
  it('has a row per stage with its note, and a total of the timeboxes kept', () => {
    assert.deepEqual(stageTable(meetingOnARealBoard()), {
      rows: [
        { id: 'vision', title: 'Vision', timebox: '3 min', spent: '5:00', overrun: true, note: 'over by 2:00' },
        { id: 'roadmap', title: 'Roadmap', timebox: '5 min', spent: '0:00', overrun: false, note: 'skipped' },
        { id: 'tail', title: 'Tail', timebox: '7 min', spent: '0:00', overrun: false, note: 'dropped, not reached' },
        { id: 'split', title: 'Split', timebox: '10 min', spent: '57:00', overrun: true, note: 'over by 47:00' },
      ],
      total: { timebox: '18 min', spent: '1:02:00' },
    });
  });
});
