import { z } from 'zod';
import { ImportError } from './errors';
import {
  NO_WSJF,
  cellNumber,
  isClosedStatus,
  kindFromLabels,
  kindFromType,
  safeUrl,
  type ImportFormat,
  type ImportRecord,
  type ParsedImport,
  type SkippedRow,
  type WsjfValues,
} from './record';
import { Columns, asText, parseTable, readHeader, type Table } from './table';

/** Fields a generic CSV's columns can be mapped onto (title is required). */
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
class RowReader {
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

class RowSkip extends Error {}

function requireColumns(table: Table, format: string, ...names: string[]): Columns {
  const columns = new Columns(table.headers);
  for (const name of names) {
    if (!columns.has(name)) throw new ImportError(`not a ${format} export: no "${name}" column (choose the format by hand?)`);
  }
  return columns;
}

function joinUrl(base: string | undefined, path: string): string | null {
  if (!base) return null;
  return safeUrl(base.replace(/\/+$/, '') + path);
}

// --- Jira ---------------------------------------------------------------------------------

const JIRA_POINTS = ['Custom field (Story Points)', 'Custom field (Story point estimate)', 'Story Points', 'Story point estimate'];

function readJira(table: Table, options: ImportOptions): ParsedImport {
  const c = requireColumns(table, 'Jira', 'Summary', 'Issue key');
  // "Parent" and "Parent id" hold the parent's numeric issue id in most exports, its key in some.
  const keyById = new Map<string, string>();
  for (const { cells } of table.rows) {
    const id = c.get(cells, 'Issue id');
    const key = c.get(cells, 'Issue key');
    if (id && key) keyById.set(id, key);
  }
  const reader = new RowReader(options);
  for (const { line, cells } of table.rows) {
    reader.add(line, () => {
      const key = c.get(cells, 'Issue key');
      const parentRef = c.get(cells, 'Parent', 'Parent id', 'Custom field (Epic Link)', 'Epic Link', 'Parent key');
      const pointsColumn = JIRA_POINTS.find((n) => c.get(cells, n) !== null) ?? JIRA_POINTS[0];
      return {
        row: line,
        externalKey: key,
        url: key ? joinUrl(options.baseUrl, `/browse/${encodeURIComponent(key)}`) : null,
        title: c.get(cells, 'Summary') ?? '',
        description: cells[c.index('Description') ?? -1] ?? '',
        kind: kindFromType(c.get(cells, 'Issue Type')),
        estimate: reader.number(line, c.get(cells, pointsColumn), pointsColumn),
        labels: c
          .all(cells, 'Labels')
          .flatMap((l) => l.split(/\s+/))
          .filter(Boolean),
        parentKey: parentRef ? (keyById.get(parentRef) ?? parentRef) : null,
        dependsOn: c.all(cells, 'Inward issue link (Blocks)').map((ref) => keyById.get(ref) ?? ref),
        wsjf: {
          ...NO_WSJF,
          businessValue: reader.number(line, c.get(cells, 'Custom field (Business Value)'), 'Business Value'),
        },
        status: c.get(cells, 'Status'),
      };
    });
  }
  return {
    format: 'jira',
    records: reader.records,
    skipped: reader.skipped,
    mapping: mappingOf(c, {
      externalKey: ['Issue key'],
      title: ['Summary'],
      description: ['Description'],
      kind: ['Issue Type'],
      estimate: JIRA_POINTS,
      labels: ['Labels'],
      parentKey: ['Parent', 'Parent id', 'Custom field (Epic Link)', 'Epic Link'],
      status: ['Status'],
    }),
  };
}

// --- Azure DevOps -------------------------------------------------------------------------

function readAzure(table: Table, options: ImportOptions): ParsedImport {
  const c = requireColumns(table, 'Azure DevOps', 'ID');
  // A tree query exports "Title 1", "Title 2", …: the filled one is the level, the parent is the
  // nearest row above on the level before.
  const levels = table.headers.map((h, i) => ({ i, m: /^title (\d+)$/i.exec(h.trim()) })).filter((x) => x.m);
  if (!c.has('Title') && levels.length === 0) throw new ImportError('not an Azure DevOps export: no "Title" column');
  const lastIdAtLevel: string[] = [];
  const reader = new RowReader(options);
  for (const { line, cells } of table.rows) {
    reader.add(line, () => {
      const id = c.get(cells, 'ID');
      let title = c.get(cells, 'Title') ?? '';
      let parentKey = c.get(cells, 'Parent');
      const level = levels.findIndex(({ i }) => (cells[i] ?? '').trim() !== '');
      if (level >= 0) {
        title = cells[levels[level].i].trim();
        parentKey ??= level > 0 ? (lastIdAtLevel[level - 1] ?? null) : null;
        if (id) lastIdAtLevel.splice(level, lastIdAtLevel.length, id);
      }
      const effortColumn = ['Effort', 'Story Points', 'Size'].find((n) => c.get(cells, n) !== null) ?? 'Effort';
      const wsjf: WsjfValues = {
        ...NO_WSJF,
        businessValue: reader.number(line, c.get(cells, 'Business Value'), 'Business Value'),
        timeCriticality: reader.number(line, c.get(cells, 'Time Criticality'), 'Time Criticality'),
      };
      return {
        row: line,
        externalKey: id,
        url: id ? joinUrl(options.baseUrl, `/_workitems/edit/${encodeURIComponent(id)}`) : null,
        title,
        description: c.get(cells, 'Description') ?? '',
        kind: kindFromType(c.get(cells, 'Work Item Type')),
        estimate: reader.number(line, c.get(cells, effortColumn), effortColumn),
        labels: (c.get(cells, 'Tags') ?? '')
          .split(';')
          .map((t) => t.trim())
          .filter(Boolean),
        parentKey,
        dependsOn: [],
        wsjf,
        status: c.get(cells, 'State'),
      };
    });
  }
  return {
    format: 'azure',
    records: reader.records,
    skipped: reader.skipped,
    mapping: mappingOf(c, {
      externalKey: ['ID'],
      title: ['Title', ...levels.map(({ i }) => table.headers[i])],
      kind: ['Work Item Type'],
      estimate: ['Effort', 'Story Points', 'Size'],
      labels: ['Tags'],
      parentKey: ['Parent'],
      status: ['State'],
      businessValue: ['Business Value'],
      timeCriticality: ['Time Criticality'],
    }),
  };
}

// --- Linear -------------------------------------------------------------------------------

function readLinear(table: Table, options: ImportOptions): ParsedImport {
  const c = requireColumns(table, 'Linear', 'ID', 'Title');
  const reader = new RowReader(options);
  for (const { line, cells } of table.rows) {
    reader.add(line, () => {
      const id = c.get(cells, 'ID');
      const labels = c.get(cells, 'Labels') ?? '';
      return {
        row: line,
        externalKey: id,
        url: safeUrl(c.get(cells, 'URL', 'Url')) ?? (id ? joinUrl(options.baseUrl, `/issue/${encodeURIComponent(id)}`) : null),
        title: c.get(cells, 'Title') ?? '',
        description: cells[c.index('Description') ?? -1] ?? '',
        kind: kindFromLabels(labels.split(',')),
        estimate: reader.number(line, c.get(cells, 'Estimate'), 'Estimate'),
        labels: labels
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean),
        parentKey: c.get(cells, 'Parent issue', 'Parent'),
        dependsOn: [],
        wsjf: NO_WSJF,
        status: c.get(cells, 'Status'),
      };
    });
  }
  return {
    format: 'linear',
    records: reader.records,
    skipped: reader.skipped,
    mapping: mappingOf(c, {
      externalKey: ['ID'],
      title: ['Title'],
      description: ['Description'],
      estimate: ['Estimate'],
      labels: ['Labels'],
      parentKey: ['Parent issue', 'Parent'],
      status: ['Status'],
    }),
  };
}

