import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { BoardError, type BoardErrorCode } from './errors';
import {
  type ItemPosition,
  createItem,
  moveItem,
  moveToBottom,
  moveToIndex,
  moveToTop,
  parkItem,
  purgeItem,
  restoreItem,
  setDescription,
  setEstimate,
  setKind,
  setTitle,
  trimItems,
} from './mutations';
import { newItemId } from '../session/ids';
import {
  type ItemKind,
  MAX_DESCRIPTION_LENGTH,
  MAX_TITLE_LENGTH,
  getItemMap,
  getItemsMap,
  initBoardDoc,
  listItems,
  readItem,
  readItemText,
  readMeta,
} from './schema';

function ids(doc: Y.Doc, zone?: 'backlog' | 'tail' | 'trimmed'): string[] {
  return listItems(doc, zone === undefined ? {} : { zone }).map((item) => item.id);
}

/** A doc with items 'a'..'e' (or the given ids) in that order. */
function boardWith(itemIds: readonly string[] = ['a', 'b', 'c', 'd', 'e']): Y.Doc {
  const doc = new Y.Doc();
  for (const id of itemIds) createItem(doc, { id, title: `Item ${id}`, kind: 'story', position: { at: 'bottom' } });
  return doc;
}

function assertBoardError(fn: () => unknown, code: BoardErrorCode): void {
  assert.throws(fn, (error: unknown) => error instanceof BoardError && error.code === code);
}

/** Runs `fn` and asserts it changed nothing in the doc. */
function assertNoChange(doc: Y.Doc, fn: () => unknown): void {
  const before = Y.encodeStateVector(doc);
  try {
    fn();
  } catch {
    // the error itself is checked elsewhere; here only the doc matters
  }
  assert.deepEqual(Y.encodeStateVector(doc), before);
}

function countUpdates(doc: Y.Doc, fn: () => unknown): number {
  let updates = 0;
  const onUpdate = () => updates++;
  doc.on('update', onUpdate);
  fn();
  doc.off('update', onUpdate);
  return updates;
}

/** dnd-kit's arrayMove: the reference for moveToIndex. */
function arrayMove<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [moved] = copy.splice(from, 1);
  copy.splice(to, 0, moved);
  return copy;
}

describe('initBoardDoc', () => {
  it('sets title, an empty vision and createdAt, once', () => {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: '  Team Rocket  ', now: 1000 });
    assert.deepEqual(readMeta(doc), { title: 'Team Rocket', vision: '', createdAt: 1000 });
    assertBoardError(() => initBoardDoc(doc, { title: 'Again' }), 'already_initialized');
  });

  it('rejects an empty title', () => {
    assertBoardError(() => initBoardDoc(new Y.Doc(), { title: ' ' }), 'invalid_board_title');
  });
});

