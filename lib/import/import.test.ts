import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { readItemDetails } from '../board/item-details';
import { createItem, setEstimate } from '../board/mutations';
import { getItemMap, listItems } from '../board/schema';
import { readTrackerLink } from '../board/tracker';
import { applyImport, importSizeBound, importUpdate, planImport } from './apply';
import { ImportError } from './errors';
import { detectFormat, parseImport } from './formats';
import { Columns, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS, parseTable } from './table';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../test/fixtures/import', name), 'utf8');

function importInto(doc: Y.Doc, text: string, options: Parameters<typeof parseImport>[1] = {}, order: 'append' | 'file' = 'append') {
  const plan = planImport(doc, parseImport(text, options), order);
  return { plan, summary: applyImport(doc, plan) };
}

function byKey(doc: Y.Doc) {
  const out = new Map<string, ReturnType<typeof listItems>[number]>();
  for (const item of listItems(doc)) {
    const key = readTrackerLink(getItemMap(doc, item.id)!).externalKey;
    if (key) out.set(key, item);
  }
  return out;
}

describe('import: formats read as their trackers write them', () => {
  it('detects each format from its header row or shape', () => {
    assert.equal(detectFormat(fixture('jira.csv')), 'jira');
    assert.equal(detectFormat(fixture('azure.csv')), 'azure');
    assert.equal(detectFormat(fixture('linear.csv')), 'linear');
    assert.equal(detectFormat(fixture('github-gh.json')), 'github');
    assert.equal(detectFormat(fixture('github-rest.json')), 'github');
    assert.equal(detectFormat(fixture('generic-semicolon.csv')), 'csv');
  });

  it('Jira: BOM, CRLF, repeated Labels columns, multi-line quoted descriptions, numeric parent ids, story points with a decimal comma', () => {
    const parsed = parseImport(fixture('jira.csv'), { baseUrl: 'https://acme.atlassian.net/' });
    assert.deepEqual(
      parsed.records.map((r) => [r.row, r.externalKey, r.kind, r.estimate, r.parentKey]),
      [
        [2, 'SHOP-1', 'epic', null, null],
        [6, 'SHOP-2', 'story', 5, 'SHOP-1'],
        [9, 'SHOP-3', 'story', 3, 'SHOP-1'],
        [10, 'SHOP-4', 'bug', 2.5, null],
      ],
    );
    const saved = parsed.records[1];
    assert.equal(
      saved.description,
      'As a returning buyer I want to pay with a saved card,\nso that I check out in one click.\n{code}card.charge(){code}',
    );
    assert.deepEqual(parsed.records[2].labels, ['payments', 'refunds']);
    assert.deepEqual(parsed.records[2].dependsOn, ['SHOP-2']);
    assert.equal(saved.url, 'https://acme.atlassian.net/browse/SHOP-2');
    assert.equal(saved.wsjf.businessValue, 8);
    assert.deepEqual(parsed.skipped, [
      { row: 11, reason: 'status "Done" is closed' },
      { row: 12, reason: 'no title' },
      { row: 13, reason: 'Custom field (Story Points) "abc" is not a number' },
    ]);
  });

  it('Azure DevOps: a tree query (Title 1/2/3) gives parents; tags split on "; "', () => {
    const parsed = parseImport(fixture('azure.csv'), { baseUrl: 'https://dev.azure.com/acme/shop' });
    assert.deepEqual(
      parsed.records.map((r) => [r.externalKey, r.title, r.kind, r.parentKey, r.estimate]),
      [
        ['500', 'Mobile app', 'epic', null, null],
        ['501', 'Offline mode', 'epic', '500', null],
        ['502', 'Sync queue', 'story', '501', 5],
        ['503', 'Lost edits after restart', 'bug', '501', 3],
      ],
    );
    assert.deepEqual(parsed.records[2].labels, ['mobile', 'offline']);
    assert.deepEqual(parsed.records[0].wsjf, { businessValue: 13, timeCriticality: 8, riskReduction: null, jobSize: null });
    assert.equal(parsed.records[2].url, 'https://dev.azure.com/acme/shop/_workitems/edit/502');
  });

  it('Linear: labels in one cell, parent issue, canceled left out', () => {
    const parsed = parseImport(fixture('linear.csv'));
    assert.deepEqual(
      parsed.records.map((r) => [r.externalKey, r.kind, r.parentKey, r.labels]),
      [
        ['ENG-10', 'story', null, ['Feature']],
        ['ENG-11', 'story', 'ENG-10', ['Feature', 'Search']],
        ['ENG-12', 'bug', 'ENG-10', ['Bug']],
      ],
    );
    assert.deepEqual(parsed.skipped, [{ row: 5, reason: 'status "Canceled" is closed' }]);
  });

  it('GitHub: gh JSON and REST objects; pull requests and bad entries are skipped with their position', () => {
    const gh = parseImport(fixture('github-gh.json'));
    assert.deepEqual(
      gh.records.map((r) => [r.externalKey, r.kind, r.url]),
      [
        ['acme/web#41', 'story', 'https://github.com/acme/web/issues/41'],
        ['acme/web#42', 'bug', 'https://github.com/acme/web/issues/42'],
      ],
    );
    const rest = parseImport(fixture('github-rest.json'));
    assert.deepEqual(
      rest.records.map((r) => [r.externalKey, r.url]),
      [['acme/web#50', 'https://github.com/acme/web/issues/50']],
    );
    assert.deepEqual(
      rest.skipped.map((s) => s.row),
      [2, 3],
    );
    assert.match(rest.skipped[0].reason, /pull request/);
  });

  it('generic CSV: ";" delimiter and decimal comma, columns guessed from their names or mapped by hand', () => {
    const guessed = parseImport(fixture('generic-semicolon.csv'));
    assert.deepEqual(
      guessed.records.map((r) => [r.title, r.estimate, r.labels, r.wsjf.businessValue, r.wsjf.jobSize]),
      [
        ['Onboarding tour', 3, ['ux', 'growth'], 8, 3],
        ['Invoice PDF', 1.5, ['billing'], 5, 2],
        ['Bulk edit', null, [], null, null],
      ],
    );
    const mapped = parseImport(fixture('generic-semicolon.csv'), { mapping: { title: 'Notes', estimate: 'Value' } });
    assert.equal(mapped.records[0].title, 'First-run tips; skippable');
    assert.equal(mapped.records[0].estimate, 8);
    assert.throws(
      () => parseImport('a,b\n1,2\n', { format: 'csv' }),
      (err: unknown) => err instanceof ImportError && /choose the column that holds the title/.test(err.message),
    );
  });

  it('refuses a binary file, a broken quote (naming the line), a wrong format and JSON that is not a list', () => {
    assert.throws(
      () => parseImport(readFileSync(path.join(__dirname, '../../test/fixtures/import/binary.csv'), 'utf8')),
      (err: unknown) => err instanceof ImportError && err.status === 415,
    );
    assert.throws(
      () => parseImport(fixture('broken-quote.csv')),
      (err: unknown) => err instanceof ImportError && err.row === 3 && /line 3/.test(err.message),
    );
    assert.throws(
      () => parseImport(fixture('linear.csv'), { format: 'jira' }),
      (err: unknown) => err instanceof ImportError && /not a Jira export: no "Summary" column/.test(err.message),
    );
    assert.throws(
      () => parseImport('{"items": []}'),
      (err: unknown) => err instanceof ImportError && /JSON array/.test(err.message),
    );
    assert.throws(
      () => parseImport('Summary,Issue key\nA,"K-1",extra,cells\n'),
      (err: unknown) => err instanceof ImportError && err.row === 2,
    );
  });
});

