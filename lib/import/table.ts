import Papa from 'papaparse';
import { ImportError } from './errors';

/**
 * A delimited file as the trackers export it: a header row and data rows, cells as text.
 * Headers may repeat (Jira writes one `Labels` column per label, one `Sprint` column per
 * sprint), so cells are kept by position and looked up through `columns`.
 */
export interface Table {
  headers: string[];
  /**
   * Data rows; `line` is the 1-based line of the file where the row starts (for messages).
   * `cells` as the file has them, at most as many as headers: a missing trailing cell is empty.
   */
  rows: Array<{ line: number; cells: string[] }>;
  delimiter: string;
}

const DELIMITERS = [',', ';', '\t'] as const;

/** The largest file an import accepts (documented in docs/PROTOCOL.md and the README). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** More rows than any board holds; a file over it is refused whole. */
export const MAX_IMPORT_ROWS = 20_000;
/**
 * More columns than any tracker writes. Jira's "all fields" export is the widest: every custom
 * field, plus one column per label, sprint, comment, attachment, watcher and link type, repeated
 * as often as the issue that has the most; a big instance runs to a few hundred, and an
 * enterprise one with thousands of custom fields can pass a thousand. Azure DevOps, Linear and
 * spreadsheets write a few dozen. A row keeps at most this many cells, and the file is at most
 * MAX_IMPORT_BYTES, so the cap bounds the work per column (the header), not the memory.
 */
export const MAX_IMPORT_COLUMNS = 5000;

const LIMITS = { rows: MAX_IMPORT_ROWS, issues: MAX_IMPORT_ROWS, columns: MAX_IMPORT_COLUMNS };

/**
 * Refuses a file with more rows (issues in JSON) or columns than an import takes, whole (413),
 * before anything is done per row or column: a 600 KB header is 300,000 columns to look up.
 */
export function refuseTooMany(what: keyof typeof LIMITS, count: number): void {
  if (count > LIMITS[what]) {
    throw new ImportError(`the file has ${count} ${what}; an import takes at most ${LIMITS[what]}`, { status: 413 });
  }
}

/**
 * Refuses what is not text: a file with NUL bytes, or one that is mostly undecodable
 * (U+FFFD from a binary read as UTF-8). Strips a UTF-8 byte-order mark.
 */
export function asText(input: string): string {
  if (input.length > MAX_IMPORT_BYTES) {
    throw new ImportError(`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`, { status: 413 });
  }
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const sample = text.slice(0, 64 * 1024);
  if (sample.includes('\u0000')) throw new ImportError('this is a binary file, not CSV, TSV or JSON text', { status: 415 });
  let replacement = 0;
  for (const ch of sample) if (ch === '\uFFFD') replacement++;
  if (sample.length > 0 && replacement / sample.length > 0.01) {
    throw new ImportError('the file is not UTF-8 text (save it as "CSV UTF-8" and try again)', { status: 415 });
  }
  return text;
}

/** The header line's most frequent delimiter outside quotes: `,`, `;` (spreadsheet locales) or tab. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/**
 * Parses CSV/TSV with papaparse: quoted fields with delimiters, quotes and newlines inside,
 * CRLF or LF, empty trailing rows. A row with more cells than the header (usually a broken
 * quote upstream) refuses the whole file, naming its line; missing trailing cells read as empty.
 */
export function parseTable(input: string, delimiter?: string): Table {
  const text = asText(input);
  const chosen = delimiter ?? detectDelimiter(text);
  const result = Papa.parse<string[]>(text, { delimiter: chosen, skipEmptyLines: 'greedy', header: false });
  const fatal = result.errors.find((e) => e.type === 'Quotes' || e.code === 'UndetectableDelimiter');
  if (fatal) {
    const line = lineOfRow(result.data, fatal.row ?? 0);
    throw new ImportError(`line ${line}: ${fatal.message.replace(/\.$/, '')}`, { row: line });
  }
  const [headerRow, ...dataRows] = result.data;
  if (!headerRow || headerRow.every((h) => h.trim() === '')) throw new ImportError('the file is empty: no header row');
  refuseTooMany('columns', headerRow.length);
  const headers = headerRow.map((h) => h.trim());
  refuseTooMany('rows', dataRows.length);
  const rows: Table['rows'] = [];
  // Lines are counted from the parsed cells (a quoted newline makes a row span several lines).
  let line = 1 + countNewlines(headerRow) + 1;
  for (const cells of dataRows) {
    if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim() !== '')) {
      throw new ImportError(
        `line ${line}: ${cells.length} cells but the header has ${headers.length} (is a quote missing on this line or the one before?)`,
        { row: line },
      );
    }
    // As parsed, not padded to the header's width: a short row stays short (readers read a
    // missing cell as empty), so the rows take no more than the file.
    rows.push({ line, cells: cells.length > headers.length ? cells.slice(0, headers.length) : cells });
    line += countNewlines(cells) + 1;
  }
  return { headers, rows, delimiter: chosen };
}

/** The header row alone (for detecting the format without parsing the whole file). */
export function readHeader(text: string): string[] {
  const result = Papa.parse<string[]>(text, { delimiter: detectDelimiter(text), preview: 1 });
  const header = result.data[0] ?? [];
  refuseTooMany('columns', header.length);
  return header.map((h) => h.trim());
}

function countNewlines(cells: string[]): number {
  let n = 0;
  for (const cell of cells) for (const ch of cell) if (ch === '\n') n++;
  return n;
}

function lineOfRow(rows: string[][], index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < rows.length; i++) line += countNewlines(rows[i]) + 1;
  return line;
}

/** Column lookup by header name, case- and space-insensitive; repeated headers give every cell. */
export class Columns {
  private readonly byName = new Map<string, number[]>();

  constructor(readonly headers: string[]) {
    headers.forEach((h, i) => {
      const key = normalizeHeader(h);
      const found = this.byName.get(key);
      if (found) found.push(i);
      else this.byName.set(key, [i]);
    });
  }

  has(...names: string[]): boolean {
    return names.some((n) => this.byName.has(normalizeHeader(n)));
  }

  /** Index of the first column with one of these names (in the order given). */
  index(...names: string[]): number | null {
    for (const n of names) {
      const found = this.byName.get(normalizeHeader(n));
      if (found) return found[0];
    }
    return null;
  }

  /**
   * The first non-empty cell under one of these names, trimmed, or null. A name's columns are
   * in ascending order and a row is not padded, so the walk stops at the row's last cell: a
   * header of thousands of repeated columns costs a short row nothing.
   */
  get(cells: string[], ...names: string[]): string | null {
    for (const n of names) {
      for (const i of this.byName.get(normalizeHeader(n)) ?? []) {
        if (i >= cells.length) break;
        const v = cells[i].trim();
        if (v) return v;
      }
    }
    return null;
  }

  /** Every non-empty cell under these names (repeated columns), in column order; as cheap for a short row as get. */
  all(cells: string[], ...names: string[]): string[] {
    const indexes: number[] = [];
    for (const n of names) {
      for (const i of this.byName.get(normalizeHeader(n)) ?? []) {
        if (i >= cells.length) break;
        indexes.push(i);
      }
    }
    if (names.length > 1) indexes.sort((a, b) => a - b);
    const out: string[] = [];
    for (const i of indexes) {
      const v = cells[i].trim();
      if (v !== '') out.push(v);
    }
    return out;
  }
}

export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, ' ');
}
