'use client';

import { useLayoutEffect, useRef, useState } from 'react';
import type { MeetingSummary } from '@/lib/meeting/summary';
import { noChangesNote, partsText, summaryByline } from '@/lib/meeting/summary-sections';
import { fitLists, summaryLists } from './summary-lines';
import { BODY, HEADLINE, LABEL, MUTED, NUMBER, PANEL } from './type';

const COLUMNS = 3;
/** Until the box is measured: what fits under the header and the tiles at 1080p. */
const FIRST_BUDGET = COLUMNS * 13;

/**
 * How many lines of body text the lists' box holds over its columns, measured (and again when
 * the screen changes size): a 16:10 projector or a window that is not full screen holds fewer.
 */
function useLineBudget() {
  const ref = useRef<HTMLDivElement>(null);
  const [budget, setBudget] = useState(FIRST_BUDGET);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => {
      const probe = box.querySelector('li');
      const line = probe ? probe.getBoundingClientRect().height : 0;
      // Headings and their margins are counted by fitLists; two lines per column are kept for
      // what a column break wastes (a heading that moves on with its first line).
      if (line > 0) setBudget(Math.max(COLUMNS * 2, COLUMNS * (Math.floor(box.clientHeight / line) - 2)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  return { ref, budget };
}

function Tile({ value, label, testId }: { value: string; label: string; testId: string }) {
  return (
    <div className={PANEL} data-testid={testId}>
      <p className={NUMBER}>{value}</p>
      <p className={LABEL} data-label>
        {label}
      </p>
    </div>
  );
}

/** "0.8 → 2.1 sprints" or "12 → 30 points" when no velocity is set. */
function runwayChange(summary: MeetingSummary): string {
  const { start, end } = summary.runway;
  if (start.sprintsCovered !== null && end.sprintsCovered !== null) {
    return `${start.sprintsCovered.toFixed(1)} → ${end.sprintsCovered.toFixed(1)}`;
  }
  return `${start.readyPoints} → ${end.readyPoints}`;
}

/**
 * The meeting's summary for the room once it ends, designed for the wall rather than enlarged
 * from the page: the headline counts as large numbers, then every list that has something in
 * it, cut to fit one screen ("+ 3 more"): the room cannot scroll. The whole summary is on
 * everyone's own screen and in the exports.
 */
export function SummaryMoment({ summary }: { summary: MeetingSummary }) {
  const { ref, budget } = useLineBudget();
  const lists = fitLists(summaryLists(summary), budget);
  const note = noChangesNote(summary);
  // The wall needs no date (the meeting just ended): duration, facilitator, who came.
  const byline = [partsText(summaryByline(summary, null)), summary.attendees.map((a) => a.name).join(', ')];
  const sprints = summary.runway.end.sprintsCovered !== null && summary.runway.start.sprintsCovered !== null;
  return (
    <section aria-label="Meeting summary" data-testid="projector-summary" className="flex min-h-0 flex-1 flex-col gap-5">
      <header>
        <p className={LABEL} data-label>
          The meeting has ended
        </p>
        <h2 className={`${HEADLINE} mt-1`}>Meeting summary</h2>
      </header>
      <div data-testid="meeting-summary" data-meeting-id={summary.meetingId} className="flex min-h-0 flex-1 flex-col gap-5">
        <p className={`${BODY} ${MUTED}`} data-testid="summary-attendees">
          {byline.join(' · ')}
        </p>
        <div className="grid grid-cols-5 gap-4">
          <Tile value={String(summary.created.length)} label="items created" testId="summary-tile-created" />
          <Tile value={String(summary.splits.length)} label="epics split" testId="summary-tile-splits" />
          <Tile value={String(summary.estimates.length)} label="estimates" testId="summary-tile-estimates" />
          <Tile value={String(summary.trimmed.length)} label="trimmed" testId="summary-tile-trimmed" />
          <Tile value={runwayChange(summary)} label={sprints ? 'sprints ready' : 'points ready'} testId="summary-tile-runway" />
        </div>
        {note && <p className={BODY}>{note}</p>}
        <div ref={ref} data-testid="projector-summary-lists" className="min-h-0 flex-1 columns-3 gap-8 overflow-hidden [column-fill:auto]">
          {lists.map((list) => (
            // A long list goes on in the next column; its heading stays with its first line.
            <section key={list.id} data-testid={`summary-${list.id}`} className="mb-3">
              <h3 className={`${LABEL} break-after-avoid`} data-label>
                {list.title} ({list.lines.length + list.hidden})
              </h3>
              <ul className={BODY}>
                {list.lines.map((line, i) => (
                  <li key={i} className="truncate">
                    {line}
                  </li>
                ))}
                {list.hidden > 0 && <li className={MUTED}>+ {list.hidden} more</li>}
              </ul>
            </section>
          ))}
        </div>
      </div>
    </section>
  );
}