describe('import: onto the board', () => {
  it('creates items after the existing ones in file order, with parents, keys, links, labels, estimates and dependencies', () => {
    const doc = new Y.Doc();
    const existing = createItem(doc, { title: 'Already here', kind: 'story', position: { at: 'bottom' } });
    const { summary } = importInto(doc, fixture('jira.csv'), { baseUrl: 'https://acme.atlassian.net' });
    assert.equal(summary.created, 4);
    assert.equal(summary.skipped.length, 3);
    const order = listItems(doc).map((i) => i.title);
    assert.deepEqual(order, ['Already here', 'Checkout revamp', 'Pay with saved card', 'Refund to original method', 'Crash on empty cart']);
    const items = byKey(doc);
    const epic = items.get('SHOP-1')!;
    const saved = items.get('SHOP-2')!;
    assert.equal(saved.parentId, epic.id);
    assert.equal(saved.estimate, 5);
    const link = readTrackerLink(getItemMap(doc, saved.id)!);
    assert.deepEqual(link, { externalKey: 'SHOP-2', externalUrl: 'https://acme.atlassian.net/browse/SHOP-2', labels: ['payments'] });
    const refund = readItemDetails(getItemMap(doc, items.get('SHOP-3')!.id)!);
    assert.deepEqual(
      refund.dependencies.map((d) => (d.kind === 'item' ? d.itemId : null)),
      [saved.id],
    );
    assert.equal(readItemDetails(getItemMap(doc, saved.id)!).wsjf.businessValue, 8);
    assert.equal(items.get('SHOP-4')!.description, '<script>alert(1)</script> [click|javascript:alert(1)]');
    assert.ok(listItems(doc).some((i) => i.id === existing));
  });

  it('re-import updates in place: no duplicates, only what the tracker changed, the board keeps its own edits', () => {
    const doc = new Y.Doc();
    importInto(doc, fixture('jira.csv'));
    const saved = byKey(doc).get('SHOP-2')!;
    // The team re-estimated on the board.
    setEstimate(doc, saved.id, { value: 8, label: null });
    const count = listItems(doc).length;

    // Same file again: nothing changes, the board's 8 stays.
    const again = importInto(doc, fixture('jira.csv'));
    assert.equal(again.summary.created, 0);
    assert.equal(again.summary.updated, 0);
    assert.equal(again.summary.unchanged, 4);
    assert.equal(listItems(doc).length, count);
    assert.equal(byKey(doc).get('SHOP-2')!.estimate, 8);

    // The tracker renamed SHOP-3 and re-pointed SHOP-4 to 13 points: those change, SHOP-2 keeps 8.
    const changed = fixture('jira.csv')
      .replace('Refund to original method', 'Refund to the original payment method')
      .replace(',"2,5",', ',13,');
    const third = importInto(doc, changed);
    assert.equal(third.summary.created, 0);
    assert.equal(third.summary.updated, 2);
    assert.deepEqual(
      third.plan.updates.map((u) => [u.record.externalKey, u.changes.map((c) => c.field)]),
      [
        ['SHOP-3', ['title']],
        ['SHOP-4', ['estimate']],
      ],
    );
    const items = byKey(doc);
    assert.equal(items.get('SHOP-3')!.title, 'Refund to the original payment method');
    assert.equal(items.get('SHOP-4')!.estimate, 13);
    assert.equal(items.get('SHOP-2')!.estimate, 8);
    assert.equal(listItems(doc).length, count);
  });

  it('"rank as in the file" puts the file on top in its order; items the file no longer has are listed, not deleted', () => {
    const doc = new Y.Doc();
    createItem(doc, { title: 'Board only', kind: 'story', position: { at: 'bottom' } });
    importInto(doc, fixture('azure.csv'));
    const reversed = 'ID,Work Item Type,Title,State\r\n503,Bug,Lost edits after restart,Committed\r\n500,Epic,Mobile app,New\r\n';
    const { plan } = importInto(doc, reversed, { format: 'azure' }, 'file');
    assert.deepEqual(
      listItems(doc).map((i) => i.title),
      ['Lost edits after restart', 'Mobile app', 'Board only', 'Offline mode', 'Sync queue'],
    );
    assert.deepEqual(
      plan.missing.map((m) => m.externalKey),
      ['501', '502'],
    );

    // Asked to, the next import parks them in the tail (never deletes them).
    const parked = applyImport(doc, planImport(doc, parseImport(reversed, { format: 'azure' })), { parkMissing: true });
    assert.equal(parked.parked, 2);
    assert.deepEqual(
      listItems(doc, { zone: 'tail' }).map((i) => [i.title, i.parkedReason]),
      [
        ['Offline mode', 'No longer in the tracker export'],
        ['Sync queue', 'No longer in the tracker export'],
      ],
    );
    assert.equal(listItems(doc).length, 5);
  });

  it('one import is one undo step', () => {
    const doc = new Y.Doc();
    const origin = { local: true };
    const undo = new Y.UndoManager(doc.getMap('items'), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    createItem(doc, { title: 'Mine', kind: 'story', position: { at: 'bottom' } }, origin);
    undo.stopCapturing();
    const plan = planImport(doc, parseImport(fixture('linear.csv')));
    applyImport(doc, plan, { origin });
    assert.equal(listItems(doc).length, 4);
    undo.undo();
    assert.deepEqual(
      listItems(doc).map((i) => i.title),
      ['Mine'],
    );
  });

  it('a value the board refuses stops the whole import before anything is written', () => {
    const doc = new Y.Doc();
    const text = 'Title,Business Value\nFine,5\nToo much,5000\n';
    const { plan, summary } = importInto(doc, text, { format: 'csv' });
    assert.equal(summary.created, 1);
    assert.deepEqual(plan.skipped, [{ row: 3, reason: 'Business Value 5000 is above 1000' }]);
  });

  it('builds an import as one update on a copy, for its exact size, and the board applies it as is', () => {
    const doc = new Y.Doc();
    importInto(doc, fixture('jira.csv'));
    const issues = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ number: i + 1, title: 'x' })));
    const imports: Array<[string, Parameters<typeof applyImport>[2]]> = [
      [fixture('jira.csv').replace('Checkout revamp', 'Checkout'), {}],
      [issues, { parkMissing: true }],
    ];
    const shape = (d: Y.Doc) => listItems(d).map((item) => [item.title, item.kind, item.zone, item.estimate]);
    for (const [text, options] of imports) {
      const plan = planImport(doc, parseImport(text));
      const before = Y.encodeStateAsUpdate(doc);
      const update = importUpdate(doc, plan, options);
      assert.deepEqual(Y.encodeStateAsUpdate(doc), before, 'building it writes nothing');
      const direct = new Y.Doc();
      Y.applyUpdate(direct, before);
      applyImport(direct, plan, options);
      let written = 0;
      const count = (u: Uint8Array) => (written += u.byteLength);
      doc.on('update', count);
      Y.applyUpdate(doc, update);
      doc.off('update', count);
      assert.deepEqual(shape(doc), shape(direct), 'the same board as the import applied directly');
      assert.ok(written <= update.byteLength + 16, `the board wrote ${written} bytes for an update of ${update.byteLength}`);
      const bound = importSizeBound(doc, plan, options);
      assert.ok(bound >= update.byteLength, `the bound (${bound}) is at least what is written (${update.byteLength})`);
      // A file of short items grows the board by many times its size.
      if (text === issues) assert.ok(update.byteLength > 5 * issues.length, `${update.byteLength} bytes for a file of ${issues.length}`);
    }
  });

  it('the size bound holds for an item with hundreds of links, each far larger than its key', () => {
    const links = 300;
    const header = ['Summary', 'Issue key', 'Issue id', 'Issue Type', ...Array(links).fill('Inward issue link (Blocks)')].join(',');
    const targets = Array.from({ length: links }, (_, i) => ['t', `K-${i}`, String(1000 + i), 'Story'].join(','));
    const doc = new Y.Doc();
    importInto(doc, [header, ...targets].join('\n'));
    const linked = ['t', 'K-X', '99999', 'Story', ...targets.map((_, i) => `K-${i}`)].join(',');
    const plan = planImport(doc, parseImport([header, linked].join('\n')));
    assert.equal(plan.creates[0].record.dependsOn.length, links);
    const measured = importUpdate(doc, plan).byteLength;
    assert.ok(
      importSizeBound(doc, plan) >= measured,
      `the bound (${importSizeBound(doc, plan)}) is at least what is written (${measured})`,
    );
  });

  it("the size bound holds next to a very long rank (new ranks are made from their neighbour's)", () => {
    for (const [order, neighbour] of [
      ['append', 'z'.repeat(5027)],
      ['file', '0'.repeat(3000) + 'V'],
    ] as const) {
      const doc = new Y.Doc();
      const id = createItem(doc, { title: 'Neighbour', kind: 'story', position: { at: 'bottom' } });
      getItemMap(doc, id)!.set('rank', neighbour);
      const rows = Array.from({ length: 200 }, (_, i) => `t${i},K-${i},${1000 + i},Story`);
      const plan = planImport(doc, parseImport(['Summary,Issue key,Issue id,Issue Type', ...rows].join('\n')), order);
      const measured = importUpdate(doc, plan).byteLength;
      assert.ok(
        importSizeBound(doc, plan) >= measured,
        `${order}: the bound (${importSizeBound(doc, plan)}) is at least what is written (${measured})`,
      );
    }
  });

  it('5,000 rows parse and apply', () => {
    const header = 'Summary,Issue key,Issue id,Issue Type,Status,Custom field (Story Points),Description';
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `"Item ${i}, with a comma",BIG-${i},${20000 + i},Story,To Do,${i % 13},"Line one\nline two"`,
    );
    const doc = new Y.Doc();
    const { summary } = importInto(doc, [header, ...rows].join('\r\n'));
    assert.equal(summary.created, 5000);
    assert.equal(listItems(doc)[4999].title, 'Item 4999, with a comma');
  });
});

