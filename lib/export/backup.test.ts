import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { populateSampleBoard } from '../../test/helpers/sample-board';
import { readDorCriteria } from '../board/dor';
import { readEstimateHistory, readEstimationSettings } from '../board/estimation';
import { ensureItemText, readItemDetails } from '../board/item-details';
import { createItem, moveItem } from '../board/mutations';
import { readRoadmap } from '../board/roadmap';
import { getItemMap, initBoardDoc, listItems, readItemText, readMeta } from '../board/schema';
import { ensureVisionText, readRefinementSettings } from '../board/settings';
import { readTrackerLink } from '../board/tracker';
import { applyImport, planImport } from '../import/apply';
import { parseImport } from '../import/formats';
import { exportBackup, restoreBackup } from './backup';
import { MAX_BACKUP_BYTES, MAX_BACKUP_ITEMS, MAX_BACKUP_TEXT, type BoardBackup } from './backup-layout';
import { BackupError, parseBackup } from './backup-schema';
import { exportBoard } from './formats';

function sampleDoc() {
  const doc = new Y.Doc();
  initBoardDoc(doc, { title: 'Checkout backlog', now: 1_600_000_000_000 });
  return { doc, ids: populateSampleBoard(doc) };
}

/** A backup as JSON text and back, as it travels over HTTP. */
const overTheWire = (backup: BoardBackup): unknown => JSON.parse(JSON.stringify(backup));

/** Replaces every occurrence of each id (keys and values) with its name, for comparing boards. */
function renameIds(value: unknown, names: Map<string, string>): unknown {
  let text = JSON.stringify(value);
  for (const [id, name] of names) text = text.split(id).join(name);
  return JSON.parse(text);
}

