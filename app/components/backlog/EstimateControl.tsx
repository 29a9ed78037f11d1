'use client';

import type { ItemView } from '@/lib/board/schema';
import type { BoardActions } from '@/lib/client/board-actions';

const DECK = ['0', '0.5', '1', '2', '3', '5', '8', '13', '20', '40', '100', '?'];

export function estimateText(item: Pick<ItemView, 'estimate' | 'estimateLabel'>): string | null {
  if (item.estimateLabel) return item.estimateLabel;
  if (item.estimate !== null) return String(item.estimate);
  return null;
}

/** Small chip shown on every card. */
export function EstimateChip({ item, large = false }: { item: Pick<ItemView, 'estimate' | 'estimateLabel'>; large?: boolean }) {
  const text = estimateText(item);
  return (
    <span
      data-testid="card-estimate"
      title={text === null ? 'Not estimated' : `Estimate: ${text}`}
      className={`inline-flex shrink-0 items-center justify-center rounded-md font-semibold tabular-nums ${
        large ? 'min-w-14 px-3 py-1 text-2xl' : 'h-7 min-w-8 px-1.5 text-xs'
      } ${
        text === null
          ? 'border border-dashed border-slate-300 text-slate-500 dark:border-slate-600 dark:text-slate-400'
          : 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
      }`}
    >
      <span className="sr-only">Estimate </span>
      {text ?? '–'}
    </span>
  );
}

/** Manual estimate (planning poker writes the accepted one through the server). */
export function EstimateSelect({ item, actions }: { item: ItemView; actions: BoardActions }) {
  const current = estimateText(item) ?? '';
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-300">Estimate</span>
      <select
        value={DECK.includes(current) || current === '' ? current : current}
        onChange={(event) => {
          const value = event.target.value;
          if (value === '') actions.setEstimate(item.id, { value: null, label: null });
          else if (value === '?') actions.setEstimate(item.id, { value: null, label: '?' });
          else actions.setEstimate(item.id, { value: Number(value), label: null });
        }}
        className="h-8 rounded-lg border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        <option value="">Not estimated</option>
        {!DECK.includes(current) && current !== '' && <option value={current}>{current}</option>}
        {DECK.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    </label>
  );
}
