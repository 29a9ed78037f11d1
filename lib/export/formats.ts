/**
 * The export formats by name (`?format=` of the HTTP API, the dialog's choice): what each file
 * is called, its media type, and the function that writes it.
 */
import type * as Y from 'yjs';
import { exportBackup } from './backup';
import { exportMarkdown } from './markdown';
import { exportAzureCsv, exportGenericCsv, exportJiraCsv, exportLinearCsv } from './tracker-csv';

export const EXPORT_FORMATS = ['jira', 'azure', 'linear', 'csv', 'md', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  jira: 'Jira CSV',
  azure: 'Azure DevOps CSV',
  linear: 'Linear CSV',
  csv: 'CSV with every field',
  md: 'Markdown',
  json: 'Board backup (JSON)',
};

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

export interface ExportedFile {
  /** e.g. `checkout-backlog-jira.csv` */
  filename: string;
  contentType: string;
  body: string;
}

export interface ExportOptions {
  boardId?: string | null;
  /** ms; default now. */
  now?: number;
}

const CSV = 'text/csv; charset=utf-8';

const WRITERS: Record<ExportFormat, { suffix: string; contentType: string; write: (doc: Y.Doc, options: ExportOptions) => string }> = {
  jira: { suffix: '-jira.csv', contentType: CSV, write: exportJiraCsv },
  azure: { suffix: '-azure-devops.csv', contentType: CSV, write: exportAzureCsv },
  linear: { suffix: '-linear.csv', contentType: CSV, write: exportLinearCsv },
  csv: { suffix: '.csv', contentType: CSV, write: exportGenericCsv },
  md: { suffix: '.md', contentType: 'text/markdown; charset=utf-8', write: (doc, options) => exportMarkdown(doc, options) },
  json: {
    suffix: '-backup.json',
    contentType: 'application/json; charset=utf-8',
    // Compact, not indented: a backup must fit the restore's body limit (MAX_BACKUP_BYTES), and
    // indentation added a quarter to a large board's backup (18.2 MiB against 14.5 at 60,000 items).
    write: (doc, options) => JSON.stringify(exportBackup(doc, options)) + '\n',
  },
};

/** A file name from the board's title: lower-case letters, digits and dashes only. */
export function exportFilename(title: string, format: ExportFormat, now = Date.now()): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'board';
  return `${slug}-${new Date(now).toISOString().slice(0, 10)}${WRITERS[format].suffix}`;
}

export function exportBoard(doc: Y.Doc, title: string, format: ExportFormat, options: ExportOptions = {}): ExportedFile {
  const writer = WRITERS[format];
  return { filename: exportFilename(title, format, options.now), contentType: writer.contentType, body: writer.write(doc, options) };
}
