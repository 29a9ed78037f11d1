/**
 * The meeting summary as sections of lines: which sections a summary has, in which order, what
 * each line says and how many there are. The Markdown export, the summary page and the
 * projector all render from this list and only choose how it looks, so a person comparing their
 * screen with the wall (or with the notes pasted into the wiki) reads the same words.
 *
 * A line is a list of parts rather than a string, because each presentation treats the parts
 * differently: Markdown escapes what people typed and bolds item titles, the page sets titles in
 * bold and asides in grey, the projector prints plain text.
 */
import { ROLE_NAME } from '../session/roles';
import { type MeetingSummary, type RankMove, type RecordedNote, hasBoardChanges } from './summary';
import { formatDuration, formatTimeSpan } from './time-text';

/**
 * A run of a line's text: our own wording, text someone typed (escaped where it could be read
 * as markup), or an item's title (typed too; the subject of its line).
 */
export type LinePart = { kind: 'words'; text: string } | { kind: 'typed'; text: string } | { kind: 'item'; text: string };

export interface SummaryLine {
  /** Unique within its section (a React key). */
  key: string;
  parts: LinePart[];
  /** A remark that follows the line in parentheses: "(story, 2 points)", "(on Search, new)". */
  aside: LinePart[];
  /** Action items only: completed (true) or still open (false); each presentation draws its own mark. */
  done?: boolean;
}

export type SummarySectionId =
  | 'attendees'
  | 'runway'
  | 'created'
  | 'splits'
  | 'estimates'
  | 'rank-moves'
  | 'decisions'
  | 'objections'
  | 'actions'
  | 'open-questions'
  | 'answered'
  | 'trimmed'
  | 'parked'
  | 'parked-then-restored'
  | 'restored'
  | 'dependencies'
  | 'hypotheses'
  | 'removed';

export interface SummarySection {
  id: SummarySectionId;
  /**
   * `meeting`: who came and where the ready runway stood (the projector shows these as its
   * byline and a tile); `changes`: what the meeting did and left open.
   */
  part: 'meeting' | 'changes';
  title: string;
  /** Shown after the title as "(3)"; null where a count says nothing (the runway's two lines). */
  count: number | null;
  lines: SummaryLine[];
  /** What an empty section says; null for none (then an empty section is not listed). */
  empty: string | null;
}

/** The remark for a summary with no change to the backlog (actions and questions are not changes). */
export const NO_CHANGES_TEXT = 'No changes to the backlog during this meeting.';

const words = (text: string): LinePart => ({ kind: 'words', text });
const typed = (text: string): LinePart => ({ kind: 'typed', text });
/** An item's title; an item nobody named yet is "Untitled" rather than an empty space. */
const item = (ref: { title: string }): LinePart => ({ kind: 'item', text: ref.title || 'Untitled' });
/** A title that is not its line's subject (a split's children): typed text, not set apart. */
const plainTitle = (ref: { title: string }): LinePart => typed(ref.title || 'Untitled');

function line(key: string, parts: LinePart[], aside: LinePart[] = []): SummaryLine {
  return { key, parts, aside };
}

/** "#4 → #1" with the distance as an aside ("↑3"); "new to the backlog", "out of the backlog". */
function rankMoveLine(move: RankMove): SummaryLine {
  const from = move.from === null ? 'new to the backlog' : `#${move.from}`;
  const to = move.to === null ? 'out of the backlog' : `#${move.to}`;
  const delta = move.from !== null && move.to !== null ? move.from - move.to : 0;
  const aside = delta === 0 ? [] : [words(`${delta > 0 ? '↑' : '↓'}${Math.abs(delta)}`)];
  return line(move.id, [item(move), words(`: ${from} → ${to}`)], aside);
}

function noteLines(notes: readonly RecordedNote[] | undefined): SummaryLine[] {
  return (notes ?? []).map((n, i) => line(`${n.item.id}:${i}`, [item(n.item), words(': '), typed(n.text)]));
}

/**
 * Every section the summary shows, in reading order: first the meeting (attendees, runway), then
 * what the room decided (new and split items, estimates, rank moves, decisions, objections,
 * actions, questions) and last the bookkeeping (trimmed, parked, restored, recorded
 * dependencies and hypotheses, removed items). Sections with no lines are left out, except those
 * that say what their emptiness means (`empty`).
 */
