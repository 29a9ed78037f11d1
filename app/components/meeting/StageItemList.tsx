'use client';

import type { StageItem } from '@/lib/meeting/stage-items';

/** The items a stage concerns, each with why it is listed. Clicking one shows it on the board. */
export function StageItemList({
  items,
  focusId,
  onPick,
  large = false,
  emptyText,
}: {
  items: StageItem[];
  focusId: string | null;
  onPick: ((id: string) => void) | null;
  large?: boolean;
  emptyText: string;
}) {
  if (items.length === 0) return <p className={`${large ? 'text-2xl' : 'text-sm'} text-slate-600 dark:text-slate-400`}>{emptyText}</p>;
  return (
    <ul className="space-y-1" data-testid="meeting-stage-items">
      {items.map((item) => {
        const focused = item.id === focusId;
        const body = (
          <>
            <span className="w-8 shrink-0 text-right tabular-nums text-slate-500 dark:text-slate-400">
              {item.position !== null ? `#${item.position}` : '—'}
            </span>
            <span className="min-w-0 flex-1">
              <span className="font-semibold break-words">{item.title || 'Untitled'}</span>
              <span className={`block ${large ? 'text-xl' : 'text-xs'} text-slate-600 dark:text-slate-400`}>{item.note}</span>
            </span>
            {item.estimate !== null && (
              <span className="shrink-0 rounded-md bg-slate-200 px-2 font-bold tabular-nums dark:bg-slate-700">{item.estimate}</span>
            )}
          </>
        );
        const className = `flex w-full items-start gap-2 rounded-lg px-2 py-1 text-left ${large ? 'text-2xl' : 'text-sm'} ${
          focused ? 'bg-amber-100 ring-2 ring-amber-500 dark:bg-amber-950' : ''
        }`;
        return (
          <li key={item.id} data-testid="meeting-stage-item" data-item-id={item.id}>
            {onPick ? (
              <button type="button" className={`${className} hover:bg-slate-100 dark:hover:bg-slate-800`} onClick={() => onPick(item.id)}>
                {body}
              </button>
            ) : (
              <div className={className}>{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
