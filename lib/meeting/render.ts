/**
 * The meeting summary as Markdown (to paste into a wiki or a chat) and as JSON (for tools).
 * Pure: dates are formatted in the time zone passed in, UTC by default, so the same summary
 * renders the same everywhere.
 */
import { type MeetingSummary, type RankMove, type RecordedNote, SUMMARY_VERSION, hasBoardChanges } from './summary';

export interface RenderOptions {
  /** IANA time zone for dates and times, e.g. the reader's own; default UTC. */
  timeZone?: string;
}

const ROLE_LABEL = { facilitator: 'facilitator', participant: 'participant', spectator: 'projector' } as const;

/** Escapes what Markdown would otherwise read as formatting, links or HTML in user text. */
export function escapeMarkdown(text: string): string {
  // Inline formatting, links (`[`), HTML (`<`), table cells (`|`); plus what starts a block
  // (heading, list, quote) when it comes first. Parentheses and hyphens stay readable.
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** "4:05" for minutes and seconds, "1:02:05" past an hour. */
export function formatDuration(ms: number): string {
  const total = Math.round(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

function dateParts(ms: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

export function formatDateTime(ms: number, timeZone = 'UTC'): string {
  const { date, time } = dateParts(ms, timeZone);
  return `${date} ${time}`;
}

function positionText(move: RankMove): string {
  const from = move.from === null ? 'new to the backlog' : `#${move.from}`;
  const to = move.to === null ? 'out of the backlog' : `#${move.to}`;
  if (move.from !== null && move.to !== null) {
    const delta = move.from - move.to;
    return `${from} → ${to} (${delta > 0 ? '↑' : '↓'}${Math.abs(delta)})`;
  }
  return `${from} → ${to}`;
}

function section(lines: string[], title: string, entries: string[], empty?: string): void {
  if (entries.length === 0 && empty === undefined) return;
  lines.push('', `## ${title}`, '');
  if (entries.length === 0) lines.push(empty as string);
  else lines.push(...entries);
}

export function renderSummaryMarkdown(summary: MeetingSummary, options: RenderOptions = {}): string {
  const tz = options.timeZone ?? 'UTC';
  const e = escapeMarkdown;
  const item = (r: { title: string }) => `**${e(r.title || 'Untitled')}**`;
  const start = dateParts(summary.startedAt, tz);
  const end = dateParts(summary.endedAt, tz);
  const endText = end.date === start.date ? end.time : `${end.date} ${end.time}`;
  const lines: string[] = [
    `# Refinement meeting: ${e(summary.boardTitle || 'Untitled board')}`,
    '',
    `${start.date} ${start.time}–${endText} ${tz === 'UTC' ? 'UTC' : `(${tz})`} · ${formatDuration(summary.durationMs)} · facilitated by ${e(summary.startedBy)}`,
  ];

  section(
    lines,
    `Attendees (${summary.attendees.length})`,
    summary.attendees.map((a) => `- ${e(a.name)} (${ROLE_LABEL[a.role] ?? a.role})`),
    '_Nobody recorded._',
  );
  section(lines, 'Ready runway', [`- At the start: ${e(summary.runway.start.text)}`, `- At the end: ${e(summary.runway.end.text)}`]);
  if (!hasBoardChanges(summary)) lines.push('', '_No changes to the backlog during this meeting._');
  section(
    lines,
    `Items created (${summary.created.length})`,
    summary.created.map(
      (c) =>
        `- ${item(c)} (${c.kind}${c.estimate !== null ? `, ${e(c.estimate)} points` : ''}${c.zone !== 'backlog' ? `, now ${c.zone}` : ''})`,
    ),
  );
  section(
    lines,
    `Split (${summary.splits.length})`,
    summary.splits.map((s) => `- ${item(s.parent)} → ${s.children.map((c) => e(c.title)).join('; ')}`),
  );
  section(
    lines,
    `Parked in the tail (${summary.parked.length})`,
    summary.parked.map((p) => `- ${item(p)}${p.reason ? `: ${e(p.reason)}` : ''}`),
  );
  section(
    lines,
    `Trimmed (${summary.trimmed.length})`,
    summary.trimmed.map((t) => `- ${item(t)}`),
  );
  section(
    lines,
    `Restored (${summary.restored.length})`,
    summary.restored.map((r) => `- ${item(r)} (from the ${r.from === 'tail' ? 'tail' : 'trimmed items'})`),
  );
  const changedMind = summary.parkedThenRestored ?? [];
  section(
    lines,
    `Parked, then restored during the meeting (${changedMind.length})`,
    changedMind.map((r) => `- ${item(r)}`),
  );
  section(
    lines,
    `Removed for good (${summary.removed.length})`,
    summary.removed.map((r) => `- ${item(r)}`),
  );
  section(
    lines,
    `Estimates (${summary.estimates.length})`,
    summary.estimates.map(
      (c) =>
        `- ${item(c)}: ${c.from === null ? '— → ' + e(c.to ?? '—') + ' (new)' : `${e(c.from)} → ${c.to === null ? '— (cleared)' : e(c.to)}`}`,
    ),
  );
  section(
    lines,
    `Rank moves in the top ${summary.topN} (${summary.rankMoves.length})`,
    summary.rankMoves.map((m) => `- ${item(m)}: ${positionText(m)}`),
  );
  section(
    lines,
    `Action items (${summary.actions.length})`,
    summary.actions.map(
      (a) =>
        `- [${a.done ? 'x' : ' '}] ${e(a.text)} — ${a.owner ? `owner: ${e(a.owner)}` : 'no owner'}${a.due ? `, due ${e(a.due)}` : ''} (on ${item(a.item)}${a.isNew ? ', new' : ''})`,
    ),
  );
  section(
    lines,
    `Open questions (${summary.openQuestions.length})`,
    summary.openQuestions.map((q) => `- ${e(q.text)} (on ${item(q.item)}${q.isNew ? ', new' : ''})`),
  );
  section(
    lines,
    `Answered during the meeting (${summary.answeredQuestions.length})`,
    summary.answeredQuestions.map((q) => `- ${e(q.text)} — ${e(q.answer)} (on ${item(q.item)})`),
  );
  const notes = (title: string, list: readonly RecordedNote[] | undefined) =>
    section(
      lines,
      `${title} (${list?.length ?? 0})`,
      (list ?? []).map((n) => `- ${item(n.item)}: ${e(n.text)}`),
    );
  notes('Objections to trimming', summary.objections);
  notes('Decisions', summary.decisions);
  notes('Dependencies recorded', summary.dependencies);
  notes('Value hypotheses added', summary.hypotheses);
  const planned = summary.stages.filter((s) => !s.dropped).reduce((sum, s) => sum + s.plannedMinutes, 0);
  section(lines, 'Time per stage', [
    '| Stage | Timebox | Spent | Note |',
    '| --- | --- | --- | --- |',
    ...summary.stages.map((s) => {
      const notes = [
        s.overrunMs > 0 ? `over by ${formatDuration(s.overrunMs)}` : '',
        s.skipped ? 'skipped' : '',
        s.dropped ? 'dropped' : '',
        s.visits === 0 && !s.skipped ? 'not reached' : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `| ${e(s.title)} | ${s.plannedMinutes} min | ${formatDuration(s.spentMs)} | ${notes} |`;
    }),
    `| **Total** | ${planned} min | ${formatDuration(summary.stages.reduce((sum, s) => sum + s.spentMs, 0))} | |`,
  ]);
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
  return `refinement-${slug}-${dateParts(summary.startedAt, timeZone).date}.${extension}`;
}
