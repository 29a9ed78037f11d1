/** The trackers' own exports: Jira CSV, Azure DevOps CSV, Linear CSV and GitHub issues JSON. */
import { z } from 'zod';
import { ImportError } from './errors';
import { NO_WSJF, kindFromLabels, kindFromType, safeUrl, type ParsedImport, type WsjfValues } from './record';
import { RowReader, joinUrl, mappingOf, requireColumns, type ImportOptions } from './reader';
import { refuseTooMany, type Table } from './table';

// --- Jira ---------------------------------------------------------------------------------

const JIRA_POINTS = ['Custom field (Story Points)', 'Custom field (Story point estimate)', 'Story Points', 'Story point estimate'];

export function readJira(table: Table, options: ImportOptions): ParsedImport {
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

export function readAzure(table: Table, options: ImportOptions): ParsedImport {
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

export function readLinear(table: Table, options: ImportOptions): ParsedImport {
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

export function readGithub(text: string, options: ImportOptions): ParsedImport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(json) ? json : null;
  if (!list) throw new ImportError('expected a JSON array of issues (gh issue list --json number,title,body,labels,state,url)');
  refuseTooMany('issues', list.length);
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
