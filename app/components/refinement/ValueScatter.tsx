'use client';

import type { RefinementView } from '@/lib/refinement/board-view';
import { costOfDelay, jobSizeOf } from '@/lib/refinement/scores';

const W = 280;
const H = 180;
const PAD = 28;

/** Value (cost of delay, or business value) against job size for backlog items that have both. */
export function ValueScatter({ view }: { view: RefinementView }) {
  const points = view.backlog.flatMap((item) => {
    const details = view.details.get(item.id);
    if (!details) return [];
    const value = costOfDelay(details.wsjf).value;
    const size = jobSizeOf(details.wsjf, item.estimate);
    return value === null || size === null
      ? []
      : [{ id: item.id, title: item.title, value, size, ready: view.insights.get(item.id)?.readiness.ready ?? false }];
  });
  if (points.length === 0)
    return <p className="text-xs text-slate-500 dark:text-slate-400">Give items a value and a size to see them here.</p>;
  const maxValue = Math.max(...points.map((p) => p.value), 1);
  const maxSize = Math.max(...points.map((p) => p.size), 1);
  const x = (size: number) => PAD + (size / maxSize) * (W - PAD - 8);
  const y = (value: number) => H - PAD - (value / maxValue) * (H - PAD - 8);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-label="Value against job size" data-testid="value-scatter">
      <line x1={PAD} y1={H - PAD} x2={W} y2={H - PAD} className="stroke-slate-400" />
      <line x1={PAD} y1="0" x2={PAD} y2={H - PAD} className="stroke-slate-400" />
      <text x={W / 2} y={H - 6} textAnchor="middle" className="fill-slate-500 text-[10px]">
        job size →
      </text>
      <text x="10" y={H / 2} textAnchor="middle" transform={`rotate(-90 10 ${H / 2})`} className="fill-slate-500 text-[10px]">
        value →
      </text>
      {points.map((p) => (
        <circle
          key={p.id}
          cx={x(p.size)}
          cy={y(p.value)}
          r="5"
          className={p.ready ? 'fill-emerald-500' : 'fill-indigo-500'}
          fillOpacity="0.8"
        >
          <title>
            {p.title}: value {p.value}, size {p.size}
          </title>
        </circle>
      ))}
    </svg>
  );
}
