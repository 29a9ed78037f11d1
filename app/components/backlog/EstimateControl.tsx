'use client';

import type * as Y from 'yjs';
import type { ItemView } from '@/lib/board/schema';
import type { BoardActions } from '@/lib/client/board-actions';
import { useEstimateCards } from '@/lib/client/hooks/use-estimate-cards';
import { cardOfEstimate, cardToEstimate, findCard } from '@/lib/poker/decks';

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

/** Manual estimate from the board's own poker deck (poker writes the accepted one through the server). */
export function EstimateSelect({ item, actions, doc }: { item: ItemView; actions: BoardActions; doc: Y.Doc }) {
  const cards = useEstimateCards(doc);
  const card = cardOfEstimate(cards, { value: item.estimate, label: item.estimateLabel });
  // An estimate from before a deck change stays shown as it is, until someone picks a card.
  const off = card ? null : estimateText(item);
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-300">Estimate</span>
      <select
        value={card?.label ?? off ?? ''}
        onChange={(event) => {
          const chosen = findCard(cards, event.target.value);
          actions.setEstimate(item.id, chosen ? cardToEstimate(chosen) : { value: null, label: null });
        }}
        className="h-8 rounded-lg border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900"
        data-testid="card-estimate-select"
      >
        <option value="">Not estimated</option>
        {off !== null && (
          <option value={off} disabled>
            {off} (not in the deck)
          </option>
        )}
        {cards.map((c) => (
          <option key={c.label} value={c.label}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
