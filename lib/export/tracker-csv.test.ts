import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import * as Y from 'yjs';
import { populateSampleBoard } from '../../test/helpers/sample-board';
import { createItem } from '../board/mutations';
import { getItemMap, initBoardDoc } from '../board/schema';
import { setTrackerLink } from '../board/tracker';
import { applyImport, planImport } from '../import/apply';
import { parseImport } from '../import/formats';
import type { ImportFormat, ImportRecord } from '../import/record';
import { exportAzureCsv, exportGenericCsv, exportJiraCsv, exportLinearCsv } from './tracker-csv';

function sampleDoc() {
  const doc = new Y.Doc();
  initBoardDoc(doc, { title: 'Checkout' });
  return { doc, ids: populateSampleBoard(doc) };
}

const rows = (csv: string) => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;

/** What must survive export → parseImport, per record. */
const essentials = (records: ImportRecord[]) =>
  records.map((r) => ({ key: r.externalKey, title: r.title, estimate: r.estimate, parent: r.parentKey, labels: r.labels }));

// Board order: the backlog by rank (the split story right after its parent), then the tail,
// then the trimmed item.
const EXPECTED = [
  { key: 'SHOP-1', title: 'Saved cards', estimate: null, parent: null, labels: ['payments'] },
  { key: 'SHOP-2', title: 'Pay with a saved card', estimate: 5, parent: 'SHOP-1', labels: ['payments', 'checkout'] },
  { key: null, title: 'Ask consent before saving a card', estimate: 2, parent: 'SHOP-2', labels: ['gdpr'] },
  { key: 'SHOP-3', title: 'Refund to a saved card', estimate: 3, parent: 'SHOP-1', labels: ['refunds'] },
  { key: 'SHOP-7', title: 'Card scanning with the camera', estimate: 8, parent: null, labels: [] },
  { key: 'SHOP-9', title: 'Pay with crypto', estimate: null, parent: null, labels: [] },
  { key: 'SHOP-10', title: 'Pay by cheque', estimate: null, parent: null, labels: ['legacy'] },
];

