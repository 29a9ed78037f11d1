/**
 * The meeting summary as Markdown (to paste into a wiki or a chat) and as JSON (for tools).
 * Pure: dates are formatted in the time zone passed in, UTC by default, so the same summary
 * renders the same everywhere.
 */
import { type MeetingSummary, SUMMARY_VERSION } from './summary';
import {
  type LinePart,
  type SummaryLine,
  type SummarySection,
  noChangesNote,
  stageTable,
  summaryByline,
  summarySections,
} from './summary-sections';
import { dateTimeParts } from './time-text';

export interface RenderOptions {
  /** IANA time zone for dates and times, e.g. the reader's own; default UTC. */
  timeZone?: string;
}

/** Escapes what Markdown would otherwise read as formatting, links or HTML in user text. */
export function escapeMarkdown(text: string): string {
  // One line first: a lone CR ends a line for Markdown as LF and CRLF do (a CSV cell can carry
  // one), so any break would let the rest start a block. Then inline formatting, links (`[`),
  // HTML (`<`), table cells (`|`); plus what starts a block (heading, list, quote) when it comes
  // first. Parentheses and hyphens stay readable.
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Our own wording as it is, typed text escaped, item titles in bold. */
function markdownParts(parts: readonly LinePart[]): string {
  return parts
    .map((p) => (p.kind === 'words' ? p.text : p.kind === 'item' ? `**${escapeMarkdown(p.text)}**` : escapeMarkdown(p.text)))
    .join('');
}

/** "- [ ] Sketch the UI — owner: Ann (on **Wishlist**, new)": action items as task-list boxes. */
function markdownLine(line: SummaryLine): string {
  const box = line.done === undefined ? '' : `[${line.done ? 'x' : ' '}] `;
  const aside = line.aside.length > 0 ? ` (${markdownParts(line.aside)})` : '';
  return `- ${box}${markdownParts(line.parts)}${aside}`;
}

function markdownSection(section: SummarySection): string[] {
  const heading = `## ${section.title}${section.count === null ? '' : ` (${section.count})`}`;
  const body = section.lines.length > 0 ? section.lines.map(markdownLine) : [`_${section.empty ?? ''}_`];
  return ['', heading, '', ...body];
}

export function renderSummaryMarkdown(summary: MeetingSummary, options: RenderOptions = {}): string {
  const e = escapeMarkdown;
  const sections = summarySections(summary);
  const note = noChangesNote(summary);
  const stages = stageTable(summary);
  const lines: string[] = [
    `# Refinement meeting: ${e(summary.boardTitle || 'Untitled board')}`,
    '',
    markdownParts(summaryByline(summary, options.timeZone ?? 'UTC')),
    ...sections.filter((s) => s.part === 'meeting').flatMap(markdownSection),
    ...(note === null ? [] : ['', `_${note}_`]),
    ...sections.filter((s) => s.part === 'changes').flatMap(markdownSection),
    '',
    '## Time per stage',
    '',
    '| Stage | Timebox | Spent | Note |',
    '| --- | --- | --- | --- |',
    ...stages.rows.map((s) => `| ${e(s.title)} | ${s.timebox} | ${s.spent} | ${s.note} |`),
    `| **Total** | ${stages.total.timebox} | ${stages.total.spent} | |`,
  ];
  return lines.join('\n') + '\n';
}

export const SUMMARY_JSON_FORMAT = 'refinery.meeting-summary';

/** Stable JSON for tools: the summary itself, tagged with a format name and version. */
export function renderSummaryJson(summary: MeetingSummary): string {
  return JSON.stringify({ format: SUMMARY_JSON_FORMAT, formatVersion: SUMMARY_VERSION, ...summary }, null, 2) + '\n';
}

/** "refinement-team-backlog-2025-03-04.md" */
export function summaryFileName(summary: MeetingSummary, extension: 'md' | 'json', timeZone = 'UTC'): string {
  const slug =
    summary.boardTitle
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'board';
  return `refinement-${slug}-${dateTimeParts(summary.startedAt, timeZone).date}.${extension}`;
}
