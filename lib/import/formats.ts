/** Reads a file into import records: which format it is, and the reader for that format. */
import { ImportError } from './errors';
import { readGeneric } from './generic';
import type { ImportFormat, ParsedImport } from './record';
import type { ImportOptions } from './reader';
import { Columns, asText, parseTable, readHeader } from './table';
import { readAzure, readGithub, readJira, readLinear } from './trackers';

/** Which format a file is, from its first character (JSON) or its header row. */
export function detectFormat(text: string): ImportFormat {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return 'github';
  const columns = new Columns(readHeader(trimmed));
  if (columns.has('Issue key') && columns.has('Summary')) return 'jira';
  if (columns.has('Work Item Type') || (columns.has('ID') && columns.has('Title 1'))) return 'azure';
  if (columns.has('ID') && columns.has('Title') && (columns.has('Parent issue') || columns.has('Cycle Number') || columns.has('Team')))
    return 'linear';
  return 'csv';
}

/** Reads a tracker export (or any CSV with a mapping) into records, or throws ImportError. */
export function parseImport(input: string, options: ImportOptions = {}): ParsedImport {
  const text = asText(input);
  if (text.trim() === '') throw new ImportError('the file is empty');
  const format = options.format ?? detectFormat(text);
  switch (format) {
    case 'github':
      return readGithub(text, options);
    case 'jira':
      return readJira(parseTable(text), options);
    case 'azure':
      return readAzure(parseTable(text), options);
    case 'linear':
      return readLinear(parseTable(text), options);
    case 'csv':
      return readGeneric(parseTable(text), options);
    default:
      return format satisfies never;
  }
}

/** Shared per-row work: required title, numbers named by column, closed rows left out. */