describe('tracker CSV exports read back through the importer', () => {
  const cases: Array<[ImportFormat, (doc: Y.Doc) => string, string]> = [
    ['jira', exportJiraCsv, "Won't Do"],
    ['azure', exportAzureCsv, 'Removed'],
    ['linear', exportLinearCsv, 'Canceled'],
    ['csv', exportGenericCsv, "Won't Do"],
  ];
  for (const [format, write, closed] of cases) {
    it(`${format}: keys, titles, estimates, parents and labels round-trip; trimmed is ${closed}`, () => {
      const { doc } = sampleDoc();
      const csv = write(doc);
      const parsed = parseImport(csv, { includeClosed: true });
      assert.equal(parsed.format, format, 'detected as its own format');
      assert.deepEqual(parsed.skipped, []);
      assert.deepEqual(essentials(parsed.records), EXPECTED);
      const statuses =
        format === 'csv' ? ['Backlog', 'Backlog', 'Backlog', 'Backlog', 'Backlog', 'Parked'] : [null, null, null, null, null, null];
      assert.deepEqual(
        parsed.records.map((r) => r.status),
        [...statuses, closed],
      );
      // By default the importer leaves closed rows out: a trimmed item never comes back.
      assert.equal(parseImport(csv).records.length, EXPECTED.length - 1);
    });
  }

  for (const [format, write] of [
    ['jira', exportJiraCsv],
    ['azure', exportAzureCsv],
    ['linear', exportLinearCsv],
    ['csv', exportGenericCsv],
  ] as const) {
    it(`${format}: export → import into a fresh board → export gives the same file`, () => {
      const { doc } = sampleDoc();
      const first = write(doc);
      const fresh = new Y.Doc();
      initBoardDoc(fresh, { title: 'Fresh' });
      applyImport(fresh, planImport(fresh, parseImport(first, { includeClosed: true }), 'file'));
      const second = write(fresh);
      // What an import does not bring back: zones (the trimmed and the parked item arrive in the
      // backlog) and, in the every-field CSV, what only the board knows (readiness, hypothesis,
      // estimate labels, ids, times).
      const TRACKER_COLUMNS = ['External key', 'URL', 'Title', 'Kind', 'Description', 'Estimate', 'Labels', 'Parent', 'Business value'];
      const comparable = (csv: string) => {
        const [header, ...data] = rows(csv);
        const keep = header.flatMap((name, i) =>
          format === 'csv' ? (TRACKER_COLUMNS.includes(name) ? [i] : []) : /^(Status|State)$/.test(name) ? [] : [i],
        );
        return [header, ...data].map((row) => keep.map((i) => row[i]));
      };
      assert.deepEqual(comparable(second), comparable(first));
    });
  }

  it('jira: repeated Labels columns, the Story Points and position columns, Spike kept as a type', () => {
    const { doc } = sampleDoc();
    const [header, ...data] = rows(exportJiraCsv(doc));
    assert.deepEqual(header, [
      'Issue key',
      'Summary',
      'Issue Type',
      'Story Points',
      'Labels',
      'Labels',
      'Parent',
      'Status',
      'Backlog position',
    ]);
    assert.deepEqual(data[1], ['SHOP-2', 'Pay with a saved card', 'Story', '5', 'payments', 'checkout', 'SHOP-1', '', '2']);
    assert.deepEqual(data[2], ['', 'Ask consent before saving a card', 'Story', '2', 'gdpr', '', 'SHOP-2', '', '3']);
    assert.equal(data[4][2], 'Spike');
    assert.deepEqual(
      data.map((r) => r[8]),
      ['1', '2', '3', '4', '5', '6', '7'],
    );
  });

  it('jira: a label with spaces becomes one Jira label', () => {
    const doc = new Y.Doc();
    const id = createItem(doc, { title: 'A', kind: 'story', position: { at: 'top' } });
    setTrackerLink(doc, id, { externalKey: 'X-1', labels: ['needs design'] });
    assert.deepEqual(parseImport(exportJiraCsv(doc)).records[0].labels, ['needs_design']);
  });

  it('azure: Scrum types, WSJF inputs, tags joined with "; ", Backlog Priority', () => {
    const { doc } = sampleDoc();
    const [header, ...data] = rows(exportAzureCsv(doc));
    assert.deepEqual(header, [
      'ID',
      'Work Item Type',
      'Title',
      'Effort',
      'Business Value',
      'Time Criticality',
      'Tags',
      'Parent',
      'State',
      'Backlog Priority',
    ]);
    assert.deepEqual(data[0], ['SHOP-1', 'Epic', 'Saved cards', '', '13', '8', 'payments', '', '', '1']);
    assert.deepEqual(data[1].slice(1, 8), ['Product Backlog Item', 'Pay with a saved card', '5', '8', '5', 'payments; checkout', 'SHOP-1']);
    const parsed = parseImport(exportAzureCsv(doc));
    assert.deepEqual(parsed.records[0].wsjf, { businessValue: 13, timeCriticality: 8, riskReduction: null, jobSize: null });
  });

  it('generic: every field, readable back without a mapping (WSJF inputs too)', () => {
    const { doc } = sampleDoc();
    const csv = exportGenericCsv(doc);
    const [header, ...data] = rows(csv);
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    assert.equal(cell(data[1], 'We believe'), 'saved cards');
    assert.equal(cell(data[1], 'Ready'), 'no');
    assert.equal(cell(data[1], 'Open questions'), '1');
    assert.equal(cell(data[1], 'Open actions'), '1');
    assert.equal(cell(data[4], 'Estimate label'), 'M');
    assert.equal(cell(data[5], 'Parked reason'), 'Not this year');
    const parsed = parseImport(csv);
    assert.deepEqual(parsed.records[1].wsjf, { businessValue: 8, timeCriticality: 5, riskReduction: 2, jobSize: null });
    assert.equal(parsed.records[1].description, 'As a returning buyer I want to pay with a saved card.\n\nAcceptance criteria: one click.');
    assert.equal(parsed.records[1].kind, 'story');
  });
});

describe('spreadsheet formula injection', () => {
  const DANGEROUS = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1:A9)', '\tx=1', '\r=1+1', '=1\n+2'];

  for (const [name, write] of [
    ['jira', exportJiraCsv],
    ['azure', exportAzureCsv],
    ['linear', exportLinearCsv],
    ['csv', exportGenericCsv],
  ] as const) {
    it(`${name}: every cell starting with = + - @ tab or CR gets a leading '`, () => {
      const doc = new Y.Doc();
      for (const title of DANGEROUS) {
        const id = createItem(doc, { title: `x${title}`, kind: 'story', position: { at: 'bottom' } });
        // Titles are trimmed when stored, so the dangerous text goes where nothing trims it.
        setTrackerLink(doc, id, { externalKey: `=K${DANGEROUS.indexOf(title)}`, labels: [title.replace(/^[\t\r]/, '-')] });
        (getItemMap(doc, id)!.get('title') as Y.Text).delete(0, 1);
      }
      const cells = rows(write(doc)).slice(1).flat();
      const risky = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
      assert.deepEqual(risky, [], 'no cell starts with a formula character');
      for (const title of DANGEROUS) assert.ok(cells.includes(`'${title}`), `${JSON.stringify(title)} escaped`);
      assert.ok(cells.includes("'=K0"), 'keys too');
    });
  }

  it('numbers and plain text are left alone', () => {
    const doc = new Y.Doc();
    const id = createItem(doc, { title: 'Plain title', kind: 'story', position: { at: 'top' } });
    setTrackerLink(doc, id, { externalKey: 'A-1' });
    const [, row] = rows(exportJiraCsv(doc));
    assert.deepEqual(row.slice(0, 2), ['A-1', 'Plain title']);
  });
});
