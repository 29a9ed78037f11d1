import type { ItemKind } from '../board/schema';

/** The trackers whose exports are read, and `csv` for any other table with a column mapping. */
export const IMPORT_FORMATS = ['jira', 'azure', 'linear', 'github', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  jira: 'Jira CSV',
  azure: 'Azure DevOps CSV',
  linear: 'Linear CSV',
  github: 'GitHub issues JSON',
  csv: 'Other CSV / TSV',
};

export interface WsjfValues {
  businessValue: number | null;
  timeCriticality: number | null;
  riskReduction: number | null;
  jobSize: number | null;
}

/** One backlog item as a tracker's file describes it, before it meets the board. */
export interface ImportRecord {
  /** 1-based line (CSV) or position (JSON) it came from, for the preview and messages. */
  row: number;
  /** The tracker's key (`PROJ-123`, `4711`, `ENG-9`, `owner/repo#12`), or null for a new idea. */
  externalKey: string | null;
  /** Link to the item in the tracker, when the file has one or a base URL was given. */
  url: string | null;
  title: string;
  /** Kept as text (Markdown or the tracker's wiki markup); rendered through the sanitizer. */
  description: string;
  kind: ItemKind;
  estimate: number | null;
  labels: string[];
  /** The parent's external key (an epic, a feature): becomes the board's child relation. */
  parentKey: string | null;
  /** Keys of items this one depends on (Jira "is blocked by" links), when the file has them. */
  dependsOn: string[];
  wsjf: WsjfValues;
  /** The tracker's status as written (for the preview and the Markdown export). */
  status: string | null;
}

export interface SkippedRow {
  row: number;
  reason: string;
}

/** A file read into records, with the rows left out and why. */
export interface ParsedImport {
  format: ImportFormat;
  records: ImportRecord[];
  skipped: SkippedRow[];
  /** For the preview: which column of the file fed which field ("title ← Summary"). */
  mapping: Array<{ field: string; column: string }>;
}

export const NO_WSJF: WsjfValues = { businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null };

/** Tracker type names → item kinds; anything else is a story. */
export function kindFromType(type: string | null | undefined): ItemKind {
  const t = (type ?? '').trim().toLowerCase();
  if (/epic|feature|initiative/.test(t)) return 'epic';
  if (/bug|defect|incident/.test(t)) return 'bug';
  if (/spike|research/.test(t)) return 'spike';
  if (/task|chore|sub-?task/.test(t)) return 'task';
  return 'story';
}

/**
 * Labels are looser than types: only a label that is exactly a kind's name (`bug`, `Epic`,
 * `spike`, `task`, `chore`) sets the kind; `feature` or `enhancement` leave it a story.
 */
export function kindFromLabels(labels: string[]): ItemKind {
  for (const label of labels) {
    const l = label.trim().toLowerCase();
    if (l === 'bug' || l === 'epic' || l === 'spike' || l === 'task') return l;
    if (l === 'chore') return 'task';
  }
  return 'story';
}

/** Status names that mean the work is finished or dropped: those rows are left out. */
export function isClosedStatus(status: string | null): boolean {
  if (!status) return false;
  return /^(done|closed|resolved|removed|cancel+ed|completed|duplicate|won't do|wont do)$/i.test(status.trim());
}

/**
 * A number from a spreadsheet cell: `5`, `2.5`, `2,5` (decimal comma), ` 8 `. Null for an
 * empty cell; undefined for text that is not a number (the caller names the column).
 */
export function cellNumber(cell: string | null): number | null | undefined {
  if (cell === null || cell.trim() === '') return null;
  const normalized = cell.trim().replace(/^(\d+),(\d+)$/, '$1.$2');
  const n = Number(normalized);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Only http(s) links are kept; anything else (javascript:, data:) is dropped. */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}
