'use client';

import type { PokerStats } from '@/lib/poker/stats';
import { sectionLabel } from '../ui/styles';
import { consensusText, formatPoints } from './format-points';

/** After the reveal: distribution chart and the numbers the team talks about. */
export function RoundResults({ stats }: { stats: PokerStats }) {
  const max = Math.max(1, ...stats.distribution.map((d) => d.count));
  const shown = stats.distribution.filter((d) => d.count > 0);
  return (
    <div data-testid="poker-results" className="space-y-3">
      <div
        data-testid="poker-consensus"
        data-consensus={stats.consensus}
        className={`rounded-xl px-3 py-2 text-sm font-semibold ${
          stats.consensus
            ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100'
            : stats.nearConsensus
              ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100'
              : 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100'
        }`}
      >
        {consensusText(stats)}
      </div>
      <dl className="grid grid-cols-4 gap-2 text-center">
        <Stat label="Average" value={formatPoints(stats.average)} testId="poker-stat-average" />
        <Stat label="Median" value={formatPoints(stats.median)} testId="poker-stat-median" />
        <Stat label="Most" value={stats.mode.join(', ') || '–'} testId="poker-stat-mode" />
        <Stat label="Suggest" value={stats.suggested?.label ?? '–'} testId="poker-stat-suggested" highlight />
      </dl>
      <div>
        <h4 className={sectionLabel}>Distribution</h4>
        <ul className="mt-2 space-y-1" data-testid="poker-distribution" aria-label="Votes per card">
          {shown.map((d) => (
            <li key={d.label} className="flex items-center gap-2 text-sm" data-testid={`poker-dist-${d.label}`}>
              <span className="w-9 shrink-0 text-right font-bold">{d.label}</span>
              <span className="h-6 flex-1 rounded-md bg-slate-100 dark:bg-slate-800">
                <span className="block h-full rounded-md bg-indigo-500" style={{ width: `${(d.count / max) * 100}%` }} />
              </span>
              <span className="w-6 shrink-0 font-mono text-xs tabular-nums">{d.count}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Stat({ label, value, testId, highlight = false }: { label: string; value: string; testId: string; highlight?: boolean }) {
  return (
    <div className={`rounded-xl px-1 py-2 ${highlight ? 'bg-indigo-600 text-white dark:bg-indigo-500' : 'bg-slate-100 dark:bg-slate-800'}`}>
      <dt className={`text-[11px] font-semibold uppercase ${highlight ? 'text-indigo-100' : 'text-slate-500 dark:text-slate-400'}`}>
        {label}
      </dt>
      <dd className="truncate text-lg font-bold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
