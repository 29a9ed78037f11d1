'use client';

import { useState } from 'react';
import { ChevronIcon } from '../ui/icons';
import type { CardListProps } from './BacklogList';
import { ItemCard } from './ItemCard';

/**
 * The tail: parked items, below the backlog, waiting for the team to trim or restore them.
 * Usually short, so it is not virtualized.
 */
export function TailSection(props: CardListProps) {
  const [open, setOpen] = useState(true);
  const { items } = props;
  return (
    <section aria-labelledby="tail-heading" className="mt-6 px-3 pb-24 sm:px-4" data-testid="tail">
      <h2 id="tail-heading" className="flex items-center gap-2">
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
          className="inline-flex items-center gap-1.5 rounded-lg py-1 pr-2 text-sm font-bold tracking-wide text-slate-700 uppercase hover:text-slate-950 dark:text-slate-300 dark:hover:text-white"
        >
          <ChevronIcon className={`transition-transform ${open ? 'rotate-90' : ''}`} />
          Tail · parked
          <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800 normal-case dark:bg-slate-800 dark:text-slate-200">
            {items.length}
          </span>
        </button>
      </h2>
      {open &&
        (items.length === 0 ? (
          <p className="mt-2 rounded-xl border border-dashed border-slate-300 p-4 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            Nothing parked. Park stale items here (card menu → Park) so the team can agree to trim them.
          </p>
        ) : (
          <ul className="mt-2 space-y-2" aria-label="Parked items">
            {items.map((item) => (
              <li key={item.id} data-testid="tail-card" data-item-id={item.id}>
                <ItemCard
                  item={item}
                  position={null}
                  canEdit={props.canEdit}
                  selected={item.id === props.selectedId}
                  editing={props.editing?.id === item.id ? props.editing.field : null}
                  expanded={props.expanded.has(item.id)}
                  peers={props.peerFocus.get(item.id)}
                  facilitatorFocused={item.id === props.facilitatorFocusId}
                  connection={props.connection}
                  actions={props.actions}
                  handlers={props.handlers}
                />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