// --- GitHub -------------------------------------------------------------------------------

const githubLabel = z.union([z.string(), z.object({ name: z.string() }).passthrough()]);
const githubIssue = z
  .object({
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().nullish(),
    labels: z.array(githubLabel).optional(),
    state: z.string().optional(),
    url: z.string().optional(),
    html_url: z.string().optional(),
    pull_request: z.unknown().optional(),
  })
  .passthrough();

function readGithub(text: string, options: ImportOptions): ParsedImport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(json) ? json : null;
  if (!list) throw new ImportError('expected a JSON array of issues (gh issue list --json number,title,body,labels,state,url)');
  const reader = new RowReader(options);
  list.forEach((raw, index) => {
    const row = index + 1;
    const parsed = githubIssue.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      reader.skipped.push({ row, reason: `${issue.path.join('.') || 'item'}: ${issue.message}` });
      return;
    }
    const issue = parsed.data;
    if (issue.pull_request !== undefined) {
      reader.skipped.push({ row, reason: 'a pull request, not an issue' });
      return;
    }
    // The web link (gh's `url`, REST's `html_url`), never the REST API address.
    const url = safeUrl(issue.html_url ?? (issue.url && !issue.url.includes('api.github.com') ? issue.url : null));
    const repo = url ? /github\.com\/([^/]+\/[^/]+)\/issues\//.exec(url)?.[1] : undefined;
    const labels = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name));
    reader.add(row, () => ({
      row,
      externalKey: repo ? `${repo}#${issue.number}` : `#${issue.number}`,
      url,
      title: issue.title,
      description: issue.body ?? '',
      kind: kindFromLabels(labels),
      estimate: null,
      labels,
      parentKey: null,
      dependsOn: [],
      wsjf: NO_WSJF,
      status: issue.state ?? null,
    }));
  });
  return {
    format: 'github',
    records: reader.records,
    skipped: reader.skipped,
    mapping: [
      { field: 'externalKey', column: 'number' },
      { field: 'title', column: 'title' },
      { field: 'description', column: 'body' },
      { field: 'labels', column: 'labels' },
      { field: 'url', column: 'url' },
    ],
  };
}

