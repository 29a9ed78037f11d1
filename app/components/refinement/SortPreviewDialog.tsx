'use client';

import { useCallback, useMemo } from 'react';
import type { BoardConnection } from '@/lib/client/board-connection';
import { useBoardWrite } from '@/lib/client/hooks/use-board-write';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { useShareSortPreview } from '@/lib/client/hooks/use-sort-preview';
import { METHOD_LABEL, formatScore } from '@/lib/refinement/scores';
import { dependentsAbove } from '@/lib/refinement/dependencies';
import { applySortPlan, planSortByScore } from '@/lib/refinement/sort';
import { Modal } from '../ui/Modal';
import { btnSecondary, hint, btnPrimary } from '../ui/styles';

/**
 * "Sort by score": shows which cards move from where to where, then applies the order as one
 * change (one undo step). The plan is recomputed live while the dialog is open, and a
 * facilitator's preview is shown to the room (the projector) as it goes.
 */
export function SortPreviewDialog({ connection, open, onClose }: { connection: BoardConnection; open: boolean; onClose: () => void }) {
  const view = useRefinementView(connection.doc);
  const { write } = useBoardWrite(connection);
  const scoreOf = useCallback((id: string) => view.insights.get(id)?.score?.value ?? null, [view]);
  const plan = useMemo(() => planSortByScore(view.backlog, scoreOf), [view.backlog, scoreOf]);
  const method = view.settings.method;
  // Cards the new order would put above something they depend on: the team would pull them first.
  const above = useMemo(() => dependentsAbove(plan.order, (id) => view.details.get(id)?.dependencies ?? []), [plan.order, view.details]);
  const titleOf = (id: string) => view.items.find((i) => i.id === id)?.title || 'Untitled';
  const { shareApplied } = useShareSortPreview(connection, open, method, plan, scoreOf);
  return (
    <Modal open={open} onClose={onClose} labelledBy="sort-preview-heading" className="w-[min(32rem,95vw)]">
      <div className="space-y-3 p-4" data-testid="sort-preview">
        <h2 id="sort-preview-heading" className="text-lg font-bold">
          Sort by {METHOD_LABEL[method]}
        </h2>
        {method === 'manual' ? (
          <p className="text-sm">The board is ordered by hand. Choose WSJF, value/effort or MoSCoW in the settings first.</p>
        ) : plan.moves.length === 0 ? (
          <p className="text-sm" data-testid="sort-no-moves">
            The backlog is already in {METHOD_LABEL[method]} order.
          </p>
        ) : (
          <>
            <p className="text-sm">{plan.moves.length} card(s) move. Cards without a score keep their order at the bottom.</p>
            {above.length > 0 && (
              <div
                role="alert"
                className="rounded-lg border border-amber-400 bg-amber-50 p-2 text-sm dark:bg-amber-950"
                data-testid="sort-dependency-warning"
              >
                <p className="font-semibold">
                  The new order puts {above.length === 1 ? 'a card' : `${above.length} cards`} above what they depend on:
                </p>
                <ul className="list-disc pl-5">
                  {above.map((w) => (
                    <li key={`${w.id}-${w.dependsOn}`}>
                      “{titleOf(w.id)}” above “{titleOf(w.dependsOn)}”
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <ol className="max-h-80 space-y-1 overflow-y-auto text-sm" data-testid="sort-moves">
              {plan.moves.map((move) => (
                <li key={move.id} data-testid="sort-move" className="flex justify-between gap-2">
                  <span className="truncate">{move.title}</span>
                  <span className="shrink-0 tabular-nums">
                    #{move.from + 1} → #{move.to + 1}{' '}
                    <span className={hint}>({formatScore(view.insights.get(move.id)?.score?.value ?? null)})</span>
                  </span>
                </li>
              ))}
            </ol>
          </>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={btnSecondary} onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={btnPrimary}
            disabled={method === 'manual' || plan.moves.length === 0}
            onClick={() => {
              write((d, o) => applySortPlan(d, plan, o));
              shareApplied();
              onClose();
            }}
            data-testid="sort-apply"
          >
            Apply new order
          </button>
        </div>
      </div>
    </Modal>
  );
}
