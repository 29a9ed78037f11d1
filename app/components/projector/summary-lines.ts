import type { MeetingSummary } from '@/lib/meeting/summary';
import { type SummaryLine, lineText, summarySections } from '@/lib/meeting/summary-sections';

/** One list of the summary as the room reads it: a heading, its lines as plain text, and a test id. */
export interface SummaryList {
  id: string;
  title: string;
  lines: string[];
}

/** A list cut to what fits: the lines shown and how many were left out. */
export interface FittedList extends SummaryList {
  hidden: number;
}

/** A line in the wall's plain type; a completed action is ticked. */
function wallLine(line: SummaryLine): string {
  return `${line.done ? '✓ ' : ''}${lineText(line)}`;
}

/**
 * The summary's lists for the projector: the sections of `summarySections`, in its order and
 * words, but for the meeting's own sections (attendees and runway: the byline and a tile show
 * them). Empty sections are left out there too, since the room cannot scroll to see that nothing
 * happened.
 */
export function summaryLists(summary: MeetingSummary): SummaryList[] {
  return summarySections(summary)
    .filter((s) => s.part === 'changes' && s.lines.length > 0)
    .map((s) => ({ id: s.id, title: s.title, lines: s.lines.map(wallLine) }));
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
