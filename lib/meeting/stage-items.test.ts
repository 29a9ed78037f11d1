import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { addDependency } from '../board/item-entries';
import { addRelease, setRelease } from '../board/roadmap';
import { setFitsVision } from '../board/item-details';
import { setVelocity } from '../board/settings';
import { DEFAULT_ESTIMATION_SETTINGS, writeEstimationSettings } from '../board/estimation';
import { createItem, parkItem, setEstimate } from '../board/mutations';
import { initBoardDoc } from '../board/schema';
import { readRefinementView } from '../refinement/board-view';
import { splitItem } from '../refinement/split';
import { STAGE_KINDS } from './agenda';
import { stageItems, TOP_WITHOUT_VELOCITY } from './stage-items';

const T0 = 1_700_000_000_000;

function board() {
  const doc = new Y.Doc();
  initBoardDoc(doc, { title: 'Shop', now: T0 });
  const add = (id: string, kind: 'story' | 'epic' = 'story') => createItem(doc, { id, title: id, kind, position: { at: 'bottom' } });
  add('big');
  add('epic', 'epic');
  add('dep');
  add('base');
  add('unsure');
  add('parked');
  writeEstimationSettings(doc, { ...DEFAULT_ESTIMATION_SETTINGS, sprintThreshold: 8 });
  setEstimate(doc, 'big', { value: 13, label: null });
  setEstimate(doc, 'base', { value: 3, label: null });
  addDependency(doc, 'dep', { kind: 'item', itemId: 'base' });
  setFitsVision(doc, 'unsure', 'no');
  parkItem(doc, 'parked', 'stale');
  return doc;
}

const ids = (list: { id: string }[]) => list.map((i) => i.id);

describe('stageItems', () => {
  it('split: oversized items and epics without stories near the top', () => {
    const doc = board();
    const items = stageItems('split', readRefinementView(doc), { meetingStartedAt: T0 });
    assert.deepEqual(ids(items), ['big', 'epic']);
    assert.match(items[0].note, /13 points, over the sprint limit of 8/);
    splitItem(doc, 'big', ['a', 'b']);
    splitItem(doc, 'epic', ['c']);
    assert.deepEqual(ids(stageItems('split', readRefinementView(doc), { meetingStartedAt: T0 })), [], 'split items leave the list');
  });

  it('split: only the top of the backlog counts (the prepared sprints)', () => {
    const doc = board();
    setVelocity(doc, 10);
    // Push 'big' below two sprints' worth of points.
    for (let i = 0; i < 3; i++) {
      const id = createItem(doc, { title: `filler ${i}`, kind: 'story', position: { at: 'top' } });
      setEstimate(doc, id, { value: 8, label: null });
    }
    assert.deepEqual(ids(stageItems('split', readRefinementView(doc), { meetingStartedAt: T0 })), []);
  });

  it('tail: parked items and items that do not fit the vision', () => {
    const items = stageItems('tail', readRefinementView(board()), { meetingStartedAt: T0 });
    assert.deepEqual(ids(items), ['parked', 'unsure']);
    assert.match(items[0].note, /parked: stale/);
  });

  it('vision: items judged against the vision', () => {
    assert.deepEqual(ids(stageItems('vision', readRefinementView(board()), { meetingStartedAt: T0 })), ['unsure']);
  });

  it('dependencies: items ranked above what they depend on first of all', () => {
    const items = stageItems('dependencies', readRefinementView(board()), { meetingStartedAt: T0 });
    assert.deepEqual(ids(items), ['dep']);
    assert.match(items[0].note, /base/);
  });

  it('new items: created since the meeting started', async () => {
    const doc = board();
    // Items carry a millisecond clock: keep the seeded ones strictly before the start.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const startedAt = Date.now();
    const id = createItem(doc, { title: 'fresh', kind: 'story', position: { at: 'bottom' } });
    assert.deepEqual(ids(stageItems('new-items', readRefinementView(doc), { meetingStartedAt: startedAt })), [id]);
    assert.deepEqual(stageItems('new-items', readRefinementView(doc), { meetingStartedAt: null }), []);
  });

  it('roadmap: items planned for a release', () => {
    const doc = board();
    const release = addRelease(doc, { name: 'R1', date: null, goal: 'Launch' });
    setRelease(doc, 'base', release);
    assert.deepEqual(ids(stageItems('roadmap', readRefinementView(doc), { meetingStartedAt: T0 })), ['base']);
  });

  it('ready check and re-sort: the top of the backlog', () => {
    const view = readRefinementView(board());
    const ready = stageItems('ready-check', view, { meetingStartedAt: T0 });
    assert.ok(ready.some((i) => i.id === 'epic' && i.note === 'not estimated'));
    assert.ok(ready.some((i) => i.id === 'base' && /not Ready/.test(i.note)));
    assert.equal(stageItems('resort', view, { meetingStartedAt: T0 }).length, 5);
    assert.ok(TOP_WITHOUT_VELOCITY >= 5);
  });

  it('never throws for any stage on an empty board', () => {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: 'Empty', now: T0 });
    for (const kind of STAGE_KINDS) assert.deepEqual(stageItems(kind, readRefinementView(doc), { meetingStartedAt: T0 }), []);
  });
});