describe('import: hostile files are refused whole, before the work they would cost', () => {
  const tooLarge = (count: RegExp) => (err: unknown) =>
    err instanceof ImportError && err.status === 413 && count.test(err.message) && /at most \d+/.test(err.message);

  // 600 KB of one repeated header name: building the column lookup copied the list of its
  // columns for each one (O(n²)), minutes of a blocked event loop in format detection alone.
  it('a header of 300,001 columns, format detected or given', () => {
    const text = 'a,'.repeat(300_000) + '\nx\n';
    assert.throws(() => detectFormat(text), tooLarge(/300001 columns/));
    assert.throws(() => parseImport(text), tooLarge(/300001 columns/));
    assert.throws(() => parseImport(text, { format: 'jira' }), tooLarge(/300001 columns/));
  });

  // Each row was padded to the header's width: 1,000,000 columns × 20,000 short rows is GBs.
  it('a header of 1,000,000 columns above short rows', () => {
    const header = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',');
    const text = `${header}\n${'x,y\n'.repeat(1000)}`;
    assert.throws(() => parseImport(text, { format: 'csv' }), tooLarge(/1000000 columns/));
  });

  it('a header at the column limit is read; short rows stay as short as the file has them', () => {
    const header = Array.from({ length: MAX_IMPORT_COLUMNS }, (_, i) => `c${i}`).join(',');
    const text = `${header}\n${'x,y\n'.repeat(MAX_IMPORT_ROWS)}`;
    assert.ok(parseTable(text).rows.every((row) => row.cells.length === 2));
    const parsed = parseImport(text, { format: 'csv', mapping: { title: 'c0', description: `c${MAX_IMPORT_COLUMNS - 1}` } });
    assert.equal(parsed.records.length, MAX_IMPORT_ROWS);
    assert.deepEqual([parsed.records[0].title, parsed.records[0].description], ['x', '']);
  });

  it('a column repeated 300,000 times is looked up in linear time', () => {
    const columns = new Columns(Array.from({ length: 300_000 }, () => 'Labels'));
    const cells = Array.from({ length: 300_000 }, (_, i) => String(i));
    assert.equal(columns.all(cells, 'labels').length, 300_000);
  });

  it('a short row under thousands of repeated columns reads only its own cells', () => {
    // 4,996 Labels columns over 20,000 rows of four cells took ~10 s of the event loop when
    // every row walked every Labels column.
    const columns = new Columns(['Summary', 'Issue key', 'Issue id', 'Issue Type', ...Array(MAX_IMPORT_COLUMNS - 4).fill('Labels')]);
    let reads = 0;
    const row = new Proxy(['t', 'K-1', '1', 'Story'], {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    assert.deepEqual(columns.all(row, 'labels'), []);
    assert.equal(columns.get(row, 'labels'), null);
    assert.ok(reads <= 8, `${reads} cells read for a row of 4`);
    assert.deepEqual(columns.all(['t', 'K-1', '1', 'Story', 'a', '', 'b'], 'labels', 'issue key'), ['K-1', 'a', 'b']);
  });

  it('GitHub JSON over the row limit, like a CSV over it', () => {
    const issues = (count: number) => JSON.stringify(Array.from({ length: count }, (_, i) => ({ number: i + 1, title: 't' })));
    assert.throws(() => parseImport(issues(MAX_IMPORT_ROWS + 1)), tooLarge(/20001 issues/));
    assert.throws(() => parseImport(`x\n${'t\n'.repeat(MAX_IMPORT_ROWS + 1)}`, { format: 'csv' }), tooLarge(/20001 rows/));
    assert.equal(parseImport(issues(MAX_IMPORT_ROWS)).records.length, MAX_IMPORT_ROWS);
  });
});
