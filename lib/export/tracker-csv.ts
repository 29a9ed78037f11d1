/**
 * CSV back to each tracker, in the shape its own CSV importer takes for updating existing issues
 * (docs/IMPORT_EXPORT.md says how to import each one): the external key column, title, type,
 * estimate, labels, the parent's key for split stories, a closed status for trimmed items and the
 * board's order. Items without a key are new rows (the tracker creates them). Columns that
 * lib/import reads read back to the same values (tracker-csv.test.ts checks it).
 */
import Papa from 'papaparse';
import type * as Y from 'yjs';
import type { ItemKind, Zone } from '../board/schema';
import { HYPOTHESIS_TEXTS } from '../board/item-details';
import { readRefinementView } from '../refinement/board-view';
import type { Readiness } from '../refinement/readiness';
import { type ExportRow, readExportRows } from './rows';

/**
 * Cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) or that hide one behind a tab
 * or carriage return get a leading `'`, so opening the file runs nothing (OWASP "CSV injection").
 * papaparse's own default pattern ends in `.*$`, which misses a formula followed by a newline in
 * the same cell; this one looks at the first character only.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

type Cell = string | number | null;

/** A CSV file: header row and data rows, CRLF line ends (what spreadsheets and trackers write). */
export function writeCsv(headers: readonly string[], rows: readonly Cell[][]): string {
  return Papa.unparse(
    { fields: [...headers], data: rows.map((row) => row.map((cell) => cell ?? '')) },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  );
}

/** Repeated columns (Jira writes one `Labels` column per label): as many as the longest list. */
function spread(name: string, lists: readonly string[][]): { headers: string[]; cells: (list: string[]) => Cell[] } {
  const width = Math.max(1, ...lists.map((l) => l.length));
  return {
    headers: Array.from({ length: width }, () => name),
    cells: (list) => Array.from({ length: width }, (_, i) => list[i] ?? null),
  };
}

// --- Jira ---------------------------------------------------------------------------------

const JIRA_TYPE: Record<ItemKind, string> = { epic: 'Epic', story: 'Story', task: 'Task', bug: 'Bug', spike: 'Spike' };
/** A trimmed item in Jira: the resolution-like status every Jira workflow template has. */
export const JIRA_CLOSED_STATUS = "Won't Do";

/** Jira labels cannot hold spaces (Jira splits them): a space becomes `_`. */
function jiraLabel(label: string): string {
  return label.trim().replace(/\s+/g, '_');
}

export function exportJiraCsv(doc: Y.Doc): string {
  const rows = readExportRows(doc);
  const labels = spread(
    'Labels',
    rows.map((r) => r.item.labels.map(jiraLabel)),
  );
  const headers = ['Issue key', 'Summary', 'Issue Type', 'Story Points', ...labels.headers, 'Parent', 'Status', 'Backlog position'];
  return writeCsv(
    headers,
    rows.map((r) => [
      r.item.externalKey,
      r.item.title,
      JIRA_TYPE[r.item.kind],
      r.item.estimate,
      ...labels.cells(r.item.labels.map(jiraLabel)),
      r.parentKey,
      r.item.zone === 'trimmed' ? JIRA_CLOSED_STATUS : null,
      r.position,
    ]),
  );
}

// --- Azure DevOps ---------------------------------------------------------------------------

/**
 * The Scrum process's types: Effort, Business Value, Time Criticality and Backlog Priority are
 * its fields. It has no spike type, so a spike goes as a Product Backlog Item.
 */
const AZURE_TYPE: Record<ItemKind, string> = {
  epic: 'Epic',
  story: 'Product Backlog Item',
  task: 'Task',
  bug: 'Bug',
  spike: 'Product Backlog Item',
};
export const AZURE_CLOSED_STATE = 'Removed';

export function exportAzureCsv(doc: Y.Doc): string {
  const headers = [
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
  ];
  return writeCsv(
    headers,
    readExportRows(doc).map((r) => [
      r.item.externalKey,
      AZURE_TYPE[r.item.kind],
      r.item.title,
      r.item.estimate,
      r.details.wsjf.businessValue,
      r.details.wsjf.timeCriticality,
      r.item.labels.join('; '),
      r.parentKey,
      r.item.zone === 'trimmed' ? AZURE_CLOSED_STATE : null,
      r.position,
    ]),
  );
}

// --- Linear ---------------------------------------------------------------------------------

export const LINEAR_CLOSED_STATUS = 'Canceled';

export function exportLinearCsv(doc: Y.Doc): string {
  const headers = ['ID', 'Title', 'Description', 'Estimate', 'Labels', 'Parent issue', 'Status', 'Position'];
  return writeCsv(
    headers,
    readExportRows(doc).map((r) => [
      r.item.externalKey,
      r.item.title,
      r.item.description,
      r.item.estimate,
      r.item.labels.join(', '),
      r.parentKey,
      r.item.zone === 'trimmed' ? LINEAR_CLOSED_STATUS : null,
      r.position,
    ]),
  );
}

// --- Generic --------------------------------------------------------------------------------

const GENERIC_STATUS: Record<Zone, string> = { backlog: 'Backlog', tail: 'Parked', trimmed: "Won't Do" };

/**
 * Every field an item has, one column each, for spreadsheets and other tools. The header names
 * are the ones lib/import's generic reader guesses (Title, Description, Kind, Estimate, Labels,
 * External key, URL, Parent, Status, Business value…), so the file imports back without a mapping;
 * the board's own ids are under names it does not guess.
 */
export function exportGenericCsv(doc: Y.Doc): string {
  const headers = [
    'Position',
    'Status',
    'External key',
    'URL',
    'Title',
    'Kind',
    'Description',
    'Estimate',
    'Estimate label',
    'Labels',
    'Parent',
    'Business value',
    'Time criticality',
    'Risk reduction',
    'Job size',
    'MoSCoW',
    'Fits vision',
    'Ready',
    'DoR met',
    'We believe',
    'Will result in',
    'We know when',
    'Acceptance criteria',
    'Notes',
    'Open questions',
    'Open actions',
    'Parked reason',
    'Board item id',
    'Board parent id',
    'Created',
    'Updated',
  ];
  const view = readRefinementView(doc);
  return writeCsv(
    headers,
    readExportRows(doc, view).map((r) => genericRow(r, view.insights.get(r.item.id)!.readiness)),
  );
}

function genericRow(r: ExportRow, readiness: Readiness): Cell[] {
  const { item, details } = r;
  return [
    r.position,
    GENERIC_STATUS[item.zone],
    r.item.externalKey,
    r.item.externalUrl,
    item.title,
    item.kind,
    item.description,
    item.estimate,
    item.estimateLabel,
    r.item.labels.join('; '),
    r.parentKey,
    details.wsjf.businessValue,
    details.wsjf.timeCriticality,
    details.wsjf.riskReduction,
    details.wsjf.jobSize,
    details.moscow,
    details.fitsVision,
    readiness.ready ? 'yes' : 'no',
    `${readiness.met}/${readiness.total}`,
    ...HYPOTHESIS_TEXTS.map(([part]) => details.hypothesis[part]),
    details.acceptanceCriteria,
    details.notes,
    details.questions.filter((q) => q.status === 'open').length,
    details.actions.filter((a) => !a.done).length,
    item.parkedReason,
    item.id,
    item.parentId,
    new Date(item.createdAt).toISOString(),
    new Date(item.updatedAt).toISOString(),
  ];
}
