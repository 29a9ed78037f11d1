'use client';

import type { ReactNode } from 'react';
import type { MeetingSummary } from '@/lib/meeting/summary';
import {
  type LinePart,
  type SummaryLine,
  type SummarySection,
  noChangesNote,
  stageTable,
  summaryByline,
  summarySections,
} from '@/lib/meeting/summary-sections';
import { viewerTimeZone } from './viewer-time-zone';

const SOFT = 'text-slate-500 dark:text-slate-400';

function Parts({ parts }: { parts: readonly LinePart[] }) {
  return parts.map((p, i) =>
    p.kind === 'item' ? (
      <span key={i} className="font-semibold">
        {p.text}
      </span>
    ) : (
      p.text
    ),
  );
}

function Line({ line }: { line: SummaryLine }) {
  return (
    <li>
      {line.done && '✓ '}
      <Parts parts={line.parts} />
      {line.aside.length > 0 && (
        <span className={SOFT}>
          {' ('}
          <Parts parts={line.aside} />)
        </span>
      )}
    </li>
  );
}

function Section({ testId, title, count, children }: { testId: string; title: string; count: number | null; children: ReactNode }) {
  return (
    <section data-testid={testId} className="space-y-1">
      <h3 className="text-sm font-bold">
        {title}
        {count !== null && <span className={`ml-1 font-normal ${SOFT}`}>({count})</span>}
      </h3>
      {children}
    </section>
  );
}

function ListSection({ section }: { section: SummarySection }) {
  return (
    <Section testId={`summary-${section.id}`} title={section.title} count={section.count}>
      {section.lines.length === 0 ? (
        <p className={`text-sm ${SOFT}`}>{section.empty}</p>
      ) : (
        <ul className="list-disc space-y-0.5 pl-5 text-sm">
          {section.lines.map((line) => (
            <Line key={line.key} line={line} />
          ))}
        </ul>
      )}
    </Section>
  );
}

function SectionGrid({ sections }: { sections: readonly SummarySection[] }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {sections.map((s) => (
        <ListSection key={s.id} section={s} />
      ))}
    </div>
  );
}

function StageTable({ summary }: { summary: MeetingSummary }) {
  const { rows, total } = stageTable(summary);
  return (
    <Section testId="summary-stages" title="Time per stage" count={null}>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="text-slate-500">
            <th className="font-semibold">Stage</th>
            <th className="font-semibold">Timebox</th>
            <th className="font-semibold">Spent</th>
            <th className="font-semibold">Note</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id} className="border-t border-slate-200 dark:border-slate-700">
              <td>{s.title}</td>
              <td className="tabular-nums">{s.timebox}</td>
              <td className={`tabular-nums ${s.overrun ? 'font-semibold text-rose-700 dark:text-rose-300' : ''}`}>{s.spent}</td>
              <td className="text-slate-600 dark:text-slate-400">{s.note}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t border-slate-300 font-semibold dark:border-slate-600">
            <td>Total</td>
            <td className="tabular-nums">{total.timebox}</td>
            <td className="tabular-nums">{total.spent}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </Section>
  );
}

/**
 * The meeting summary as a page: who came, what changed, what is still open, time per stage.
 * Sections, their order and their wording come from `summarySections`, as in the Markdown export
 * and on the projector.
 */
export function SummaryView({ summary, timeZone }: { summary: MeetingSummary; timeZone?: string }) {
  const tz = timeZone ?? viewerTimeZone();
  const sections = summarySections(summary);
  const note = noChangesNote(summary);
  return (
    <div className="space-y-4" data-testid="meeting-summary" data-meeting-id={summary.meetingId}>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        <Parts parts={summaryByline(summary, tz)} />
      </p>
      <SectionGrid sections={sections.filter((s) => s.part === 'meeting')} />
      {note && <p className={`text-sm ${SOFT}`}>{note}</p>}
      <SectionGrid sections={sections.filter((s) => s.part === 'changes')} />
      <StageTable summary={summary} />
    </div>
  );
}