describe('board backup', () => {
  it('export → restore → export gives the same JSON apart from item ids, export time and board creation time', () => {
    const { doc, ids } = sampleDoc();
    const first = exportBackup(doc, { boardId: 'old-board', now: 1 });
    const restored = restoreBackup(parseBackup(overTheWire(first)), { now: 2_000_000_000_000 });
    const second = exportBackup(restored.doc, { boardId: 'new-board', now: 2 });

    // Every item got a new id, and the references between items followed.
    assert.equal(restored.itemIds.size, Object.keys(ids).length);
    for (const [oldId, newId] of restored.itemIds) assert.notEqual(oldId, newId);
    const names = new Map(Object.entries(ids).map(([name, id]) => [id, `<${name}>`]));
    const newNames = new Map([...restored.itemIds].map(([oldId, newId]) => [newId, names.get(oldId)!]));

    const a = renameIds(first, names) as BoardBackup;
    const b = renameIds(second, newNames) as BoardBackup;
    // What must differ:
    assert.notEqual(first.exportedAt, second.exportedAt);
    assert.notEqual(first.source.boardId, second.source.boardId);
    assert.equal(a.meta.createdAt, 1_600_000_000_000);
    assert.equal(b.meta.createdAt, 2_000_000_000_000, 'a restored board is created now');
    // Everything else is the same, to the letter.
    const strip = (x: BoardBackup) => ({
      ...x,
      exportedAt: null,
      source: { ...x.source, boardId: null },
      meta: { ...x.meta, createdAt: null },
    });
    assert.deepEqual(strip(b), strip(a));
    assert.equal(JSON.stringify(strip(b)), JSON.stringify(strip(a)), 'same key order too');
  });

  it('restores an item whose title was left empty, as the board held it (the whole backup was refused)', () => {
    const { doc } = sampleDoc();
    const [first] = listItems(doc);
    readItemText(getItemMap(doc, first.id)!, 'title')?.delete(0, first.title.length);
    assert.equal(listItems(doc)[0].title, '');
    const { doc: copy } = restoreBackup(parseBackup(overTheWire(exportBackup(doc))));
    assert.deepEqual(
      listItems(copy).map((i) => i.title),
      listItems(doc).map((i) => i.title),
    );
  });

  it('carries everything on the board: details, entries, history, tracker fields, roadmap, DoR, settings', () => {
    const { doc, ids } = sampleDoc();
    const { doc: copy, itemIds } = restoreBackup(parseBackup(overTheWire(exportBackup(doc))));
    const id = (oldId: string) => itemIds.get(oldId)!;
    const withoutIds = <T>(list: T[]) => list.map((x) => ({ ...x, id: undefined }));

    assert.deepEqual(readMeta(copy).vision, readMeta(doc).vision);
    assert.equal(readMeta(copy).title, 'Checkout backlog');
    assert.deepEqual(readRefinementSettings(copy), readRefinementSettings(doc));
    assert.deepEqual(readEstimationSettings(copy), readEstimationSettings(doc));
    assert.deepEqual(readRoadmap(copy), readRoadmap(doc));
    assert.deepEqual(readDorCriteria(copy), readDorCriteria(doc));
    assert.deepEqual(
      listItems(copy).map((i) => [i.title, i.zone, i.rank, i.estimate, i.estimateLabel, i.parkedReason, i.createdAt, i.updatedAt]),
      listItems(doc).map((i) => [i.title, i.zone, i.rank, i.estimate, i.estimateLabel, i.parkedReason, i.createdAt, i.updatedAt]),
    );
    assert.equal(listItems(copy).find((i) => i.id === id(ids.consent))!.parentId, id(ids.saved));

    const before = readItemDetails(getItemMap(doc, ids.saved)!);
    const after = readItemDetails(getItemMap(copy, id(ids.saved))!);
    assert.deepEqual(
      after.dependencies.find((d) => d.kind === 'item'),
      {
        ...before.dependencies.find((d) => d.kind === 'item')!,
        itemId: id(ids.refund),
      },
    );
    assert.deepEqual(
      { ...after, dependencies: withoutIds(after.dependencies.filter((d) => d.kind === 'external')) },
      { ...before, dependencies: withoutIds(before.dependencies.filter((d) => d.kind === 'external')) },
    );
    assert.equal(before.questions.length, 2);
    assert.equal(before.attachments.length, 2);
    assert.deepEqual(readEstimateHistory(copy, id(ids.saved)), readEstimateHistory(doc, ids.saved));
    assert.deepEqual(readTrackerLink(getItemMap(copy, id(ids.saved))!), readTrackerLink(getItemMap(doc, ids.saved)!));
    assert.deepEqual(getItemMap(copy, id(ids.refund))!.get('imported'), getItemMap(doc, ids.refund)!.get('imported'));
    assert.deepEqual(
      readItemDetails(getItemMap(copy, id(ids.trimmed))!).trimDecision,
      readItemDetails(getItemMap(doc, ids.trimmed)!).trimDecision,
    );
    // Keyed entries are Y.Maps again, so later concurrent edits of their fields merge.
    const question = [...getItemMap(copy, id(ids.saved))!.entries()].find(([key]) => key.startsWith('question:'))![1];
    assert.ok(question instanceof Y.Map);
    assert.ok(getItemMap(copy, id(ids.saved))!.get('notes') instanceof Y.Text);
  });

  it('keeps the order of items whose ranks tie', () => {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: 'Ties' });
    const backup = exportBackup(doc);
    backup.items = ['first', 'second', 'third'].map((title, i) => ({ id: `item-${i}`, title, rank: 'a0', kind: 'story', zone: 'backlog' }));
    const { doc: copy } = restoreBackup(parseBackup(overTheWire(backup)));
    assert.deepEqual(
      listItems(copy).map((i) => i.title),
      ['first', 'second', 'third'],
    );
  });

  it('leaves out keys no table declares', () => {
    const { doc, ids } = sampleDoc();
    getItemMap(doc, ids.saved)!.set('somethingOld', 42);
    doc.getMap('meta').set('leftover', 'x');
    const backup = exportBackup(doc);
    assert.equal(backup.items[1].somethingOld, undefined);
    assert.equal(backup.meta.leftover, undefined);
  });
});