describe('createItem', () => {
  it('stores no field at its default: no id (the key is the id) and no zone (the backlog)', () => {
    const doc = new Y.Doc();
    const id = createItem(doc, { title: 'Lean', kind: 'bug', position: { at: 'top' } });
    const map = getItemMap(doc, id)!;
    assert.deepEqual([...map.keys()].sort(), ['createdAt', 'description', 'kind', 'rank', 'title']);
    // Read alone (not through listItems, which passes the key), the item still knows its id.
    assert.equal(readItem(map).id, id);
    assert.equal(readItem(map).zone, 'backlog');
    // A peer's copy reads the same.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    assert.equal(readItem(getItemMap(peer, id)!).id, id);
    // An item written by earlier code, with both fields, reads as before.
    getItemMap(doc, id)!.set('zone', 'tail');
    assert.equal(listItems(doc, { zone: 'tail' })[0].id, id);
  });

  it('creates a backlog item with defaults and a UUID', () => {
    const doc = new Y.Doc();
    const id = createItem(doc, { title: '  Login  ', kind: 'story', position: { at: 'top' }, createdBy: 'ann' });
    assert.match(id, /^[0-9a-f-]{36}$/);
    const item = listItems(doc)[0];
    assert.equal(item.id, id);
    assert.equal(item.title, 'Login');
    assert.equal(item.description, '');
    assert.equal(item.kind, 'story');
    assert.equal(item.zone, 'backlog');
    assert.equal(item.parentId, null);
    assert.equal(item.estimate, null);
    assert.equal(item.estimateLabel, null);
    assert.equal(item.createdBy, 'ann');
    assert.equal(item.parkedReason, null);
    assert.ok(item.createdAt > 0 && item.updatedAt === item.createdAt);
    assert.ok(readItemText(getItemMap(doc, id)!, 'title') instanceof Y.Text);
  });

  it('makes v4 UUIDs without crypto.randomUUID (insecure browser contexts)', () => {
    const original = Object.getOwnPropertyDescriptor(crypto, 'randomUUID');
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const id = newItemId();
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.notEqual(newItemId(), id);
    } finally {
      if (original) Object.defineProperty(crypto, 'randomUUID', original);
      else delete (crypto as { randomUUID?: unknown }).randomUUID;
    }
  });

  it('honours every position', () => {
    const doc = boardWith(['b', 'd']);
    const cases: [string, ItemPosition][] = [
      ['top', { at: 'top' }],
      ['bottom', { at: 'bottom' }],
      ['c', { after: 'b' }],
      ['a', { before: 'b' }],
    ];
    for (const [id, position] of cases) createItem(doc, { id, title: id, kind: 'task', position });
    assert.deepEqual(ids(doc), ['top', 'a', 'b', 'c', 'd', 'bottom']);
  });

  it('is one update and passes the origin through', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    const origin = { local: true };
    assert.equal(
      countUpdates(doc, () => createItem(doc, { title: 'x', kind: 'bug', position: { at: 'top' } }, origin)),
      1,
    );
    assert.deepEqual(origins, [origin]);
  });

  it('rejects bad input without writing anything', () => {
    const doc = boardWith(['a']);
    const bad: [BoardErrorCode, () => unknown][] = [
      ['unknown_kind', () => createItem(doc, { title: 'x', kind: 'saga' as ItemKind, position: { at: 'top' } })],
      ['invalid_title', () => createItem(doc, { title: '   ', kind: 'story', position: { at: 'top' } })],
      ['title_too_long', () => createItem(doc, { title: 'x'.repeat(MAX_TITLE_LENGTH + 1), kind: 'story', position: { at: 'top' } })],
      ['unknown_item', () => createItem(doc, { title: 'x', kind: 'story', position: { after: 'nope' } })],
      ['unknown_item', () => createItem(doc, { title: 'x', kind: 'story', position: { at: 'top' }, parentId: 'nope' })],
      ['duplicate_id', () => createItem(doc, { id: 'a', title: 'x', kind: 'story', position: { at: 'top' } })],
      ['invalid_id', () => createItem(doc, { id: 'has space', title: 'x', kind: 'story', position: { at: 'top' } })],
      ['invalid_position', () => createItem(doc, { title: 'x', kind: 'story', position: { at: 'middle' } as never })],
    ];
    for (const [code, fn] of bad) {
      assertBoardError(fn, code);
      assertNoChange(doc, fn);
    }
    assert.deepEqual(ids(doc), ['a']);
  });

  it('accepts a title of exactly the maximum length and a parent', () => {
    const doc = boardWith(['epic']);
    createItem(doc, { id: 'child', title: 'x'.repeat(MAX_TITLE_LENGTH), kind: 'story', position: { at: 'bottom' }, parentId: 'epic' });
    assert.equal(listItems(doc)[1].parentId, 'epic');
  });
});

