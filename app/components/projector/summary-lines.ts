import type { MeetingSummary } from '@/lib/meeting/summary';

/** One list of the summary as the room reads it: a heading, its lines, and a test id. */
export interface SummaryList {
  id: string;
  title: string;
  lines: string[];
}

/** A list cut to what fits: the lines shown and how many were left out. */
export interface FittedList extends SummaryList {
  hidden: number;
}

/**
 * The summary's lists for the projector, in the order the room cares about (what was decided
 * first, bookkeeping last); empty lists are left out, since the room cannot scroll to see that
 * nothing happened. Line texts follow the summary page (SummaryView) so a person comparing their
 * screen with the wall reads the same words.
 */
export function summaryLists(summary: MeetingSummary): SummaryList[] {
  const noteLines = (notes: MeetingSummary['decisions']) => (notes ?? []).map((n) => `${n.item.title}: ${n.text}`);
  const lists: SummaryList[] = [
    {
      id: 'created',
      title: 'Created',
      lines: summary.created.map((c) => `${c.title} (${c.kind}${c.estimate !== null ? `, ${c.estimate}` : ''})`),
    },
    { id: 'splits', title: 'Split', lines: summary.splits.map((s) => `${s.parent.title} → ${s.children.map((c) => c.title).join(', ')}`) },
    { id: 'estimates', title: 'Estimates', lines: summary.estimates.map((e) => `${e.title}: ${e.from ?? '—'} → ${e.to ?? '—'}`) },
    { id: 'decisions', title: 'Decisions', lines: noteLines(summary.decisions) },
    { id: 'objections', title: 'Objections to trimming', lines: noteLines(summary.objections) },
    {
      id: 'actions',
      title: 'Action items',
      lines: summary.actions.filter((a) => !a.done).map((a) => `${a.text} — ${a.owner ?? 'no owner'}`),
    },
    { id: 'open-questions', title: 'Open questions', lines: summary.openQuestions.map((q) => `${q.text} (${q.item.title})`) },
    { id: 'trimmed', title: 'Trimmed', lines: summary.trimmed.map((t) => t.title) },
    { id: 'parked', title: 'Parked in the tail', lines: summary.parked.map((p) => (p.reason ? `${p.title}: ${p.reason}` : p.title)) },
    { id: 'parked-then-restored', title: 'Parked, then restored', lines: (summary.parkedThenRestored ?? []).map((r) => r.title) },
    { id: 'restored', title: 'Restored', lines: summary.restored.map((r) => `${r.title} (from the ${r.from})`) },
    { id: 'dependencies', title: 'Dependencies recorded', lines: noteLines(summary.dependencies) },
    { id: 'hypotheses', title: 'Value hypotheses added', lines: noteLines(summary.hypotheses) },
    { id: 'removed', title: 'Removed for good', lines: summary.removed.map((r) => r.title) },
  ];
  return lists.filter((l) => l.lines.length > 0);
}

/**
 * Shares a budget of lines among the lists so all of them fit on one screen: a heading costs
 * `headingCost` lines; every list keeps at least one line; the rest of the budget goes one line
 * at a time to the list showing the fewest so far (so short lists are shown whole and a long
 * one does not crowd them out). A list that loses lines ends with "+ N more", which costs a
 * line too.
 */
export function fitLists(lists: readonly SummaryList[], budget: number, headingCost = 1.5): FittedList[] {
  const shown = lists.map(() => 1);
  const cost = () =>
    lists.reduce((sum, list, i) => sum + headingCost + Math.min(shown[i], list.lines.length) + (shown[i] < list.lines.length ? 1 : 0), 0);
  for (;;) {
    let pick = -1;
    for (let i = 0; i < lists.length; i++) {
      if (shown[i] < lists[i].lines.length && (pick === -1 || shown[i] < shown[pick])) pick = i;
    }
    if (pick === -1) break;
    shown[pick]++;
    // Showing the last hidden line also drops the "+ N more" line: it costs nothing extra.
    if (cost() > budget) {
      shown[pick]--;
      break;
    }
  }
  return lists.map((list, i) => {
    const count = Math.min(shown[i], list.lines.length);
    return { ...list, lines: list.lines.slice(0, count), hidden: list.lines.length - count };
  });
}