describe('backups of large boards', () => {
  /** A board past every limit restore had: each part made the way the app makes it. */
  function largeBoard() {
    const doc = new Y.Doc();
    initBoardDoc(doc, { title: 'Large board' });
    // Cards dragged again and again into the same gap: a key grows about a character every six
    // moves (rank.ts), here past the 200 characters restore took.
    const anchor = createItem(doc, { title: 'Anchor', kind: 'story', position: { at: 'bottom' } });
    const spec = createItem(doc, { title: 'Spec', kind: 'story', position: { at: 'bottom' } });
    const other = createItem(doc, { title: 'Other', kind: 'story', position: { at: 'bottom' } });
    for (let i = 0; i < 1500; i++) moveItem(doc, i % 2 ? spec : other, { after: anchor });
    // Imports append after the last item, with keys as long as its: a short one keeps this test quick.
    createItem(doc, { title: 'Tail', kind: 'story', position: { at: 'bottom' } });
    // A title two people typed into at once: each browser's maxLength counts only its own value.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    readItemText(getItemMap(doc, spec)!, 'title')!.insert(4, ` ${'a'.repeat(400)}`);
    readItemText(getItemMap(peer, spec)!, 'title')!.insert(4, ` ${'b'.repeat(400)}`);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
    // Shared texts as the editors write them (CollabText inserts into the Y.Text; no length limit).
    ensureItemText(doc, spec, 'acceptanceCriteria').insert(0, 'Given a card\n'.repeat(10_000)); // 130,000 characters
    ensureVisionText(doc).insert(0, 'One click. '.repeat(15_000).trim()); // 164,999
    // Two imports, each within its own row limit, and more items than restore took.
    for (const batch of ['A', 'B']) {
      const csv = `Title\n${Array.from({ length: 10_001 }, (_, i) => `${batch} ${i}`).join('\n')}\n`;
      applyImport(doc, planImport(doc, parseImport(csv, { format: 'csv' })));
    }
    return { doc, spec };
  }

  it('restores what the app exported from a board past the old limits (long texts and title, a long rank, over 20,000 items)', () => {
    const { doc, spec } = largeBoard();
    const before = listItems(doc);
    const specBefore = before.find((i) => i.id === spec)!;
    assert.ok(before.length > 20_000);
    assert.ok(specBefore.rank.length > 200, `rank of ${specBefore.rank.length} characters`);
    assert.ok(specBefore.title.length > 500);
    const criteria = readItemDetails(getItemMap(doc, spec)!).acceptanceCriteria;
    assert.ok(criteria.length >= 120_000);
    assert.ok(readMeta(doc).vision.length >= 150_000);

    // The file GET /api/boards/<id>/export?format=json serves, read as POST /api/boards/restore reads it.
    const file = exportBoard(doc, 'Large board', 'json', { boardId: 'old-board' });
    const { doc: copy, itemIds } = restoreBackup(parseBackup(JSON.parse(file.body)));
    assert.ok(Buffer.byteLength(file.body) <= MAX_BACKUP_BYTES, 'within the restore body limit');

    const after = listItems(copy);
    assert.equal(after.length, before.length);
    assert.deepEqual(
      after.map((i) => [i.title, i.rank]),
      before.map((i) => [i.title, i.rank]),
      'every item, in board order',
    );
    const copied = getItemMap(copy, itemIds.get(spec)!)!;
    assert.equal(readItemDetails(copied).acceptanceCriteria, criteria);
    assert.equal(readMeta(copy).vision, readMeta(doc).vision);
  });

  it('restores a board whose backup fits the restore body limit only as compact JSON (indented, it did not)', () => {
    const { doc } = largeBoard();
    const items = listItems(doc).length;
    // Filled up with the vision to just under the limit, as a board of long texts gets there.
    const compact = JSON.stringify(JSON.parse(exportBoard(doc, 'Full board', 'json').body));
    const filler = MAX_BACKUP_BYTES - Buffer.byteLength(compact) - 4096;
    ensureVisionText(doc).insert(0, 'v'.repeat(filler));
    const file = exportBoard(doc, 'Full board', 'json', { boardId: 'old-board' });
    const indented = JSON.stringify(JSON.parse(file.body), null, 2);
    assert.ok(Buffer.byteLength(indented) > MAX_BACKUP_BYTES, 'indented, the same backup is over the limit');
    assert.ok(Buffer.byteLength(file.body) <= MAX_BACKUP_BYTES, 'as exported, it is within the restore body limit');
    assert.equal(restoreBackup(parseBackup(JSON.parse(file.body))).doc.getMap('items').size, items);
  });
});