describe('field edits', () => {
  it('replaces title and description in one update each', () => {
    const doc = boardWith(['a']);
    assert.equal(
      countUpdates(doc, () => setTitle(doc, 'a', 'New title')),
      1,
    );
    assert.equal(
      countUpdates(doc, () => setDescription(doc, 'a', '# Heading\n\nbody')),
      1,
    );
    const item = listItems(doc)[0];
    assert.equal(item.title, 'New title');
    assert.equal(item.description, '# Heading\n\nbody');
  });

  it('keeps the same Y.Text instance so bound editors stay attached', () => {
    const doc = boardWith(['a']);
    const text = readItemText(getItemMap(doc, 'a')!, 'title');
    setTitle(doc, 'a', 'Renamed');
    assert.equal(readItemText(getItemMap(doc, 'a')!, 'title'), text);
  });

  it('validates title, description, kind and estimate', () => {
    const doc = boardWith(['a']);
    assertBoardError(() => setTitle(doc, 'a', ''), 'invalid_title');
    assertBoardError(() => setTitle(doc, 'missing', 'x'), 'unknown_item');
    assertBoardError(() => setDescription(doc, 'a', 'x'.repeat(MAX_DESCRIPTION_LENGTH + 1)), 'description_too_long');
    assertBoardError(() => setKind(doc, 'a', 'feature' as ItemKind), 'unknown_kind');
    assertBoardError(() => setEstimate(doc, 'a', { value: -1, label: null }), 'invalid_estimate');
    assertBoardError(() => setEstimate(doc, 'a', { value: Number.NaN, label: null }), 'invalid_estimate');
    assertBoardError(() => setEstimate(doc, 'a', { value: null, label: ' ' }), 'invalid_estimate');
    assertNoChange(doc, () => setKind(doc, 'a', 'feature' as ItemKind));
  });

  it('sets kind and estimate', () => {
    const doc = boardWith(['a']);
    setKind(doc, 'a', 'spike');
    setEstimate(doc, 'a', { value: 5, label: null });
    assert.deepEqual((({ kind, estimate, estimateLabel }) => ({ kind, estimate, estimateLabel }))(listItems(doc)[0]), {
      kind: 'spike',
      estimate: 5,
      estimateLabel: null,
    });
    setEstimate(doc, 'a', { value: null, label: '?' });
    assert.equal(listItems(doc)[0].estimateLabel, '?');
    assert.equal(listItems(doc)[0].estimate, null);
  });
});

describe('moves', () => {
  it('moves relative to other items and to the ends', () => {
    const doc = boardWith();
    moveItem(doc, 'a', { after: 'c' });
    assert.deepEqual(ids(doc), ['b', 'c', 'a', 'd', 'e']);
    moveItem(doc, 'e', { before: 'b' });
    assert.deepEqual(ids(doc), ['e', 'b', 'c', 'a', 'd']);
    moveToBottom(doc, 'e');
    moveToTop(doc, 'd');
    assert.deepEqual(ids(doc), ['d', 'b', 'c', 'a', 'e']);
  });

  it('writes only rank and updatedAt of the moved item, in one update', () => {
    const doc = boardWith();
    const changed: string[] = [];
    getItemsMap(doc).observeDeep((events) => {
      for (const event of events) {
        if (event instanceof Y.YMapEvent) {
          const item = event.target as Y.Map<unknown>;
          for (const key of event.keysChanged) changed.push(`${readItem(item).id}.${key}`);
        } else {
          changed.push('structure');
        }
      }
    });
    assert.equal(
      countUpdates(doc, () => moveItem(doc, 'a', { after: 'd' })),
      1,
    );
    assert.deepEqual(changed.sort(), ['a.rank', 'a.updatedAt']);
  });

  it('writes nothing when dropped onto its own slot', () => {
    const doc = boardWith();
    assertNoChange(doc, () => moveItem(doc, 'b', { after: 'a' }));
    assertNoChange(doc, () => moveItem(doc, 'b', { before: 'c' }));
    assertNoChange(doc, () => moveItem(doc, 'b', { after: 'b' }));
    assertNoChange(doc, () => moveToTop(doc, 'a'));
    assertNoChange(doc, () => moveToIndex(doc, 'c', 2));
  });

  it('moveToIndex matches arrayMove for every from/to pair', () => {
    const start = ['a', 'b', 'c', 'd', 'e'];
    for (let from = 0; from < start.length; from++) {
      for (let to = 0; to < start.length; to++) {
        const doc = boardWith(start);
        moveToIndex(doc, start[from], to);
        assert.deepEqual(ids(doc), arrayMove(start, from, to), `from ${from} to ${to}`);
      }
    }
  });

  it('moveToIndex counts backlog items only and clamps the index', () => {
    const doc = boardWith();
    parkItem(doc, 'b');
    moveToIndex(doc, 'e', 1); // backlog is a, c, d, e
    assert.deepEqual(ids(doc, 'backlog'), ['a', 'e', 'c', 'd']);
    moveToIndex(doc, 'a', 99);
    assert.deepEqual(ids(doc, 'backlog'), ['e', 'c', 'd', 'a']);
    assertBoardError(() => moveToIndex(doc, 'a', 1.5), 'invalid_position');
  });

  it('places an item between two items that share a rank', () => {
    const doc = boardWith(['a', 'm', 'z']);
    // Simulate two peers that both appended with the same key.
    getItemMap(doc, 'a')!.set('rank', 'a5');
    getItemMap(doc, 'z')!.set('rank', 'a5');
    moveItem(doc, 'm', { after: 'a' });
    assert.deepEqual(ids(doc), ['a', 'm', 'z']);
    createItem(doc, { id: 'b', title: 'b', kind: 'task', position: { after: 'm' } });
    createItem(doc, { id: 'y', title: 'y', kind: 'task', position: { before: 'b' } });
    assert.deepEqual(ids(doc), ['a', 'm', 'y', 'b', 'z']);
  });

  it('can be undone by a Y.UndoManager tracking the origin', () => {
    const doc = boardWith();
    const origin = { user: 'me' };
    const undo = new Y.UndoManager(getItemsMap(doc), { trackedOrigins: new Set([origin]) });
    moveToTop(doc, 'e', origin);
    assert.deepEqual(ids(doc), ['e', 'a', 'b', 'c', 'd']);
    undo.undo();
    assert.deepEqual(ids(doc), ['a', 'b', 'c', 'd', 'e']);
  });
});