export function summarySections(summary: MeetingSummary): SummarySection[] {
  const section = (
    id: SummarySectionId,
    sectionTitle: string,
    lines: SummaryLine[],
    options: { part?: SummarySection['part']; count?: boolean; empty?: string } = {},
  ): SummarySection => ({
    id,
    part: options.part ?? 'changes',
    title: sectionTitle,
    count: options.count === false ? null : lines.length,
    lines,
    empty: options.empty ?? null,
  });
  const sections: SummarySection[] = [
    section(
      'attendees',
      'Attendees',
      summary.attendees.map((a, i) => line(`${a.role}:${a.name}:${i}`, [typed(a.name)], [words(ROLE_NAME[a.role] ?? a.role)])),
      { part: 'meeting', empty: 'Nobody recorded.' },
    ),
    section(
      'runway',
      'Ready runway',
      [
        line('start', [words('At the start: '), typed(summary.runway.start.text)]),
        line('end', [words('At the end: '), typed(summary.runway.end.text)]),
      ],
      { part: 'meeting', count: false },
    ),
    section(
      'created',
      'Items created',
      summary.created.map((c) =>
        line(
          c.id,
          [item(c)],
          [
            words(c.kind),
            ...(c.estimate !== null ? [words(', '), typed(c.estimate), words(' points')] : []),
            ...(c.zone !== 'backlog' ? [words(`, now ${c.zone}`)] : []),
          ],
        ),
      ),
    ),
    section(
      'splits',
      'Split',
      summary.splits.map((s) =>
        line(s.parent.id, [
          item(s.parent),
          words(' → '),
          ...s.children.flatMap((c, i) => (i === 0 ? [plainTitle(c)] : [words('; '), plainTitle(c)])),
        ]),
      ),
    ),
    section(
      'estimates',
      'Estimates',
      summary.estimates.map((e) => {
        if (e.from === null) return line(e.id, [item(e), words(': — → '), typed(e.to ?? '—')], [words('new')]);
        if (e.to === null) return line(e.id, [item(e), words(': '), typed(e.from), words(' → —')], [words('cleared')]);
        return line(e.id, [item(e), words(': '), typed(e.from), words(' → '), typed(e.to)]);
      }),
    ),
    section('rank-moves', `Rank moves in the top ${summary.topN}`, summary.rankMoves.map(rankMoveLine)),
    section('decisions', 'Decisions', noteLines(summary.decisions)),
    section('objections', 'Objections to trimming', noteLines(summary.objections)),
    section(
      'actions',
      'Action items',
      summary.actions.map((a, i) => ({
        ...line(
          `${a.item.id}:${i}`,
          [
            typed(a.text),
            ...(a.owner ? [words(' — owner: '), typed(a.owner)] : [words(' — no owner')]),
            ...(a.due ? [words(', due '), typed(a.due)] : []),
          ],
          [words('on '), item(a.item), ...(a.isNew ? [words(', new')] : [])],
        ),
        done: a.done,
      })),
    ),
    section(
      'open-questions',
      'Open questions',
      summary.openQuestions.map((q, i) =>
        line(`${q.item.id}:${i}`, [typed(q.text)], [words('on '), item(q.item), ...(q.isNew ? [words(', new')] : [])]),
      ),
    ),
    section(
      'answered',
      'Answered during the meeting',
      summary.answeredQuestions.map((q, i) =>
        line(`${q.item.id}:${i}`, [typed(q.text), words(' — '), typed(q.answer)], [words('on '), item(q.item)]),
      ),
    ),
    section(
      'trimmed',
      'Trimmed',
      summary.trimmed.map((t) => line(t.id, [item(t)])),
    ),
    section(
      'parked',
      'Parked in the tail',
      summary.parked.map((p) => line(p.id, [item(p), ...(p.reason ? [words(': '), typed(p.reason)] : [])])),
    ),
    section(
      'parked-then-restored',
      'Parked, then restored during the meeting',
      (summary.parkedThenRestored ?? []).map((r) => line(r.id, [item(r)])),
    ),
    section(
      'restored',
      'Restored',
      summary.restored.map((r) => line(r.id, [item(r)], [words(`from the ${r.from === 'tail' ? 'tail' : 'trimmed items'}`)])),
    ),
    section('dependencies', 'Dependencies recorded', noteLines(summary.dependencies)),
    section('hypotheses', 'Value hypotheses added', noteLines(summary.hypotheses)),
    section(
      'removed',
      'Removed for good',
      summary.removed.map((r) => line(r.id, [item(r)])),
    ),
  ];
  return sections.filter((s) => s.lines.length > 0 || s.empty !== null);
}

/** The summary's remark that the backlog did not change, or null when it did. */
export function noChangesNote(summary: MeetingSummary): string | null {
  return hasBoardChanges(summary) ? null : NO_CHANGES_TEXT;
}

/** Parts as plain text. */
export function partsText(parts: readonly LinePart[]): string {
  return parts.map((p) => p.text).join('');
}

/** A line as plain text: "Sketch the UI — owner: Ann (on Wishlist, new)". */
export function lineText(summaryLine: SummaryLine): string {
  const text = partsText(summaryLine.parts);
  return summaryLine.aside.length > 0 ? `${text} (${partsText(summaryLine.aside)})` : text;
}

/**
 * "2025-03-04 09:00–10:02 UTC · 1:02:00 · facilitated by Fay"; without the date and time when
 * `timeZone` is null (the wall, right after the meeting).
 */
export function summaryByline(summary: MeetingSummary, timeZone: string | null): LinePart[] {
  const when = timeZone === null ? '' : `${formatTimeSpan(summary.startedAt, summary.endedAt, timeZone)} · `;
  return [words(`${when}${formatDuration(summary.durationMs)} · facilitated by `), typed(summary.startedBy)];
}

export interface StageRow {
  id: string;
  title: string;
  /** "3 min" */
  timebox: string;
  /** "5:00" */
  spent: string;
  overrun: boolean;
  /** "over by 2:00, skipped"; empty when there is nothing to say. */
  note: string;
}

/** Time per stage: a row a stage and the total (the timebox of the stages not dropped). */
export function stageTable(summary: MeetingSummary): { rows: StageRow[]; total: { timebox: string; spent: string } } {
  const rows = summary.stages.map((s) => ({
    id: s.id,
    title: s.title,
    timebox: `${s.plannedMinutes} min`,
    spent: formatDuration(s.spentMs),
    overrun: s.overrunMs > 0,
    note: [
      s.overrunMs > 0 ? `over by ${formatDuration(s.overrunMs)}` : '',
      s.skipped ? 'skipped' : '',
      s.dropped ? 'dropped' : '',
      s.visits === 0 && !s.skipped ? 'not reached' : '',
    ]
      .filter(Boolean)
      .join(', '),
  }));
  const planned = summary.stages.filter((s) => !s.dropped).reduce((sum, s) => sum + s.plannedMinutes, 0);
  const spent = summary.stages.reduce((sum, s) => sum + s.spentMs, 0);
  return { rows, total: { timebox: `${planned} min`, spent: formatDuration(spent) } };
}
