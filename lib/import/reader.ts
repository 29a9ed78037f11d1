/**
 * What every format's reader shares: the options, per-row reading with skips that name the row
 * and the column, and the preview's column list.
 */
import { ImportError } from './errors';
import { cellNumber, isClosedStatus, safeUrl, type ImportFormat, type ImportRecord, type ParsedImport, type SkippedRow } from './record';
import { Columns, type Table } from './table';

export const GENERIC_FIELDS = [
  'title',
  'description',
  'kind',
  'estimate',
  'labels',
  'externalKey',
  'url',
  'parentKey',
  'status',
  'businessValue',
  'timeCriticality',
  'riskReduction',
  'jobSize',
] as const;
export type GenericField = (typeof GENERIC_FIELDS)[number];
/** Generic CSV: field → header name of the column it comes from. */
export type ColumnMapping = Partial<Record<GenericField, string>>;

export interface ImportOptions {
  /** Read the file as this format instead of detecting it. */
  format?: ImportFormat;
  /** For `csv`: which column feeds which field (guessed from the headers when left out). */
  mapping?: ColumnMapping;
  /**
   * Where the tracker lives, to link keys that the file has no URL for: Jira
   * `https://acme.atlassian.net`, Azure DevOps `https://dev.azure.com/org/project`, Linear
   * `https://linear.app/team`.
   */
  baseUrl?: string;
  /** Keep rows whose status is Done/Closed/…; they are left out by default. */
  includeClosed?: boolean;
}

export class RowReader {
  readonly records: ImportRecord[] = [];
  readonly skipped: SkippedRow[] = [];

  constructor(private readonly options: ImportOptions) {}

  number(row: number, cell: string | null, column: string): number | null {
    const n = cellNumber(cell);
    if (n === undefined) throw new RowSkip(`${column} "${cell}" is not a number`);
    return n;
  }

  add(row: number, read: () => ImportRecord | null): void {
    try {
      const record = read();
      if (!record) return;
      if (!record.title.trim()) throw new RowSkip('no title');
      if (!this.options.includeClosed && isClosedStatus(record.status)) throw new RowSkip(`status "${record.status}" is closed`);
      this.records.push(record);
    } catch (err) {
      if (err instanceof RowSkip) this.skipped.push({ row, reason: err.message });
      else throw err;
    }
  }
}

export class RowSkip extends Error {}

export function requireColumns(table: Table, format: string, ...names: string[]): Columns {
  const columns = new Columns(table.headers);
  for (const name of names) {
    if (!columns.has(name)) throw new ImportError(`not a ${format} export: no "${name}" column (choose the format by hand?)`);
  }
  return columns;
}

export function joinUrl(base: string | undefined, path: string): string | null {
  if (!base) return null;
  return safeUrl(base.replace(/\/+$/, '') + path);
}

export function mappingOf(columns: Columns, candidates: Partial<Record<GenericField, string[]>>): ParsedImport['mapping'] {
  const out: ParsedImport['mapping'] = [];
  for (const [field, names] of Object.entries(candidates)) {
    const index = columns.index(...names!);
    if (index !== null) out.push({ field, column: columns.headers[index] });
  }
  return out;
}
