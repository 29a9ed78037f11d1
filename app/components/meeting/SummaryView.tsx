'use client';

import type { ReactNode } from 'react';
import { formatDateTime, formatDuration } from '@/lib/meeting/render';
import type { MeetingSummary, RankMove, RecordedNote } from '@/lib/meeting/summary';

function Section({ title, count, testId, children }: { title: string; count?: number; testId: string; children: ReactNode }) {
  return (
    <section data-testid={testId} className="space-y-1">
      <h3 className="text-sm font-bold">
        {title}
        {count !== undefined && <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">({count})</span>}
      </h3>
      {children}
    </section>
  );
}

function List({ items, empty }: { items: ReactNode[]; empty: string }) {
  if (items.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">{empty}</p>;
  return <ul className="list-disc space-y-0.5 pl-5 text-sm">{items}</ul>;
}

/** Lines recorded on items during the meeting (absent from summaries kept before they were). */
function Notes({ title, notes = [], testId }: { title: string; notes?: readonly RecordedNote[]; testId: string }) {
  return (
    <Section title={title} count={notes.length} testId={testId}>
      <List
        items={notes.map((n, i) => (
          <li key={`${n.item.id}-${i}`}>
            <span className="font-semibold">{n.item.title}</span>: {n.text}
          </li>
        ))}
        empty="None."
      />
    </Section>
  );
}

function move(m: RankMove): string {
  const from = m.from === null ? 'new' : `#${m.from}`;
  const to = m.to === null ? 'out of the backlog' : `#${m.to}`;
  return `${from} → ${to}`;
}

/** The meeting summary as a page: what changed, who came, what is still open, time per stage. */
export function SummaryView({ summary, timeZone }: { summary: MeetingSummary; timeZone?: string }) {
  const tz = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className="space-y-4" data-testid="meeting-summary" data-meeting-id={summary.meetingId}>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {formatDateTime(summary.startedAt, tz)} · {formatDuration(summary.durationMs)} · facilitated by {summary.startedBy}
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Section title="Attendees" count={summary.attendees.length} testId="summary-attendees">
          <List
            items={summary.attendees.map((a) => (
              <li key={`${a.role}:${a.name}`}>
                {a.name} <span className="text-slate-500">({a.role})</span>
              </li>
            ))}
            empty="Nobody recorded."
          />
        </Section>
        <Section title="Ready runway" testId="summary-runway">
          <ul className="text-sm">
            <li>At the start: {summary.runway.start.text}</li>
            <li>At the end: {summary.runway.end.text}</li>
          </ul>
        </Section>
        <Section title="Items created" count={summary.created.length} testId="summary-created">
          <List
            items={summary.created.map((c) => (
              <li key={c.id}>
                {c.title} <span className="text-slate-500">({c.kind})</span>
              </li>
            ))}
            empty="None."
          />
        </Section>
        <Section title="Split" count={summary.splits.length} testId="summary-splits">
          <List
            items={summary.splits.map((s) => (
              <li key={s.parent.id}>
                <b>{s.parent.title}</b> → {s.children.map((c) => c.title).join('; ')}
              </li>
            ))}
            empty="None."
          />
        </Section>
        <Section title="Parked in the tail" count={summary.parked.length} testId="summary-parked">
          <List
            items={summary.parked.map((p) => (
              <li key={p.id}>
                {p.title}
                {p.reason ? `: ${p.reason}` : ''}
              </li>
            ))}
            empty="None."
          />
        </Section>
        <Section title="Trimmed" count={summary.trimmed.length} testId="summary-trimmed">
          <List
            items={summary.trimmed.map((t) => (
              <li key={t.id}>{t.title}</li>
            ))}
            empty="None."
          />
        </Section>
        <Section title="Restored" count={summary.restored.length} testId="summary-restored">
          <List
            items={summary.restored.map((r) => (
              <li key={r.id}>
                {r.title} <span className="text-slate-500">(from the {r.from})</span>
              </li>
            ))}
            empty="None."
          />
        </Section>
        <Section title="Parked, then restored" count={summary.parkedThenRestored?.length ?? 0} testId="summary-parked-then-restored">
          <List
            items={(summary.parkedThenRestored ?? []).map((r) => (
              <li key={r.id}>{r.title}</li>
            ))}
            empty="None."
          />
        </Section>
        <Section title="Estimates" count={summary.estimates.length} testId="summary-estimates">
          <List
            items={summary.estimates.map((e) => (
              <li key={e.id}>
                {e.title}: {e.from ?? '—'} → {e.to ?? '—'}
              </li>
            ))}
            empty="None."
          />
        </Section>
        <Notes title="Objections to trimming" notes={summary.objections} testId="summary-objections" />
        <Notes title="Decisions" notes={summary.decisions} testId="summary-decisions" />
        <Notes title="Dependencies recorded" notes={summary.dependencies} testId="summary-dependencies" />
        <Notes title="Value hypotheses added" notes={summary.hypotheses} testId="summary-hypotheses" />
        <Section title={`Rank moves in the top ${summary.topN}`} count={summary.rankMoves.length} testId="summary-rank">
          <List
            items={summary.rankMoves.map((m) => (
              <li key={m.id}>
                {m.title}: {move(m)}
              </li>
            ))}
            empty="The top kept its order."
          />
        </Section>
        <Section title="Action items" count={summary.actions.length} testId="summary-actions">
          <List
            items={summary.actions.map((a, i) => (
              <li key={`${a.item.id}:${i}`}>
                {a.done ? '✓ ' : ''}
                {a.text} — {a.owner ?? 'no owner'}
                {a.due ? `, due ${a.due}` : ''} <span className="text-slate-500">(on {a.item.title})</span>
              </li>
            ))}
            empty="None."
          />
        </Section>
        <Section title="Open questions" count={summary.openQuestions.length} testId="summary-questions">
          <List
            items={summary.openQuestions.map((q, i) => (
              <li key={`${q.item.id}:${i}`}>
                {q.text} <span className="text-slate-500">(on {q.item.title})</span>
              </li>
            ))}
            empty="None."
          />
        </Section>
        {summary.removed.length > 0 && (
          <Section title="Removed for good" count={summary.removed.length} testId="summary-removed">
            <List
              items={summary.removed.map((r) => (
                <li key={r.id}>{r.title}</li>
              ))}
              empty="None."
            />
          </Section>
        )}
      </div>
      <Section title="Time per stage" testId="summary-stages">
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
            {summary.stages.map((s) => (
              <tr key={s.id} className="border-t border-slate-200 dark:border-slate-700">
                <td>{s.title}</td>
                <td className="tabular-nums">{s.plannedMinutes} min</td>
                <td className={`tabular-nums ${s.overrunMs > 0 ? 'font-semibold text-rose-700 dark:text-rose-300' : ''}`}>
                  {formatDuration(s.spentMs)}
                </td>
                <td className="text-slate-600 dark:text-slate-400">
                  {[
                    s.overrunMs > 0 ? `over by ${formatDuration(s.overrunMs)}` : '',
                    s.skipped ? 'skipped' : '',
                    s.dropped ? 'dropped' : '',
                    s.visits === 0 && !s.skipped ? 'not reached' : '',
                  ]
                    .filter(Boolean)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}
