'use client';

import type { StageItem } from '@/lib/meeting/stage-items';
import { BODY, MUTED, NUMBER } from './type';

/** The items a stage concerns (lib/meeting/stage-items.ts), each with why it is listed. */
export function StageItems({ items, emptyText, focusId }: { items: readonly StageItem[]; emptyText: string; focusId: string | null }) {
  if (items.length === 0) return <p className={`${BODY} ${MUTED}`}>{emptyText}</p>;
  return (
    <ul className="space-y-3" data-testid="projector-stage-items">
      {items.map((item) => (
        <li
          key={item.id}
          data-item-id={item.id}
          className={`flex items-start gap-4 rounded-2xl border-4 px-5 py-2 ${
            item.id === focusId ? 'border-amber-500 bg-amber-100 dark:bg-amber-950' : 'border-transparent bg-slate-100 dark:bg-slate-900'
          }`}
        >
          <span className={`${NUMBER} w-20 shrink-0 text-right`}>{item.position !== null && `#${item.position}`}</span>
          <span className="min-w-0 flex-1">
            <span className="block text-3xl font-bold break-words">{item.title || 'Untitled'}</span>
            <span className={`block ${BODY} ${MUTED}`}>{item.note}</span>
          </span>
          {item.estimate !== null && (
            <span className={`${NUMBER} rounded-xl bg-slate-900 px-3 text-white dark:bg-slate-100 dark:text-slate-900`} title="Estimate">
              <span className="sr-only">Estimate </span>
              {item.estimate}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