// --- Generic CSV ---------------------------------------------------------------------------

const GUESSES: Record<GenericField, string[]> = {
  title: ['title', 'summary', 'name', 'subject', 'item'],
  description: ['description', 'body', 'details', 'notes'],
  kind: ['kind', 'type', 'issue type', 'work item type'],
  estimate: ['estimate', 'story points', 'points', 'effort', 'size', 'sp'],
  labels: ['labels', 'tags', 'label', 'tag'],
  externalKey: ['key', 'id', 'issue key', 'external key', 'ref'],
  url: ['url', 'link', 'href'],
  parentKey: ['parent', 'parent key', 'epic', 'parent id'],
  status: ['status', 'state'],
  businessValue: ['business value', 'value', 'bv'],
  timeCriticality: ['time criticality', 'urgency'],
  riskReduction: ['risk reduction', 'opportunity enablement', 'rr/oe', 'rroe'],
  jobSize: ['job size'],
};

/** The mapping a generic CSV gets before anyone changes it: header names that say what they hold. */
export function guessMapping(headers: string[]): ColumnMapping {
  const columns = new Columns(headers);
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const field of GENERIC_FIELDS) {
    for (const guess of GUESSES[field]) {
      const index = columns.index(guess);
      if (index !== null && !used.has(index)) {
        mapping[field] = headers[index];
        used.add(index);
        break;
      }
    }
  }
  return mapping;
}

function readGeneric(table: Table, options: ImportOptions): ParsedImport {
  const mapping = options.mapping ?? guessMapping(table.headers);
  const c = new Columns(table.headers);
  for (const [field, header] of Object.entries(mapping)) {
    if (header && !c.has(header))
      throw new ImportError(`the mapping names a column "${header}" (for ${field}) that the file does not have`);
  }
  if (!mapping.title) {
    throw new ImportError(`choose the column that holds the title (the file has: ${table.headers.map((h) => `"${h}"`).join(', ')})`);
  }
  const cell = (cells: string[], field: GenericField) => (mapping[field] ? c.get(cells, mapping[field]!) : null);
  const reader = new RowReader(options);
  for (const { line, cells } of table.rows) {
    reader.add(line, () => {
      const num = (field: GenericField) => reader.number(line, cell(cells, field), mapping[field] ?? field);
      const key = cell(cells, 'externalKey');
      return {
        row: line,
        externalKey: key,
        url: safeUrl(cell(cells, 'url')),
        title: cell(cells, 'title') ?? '',
        description: mapping.description ? (cells[c.index(mapping.description) ?? -1] ?? '') : '',
        kind: kindFromType(cell(cells, 'kind')),
        estimate: num('estimate'),
        labels: (cell(cells, 'labels') ?? '')
          .split(/[;,]/)
          .map((l) => l.trim())
          .filter(Boolean),
        parentKey: cell(cells, 'parentKey'),
        dependsOn: [],
        wsjf: {
          businessValue: num('businessValue'),
          timeCriticality: num('timeCriticality'),
          riskReduction: num('riskReduction'),
          jobSize: num('jobSize'),
        },
        status: cell(cells, 'status'),
      };
    });
  }
  return {
    format: 'csv',
    records: reader.records,
    skipped: reader.skipped,
    mapping: Object.entries(mapping)
      .filter(([, column]) => column)
      .map(([field, column]) => ({ field, column: column! })),
  };
}

function mappingOf(columns: Columns, candidates: Partial<Record<GenericField, string[]>>): ParsedImport['mapping'] {
  const out: ParsedImport['mapping'] = [];
  for (const [field, names] of Object.entries(candidates)) {
    const index = columns.index(...names!);
    if (index !== null) out.push({ field, column: columns.headers[index] });
  }
  return out;
}
