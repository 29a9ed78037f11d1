'use client';

import type * as Y from 'yjs';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { openItemDetails } from '@/lib/client/open-item-details';
import { describeWarning } from '@/lib/refinement/dependencies';
import { hint, sectionTitle } from '../ui/styles';

/** Every dependency on the board, in backlog order, with its warnings. */
export function DependencyList({ doc }: { doc: Y.Doc }) {
  const view = useRefinementView(doc);
  const titleOf = (id: string) => view.items.find((i) => i.id === id)?.title ?? 'a removed item';
  const rows = view.items.filter((i) => i.zone !== 'trimmed' && (view.details.get(i.id)?.dependencies.length ?? 0) > 0);
  return (
    <section aria-labelledby="dependency-list-heading" data-testid="dependency-list">
      <h3 id="dependency-list-heading" className={sectionTitle}>
        Dependencies
      </h3>
      {rows.length === 0 && <p className={hint}>No dependencies recorded.</p>}
      <ul className="mt-1 space-y-2">
        {rows.map((item) => (
          <li key={item.id} className="text-sm" data-testid="dependency-row">
            <button type="button" className="font-semibold hover:underline" onClick={() => openItemDetails(item.id)}>
              {item.title}
            </button>{' '}
            <span className={hint}>is blocked by</span>{' '}
            {view.details
              .get(item.id)!
              .dependencies.map((d) => (d.kind === 'item' ? titleOf(d.itemId) : `${d.name} (${d.status})`))
              .join(', ')}
            {view.insights.get(item.id)!.warnings.map((w, i) => (
              <p key={i} className="text-xs text-red-700 dark:text-red-300" data-testid="dependency-list-warning">
                ⚠ {describeWarning(w, titleOf)}
              </p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
