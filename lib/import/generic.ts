/** Any other CSV or TSV: columns mapped onto fields by hand, or guessed from their names. */
import { ImportError } from './errors';
import { kindFromType, safeUrl, type ParsedImport } from './record';
import { GENERIC_FIELDS, RowReader, type ColumnMapping, type GenericField, type ImportOptions } from './reader';
import { Columns, type Table } from './table';

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

export function readGeneric(table: Table, options: ImportOptions): ParsedImport {
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