describe('refusing bad backups', () => {
  const valid = () =>
    overTheWire(exportBackup(sampleDoc().doc)) as Record<string, unknown> & {
      meta: Record<string, unknown>;
      items: Record<string, unknown>[];
    };

  const refused = (value: unknown): BackupError => {
    try {
      parseBackup(value);
    } catch (err) {
      assert.ok(err instanceof BackupError, String(err));
      return err;
    }
    assert.fail('accepted');
  };

  it('names the path of the first bad field', () => {
    const cases: Array<[(b: ReturnType<typeof valid>) => void, string, RegExp]> = [
      [(b) => (b.items[3].title = 7), 'items.3.title', /./],
      [(b) => (b.items[0].kind = 'saga'), 'items.0.kind', /./],
      [(b) => (b.items[1].estimate = -1), 'items.1.estimate', /./],
      [(b) => (b.items[2].id = '../etc'), 'items.2.id', /letters, digits/],
      [(b) => delete b.items[0].rank, 'items.0.rank', /required/],
      [(b) => (b.items[0].evil = 1), 'items.0.evil', /not a field/],
      [(b) => (b.items[1]['question:a b'] = {}), 'items.1.question:a b', /id after/],
      [(b) => (b.items[1]['dependency:x1'] = { kind: 'item' }), 'items.1.dependency:x1', /./],
      [(b) => (b.meta.title = 7), 'meta.title', /./],
      [(b) => (b.schemaVersion = 2), 'schemaVersion', /schema version 1/],
      [(b) => (b.format = 'something-else'), 'format', /Refinery board backup/],
    ];
    for (const [spoil, path, message] of cases) {
      const backup = valid();
      spoil(backup);
      const err = refused(backup);
      assert.equal(err.path, path, err.message);
      assert.ok(err.message.startsWith(`${path}: `), err.message);
      assert.match(err.message, message);
    }
  });

  it('still refuses what no body of MAX_BACKUP_BYTES carries, and wrong types, naming the field', () => {
    assert.ok(MAX_BACKUP_TEXT >= MAX_BACKUP_BYTES, 'a text the body can carry is never too long');

    const longest = valid();
    longest.items[0].acceptanceCriteria = 'x'.repeat(MAX_BACKUP_TEXT);
    assert.doesNotThrow(() => parseBackup(longest));

    const cases: Array<[(b: ReturnType<typeof valid>) => void, string, RegExp]> = [
      [
        (b) => (b.items[0].acceptanceCriteria = 'x'.repeat(MAX_BACKUP_TEXT + 1)),
        'items.0.acceptanceCriteria',
        /at most 16,777,216 characters/,
      ],
      [(b) => (b.meta.vision = 'x'.repeat(MAX_BACKUP_TEXT + 1)), 'meta.vision', /at most 16,777,216 characters/],
      [(b) => (b.items[1].rank = 'a'.repeat(MAX_BACKUP_TEXT + 1)), 'items.1.rank', /at most 16,777,216 characters/],
      [(b) => (b.items[1].title = 'a'.repeat(MAX_BACKUP_TEXT + 1)), 'items.1.title', /at most 16,777,216 characters/],
      [
        (b) => (b.items = Array.from({ length: MAX_BACKUP_ITEMS + 1 }, () => ({ id: 'a', title: 'x', rank: 'a' }))),
        'items',
        /at most 493,447 items/,
      ],
      [(b) => (b.items[0].acceptanceCriteria = 42), 'items.0.acceptanceCriteria', /string/],
      [(b) => (b.meta.vision = ['x']), 'meta.vision', /string/],
      [(b) => (b.items[2].rank = 7), 'items.2.rank', /string/],
      [(b) => ((b as Record<string, unknown>).items = { 0: b.items[0] }), 'items', /array/],
    ];
    for (const [spoil, path, message] of cases) {
      const spoilt = valid();
      spoil(spoilt);
      const err = refused(spoilt);
      assert.equal(err.path, path, err.message);
      assert.match(err.message, message);
    }
  });

  it('refuses values nested too deep before validating them (a stack overflow would be a 500)', () => {
    const backup = valid();
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    backup.items[0].imported = deep;
    const err = refused(backup);
    assert.match(err.message, /^items\.0\.imported(\.0)+: nested deeper than 32 levels$/);
  });

  it('refuses what is not a backup at all, and duplicate item ids', () => {
    assert.equal(refused([]).path, null);
    assert.equal(refused({ hello: 'world' }).path, 'format');
    const backup = valid();
    backup.items[1].id = backup.items[0].id;
    assert.equal(refused(backup).path, 'items.1.id');
  });
});
