/**
 * The backlog as Markdown, to paste into a wiki or a chat: the ranked backlog with estimates,
 * readiness against the board's Definition of Ready, the value hypothesis, open questions, action
 * items with their owners and the tracker links; then the parked tail. Trimmed items are left
 * out (the CSV exports carry them, marked closed). User text is escaped, so a title cannot turn
 * into a link, a heading or HTML where the Markdown is pasted.
 */
import type * as Y from 'yjs';
import { readMeta } from '../board/schema';
import { escapeMarkdown as e } from '../meeting/render';
import { formatDateTime } from '../meeting/time-text';
import { readRefinementView } from '../refinement/board-view';
import type { Readiness } from '../refinement/readiness';
import { type ExportRow, readExportRows } from './rows';

export interface MarkdownExportOptions {
  /** When the export was made (ms); default now. */
  now?: number;
}

export function exportMarkdown(doc: Y.Doc, options: MarkdownExportOptions = {}): string {
  const view = readRefinementView(doc);
  const rows = readExportRows(doc, view);
  const meta = readMeta(doc);
  const backlog = rows.filter((r) => r.item.zone === 'backlog');
  const tail = rows.filter((r) => r.item.zone === 'tail');
  const readinessOf = (row: ExportRow) => view.insights.get(row.item.id)!.readiness;
  const ready = backlog.filter((r) => readinessOf(r).ready).length;
  const points = backlog.reduce((sum, r) => sum + (r.item.estimate ?? 0), 0);
  const lines = [
    `# ${e(meta.title || 'Untitled board')}`,
    '',
    `Backlog exported ${formatDateTime(options.now ?? Date.now())} UTC · ${backlog.length} item${backlog.length === 1 ? '' : 's'}, ` +
      `${points} points · ${ready} Ready · ${tail.length} parked`,
  ];
  if (meta.vision.trim()) {
    lines.push(
      '',
      '## Vision',
      '',
      ...meta.vision
        .trim()
        .split('\n')
        .map((line) => `> ${e(line)}`),
    );
  }
  lines.push('', '## Backlog');
  if (backlog.length === 0) lines.push('', '_The backlog is empty._');
  backlog.forEach((row, index) => lines.push('', ...backlogItem(row, readinessOf(row), index + 1)));
  if (tail.length > 0) {
    lines.push('', '## Parked in the tail', '');
    for (const row of tail) {
      const reason = row.item.parkedReason ? `: ${e(row.item.parkedReason)}` : '';
      lines.push(`- ${title(row)}${trackerRef(row) ? ` (${trackerRef(row)})` : ''}${reason}`);
    }
  }
  return lines.join('\n') + '\n';
}

function title(row: ExportRow): string {
  return `**${e(row.item.title || 'Untitled')}**`;
}

/** `[PROJ-1](https://…)`, or the bare key when the board has no link for it. */
function trackerRef(row: ExportRow): string {
  const key = row.item.externalKey;
  const url = row.item.externalUrl?.replace(/\(/g, '%28').replace(/\)/g, '%29');
  if (key && url) return `[${e(key)}](${url})`;
  if (url) return `[link](${url})`;
  return key ? e(key) : '';
}

function estimateText(row: ExportRow): string {
  const { estimate, estimateLabel } = row.item;
  if (estimateLabel !== null && estimate !== null) return `${e(estimateLabel)} (${estimate} points)`;
  if (estimateLabel !== null) return e(estimateLabel);
  if (estimate !== null) return `${estimate} point${estimate === 1 ? '' : 's'}`;
  return 'not estimated';
}

function backlogItem(row: ExportRow, readiness: Readiness, rank: number): string[] {
  const { item, details } = row;
  const missing = readiness.criteria.filter((c) => !c.met).map((c) => e(c.hint ? `${c.label} (${c.hint})` : c.label));
  const ref = trackerRef(row);
  const out = [`### ${rank}. ${e(item.title || 'Untitled')}`, ''];
  out.push(`- **Estimate:** ${estimateText(row)}`);
  out.push(
    `- **Ready:** ${readiness.ready ? 'yes' : 'no'} (${readiness.met}/${readiness.total}${missing.length ? `; missing: ${missing.join(', ')}` : ''})`,
  );
  if (ref) out.push(`- **Tracker:** ${ref}`);
  const kind = [`- **Kind:** ${item.kind}`];
  if (row.parent) {
    const parentKey = row.parentKey ? ` (${e(row.parentKey)})` : '';
    kind.push(`**Parent:** ${e(row.parent.title)}${parentKey}`);
  }
  out.push(kind.join(' · '));
  if (row.item.labels.length) out.push(`- **Labels:** ${row.item.labels.map(e).join(', ')}`);
  const h = details.hypothesis;
  if (h.believe.trim() || h.resultIn.trim() || h.knowWhen.trim()) {
    out.push(
      `- **Value hypothesis:** We believe ${e(h.believe.trim() || '…')} will result in ${e(h.resultIn.trim() || '…')}. ` +
        `We know we have succeeded when ${e(h.knowWhen.trim() || '…')}.`,
    );
  }
  const open = details.questions.filter((q) => q.status === 'open');
  if (open.length) {
    out.push('- **Open questions:**');
    for (const q of open) out.push(`  - ${e(q.text)}`);
  }
  if (details.actions.length) {
    out.push('- **Action items:**');
    for (const a of details.actions) {
      const owner = a.owner ? ` — ${e(a.owner)}` : ' — no owner';
      const due = a.due ? ` (due ${a.due})` : '';
      out.push(`  - [${a.done ? 'x' : ' '}] ${e(a.text)}${owner}${due}`);
    }
  }
  return out;
}