describe('zones', () => {
  it('parks and restores an item to its old place', () => {
    const doc = boardWith();
    parkItem(doc, 'c', '  stale  ');
    assert.deepEqual(ids(doc, 'backlog'), ['a', 'b', 'd', 'e']);
    assert.deepEqual(ids(doc, 'tail'), ['c']);
    assert.equal(listItems(doc, { zone: 'tail' })[0].parkedReason, 'stale');
    restoreItem(doc, 'c');
    assert.deepEqual(ids(doc, 'backlog'), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(listItems(doc)[2].parkedReason, null);
  });

  it('trims tail items only and reports which', () => {
    const doc = boardWith();
    parkItem(doc, 'b');
    parkItem(doc, 'd');
    assert.deepEqual(trimItems(doc, ['b', 'c', 'd']), ['b', 'd']);
    assert.deepEqual(ids(doc, 'trimmed'), ['b', 'd']);
    assert.deepEqual(ids(doc, 'backlog'), ['a', 'c', 'e']);
    assertBoardError(() => trimItems(doc, ['nope']), 'unknown_item');
  });

  it('purges trimmed items only and unlinks their children', () => {
    const doc = boardWith(['epic']);
    createItem(doc, { id: 'child', title: 'child', kind: 'story', position: { at: 'bottom' }, parentId: 'epic' });
    assertBoardError(() => purgeItem(doc, 'epic'), 'not_trimmed');
    parkItem(doc, 'epic');
    assertBoardError(() => purgeItem(doc, 'epic'), 'not_trimmed');
    trimItems(doc, ['epic']);
    purgeItem(doc, 'epic');
    assert.deepEqual(ids(doc), ['child']);
    assert.equal(listItems(doc)[0].parentId, null);
  });
});

describe('readItem', () => {
  it('falls back to safe defaults for foreign values', () => {
    const doc = new Y.Doc();
    const item = new Y.Map<unknown>();
    getItemsMap(doc).set('odd', item);
    item.set('kind', 'saga');
    item.set('zone', 42);
    item.set('estimate', 'lots');
    item.set('title', 'plain string, not Y.Text');
    const [view] = listItems(doc);
    assert.equal(view.id, 'odd');
    assert.equal(view.kind, 'story');
    assert.equal(view.zone, 'backlog');
    assert.equal(view.estimate, null);
    assert.equal(view.title, '');
  });
});
