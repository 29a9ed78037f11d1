'use client';

import type { KeyboardEvent } from 'react';
import { setWsjfInputs } from '@/lib/board/item-details';
import type { BoardConnection } from '@/lib/client/board-connection';
import { useBoardWrite } from '@/lib/client/hooks/use-board-write';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { MISSING_LABEL, formatScore } from '@/lib/refinement/scores';
import { Modal } from '../ui/Modal';
import { Refusal } from '../ui/Refusal';
import { btnSecondary, hint } from '../ui/styles';
import { NumberField, WSJF_FIELDS } from './WsjfInputs';

/**
 * WSJF inputs for the whole backlog in one grid, instead of one dialog per item: type a value,
 * Enter or ↓ goes to the same column of the next item, ↑ to the one above, Tab along the row.
 * Each value is written when it is committed, and the scores update live for everyone.
 */
export function WsjfGrid({ connection, open, onClose }: { connection: BoardConnection; open: boolean; onClose: () => void }) {
  const view = useRefinementView(connection.doc);
  const { write, error } = useBoardWrite(connection);
  const move = (event: KeyboardEvent<HTMLInputElement>, row: number, column: number) => {
    const step = event.key === 'ArrowDown' || event.key === 'Enter' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    // Leaving the cell commits it (blur), then the neighbour takes the focus.
    document.querySelector<HTMLInputElement>(`[data-wsjf-cell="${row + step}-${column}"] input`)?.focus();
  };
  return (
    <Modal open={open} onClose={onClose} labelledBy="wsjf-grid-heading" className="w-[min(56rem,96vw)]">
      <div className="space-y-3 p-4" data-testid="wsjf-grid">
        <h2 id="wsjf-grid-heading" className="text-lg font-bold">
          WSJF inputs
        </h2>
        <p className={hint}>Enter or ↓: next item · ↑: previous · Tab: next column. An empty job size uses the estimate.</p>
        <div className="max-h-[65dvh] overflow-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs">
                <th className="py-1 pr-2">Item</th>
                {WSJF_FIELDS.map((f) => (
                  <th key={f.key} className="px-1 py-1">
                    {f.label}
                  </th>
                ))}
                <th className="px-1 py-1 text-right">WSJF</th>
              </tr>
            </thead>
            <tbody>
              {view.backlog.map((item, row) => {
                const details = view.details.get(item.id);
                const score = view.insights.get(item.id)?.score ?? null;
                return (
                  <tr
                    key={item.id}
                    className="border-t border-slate-200 dark:border-slate-800"
                    data-testid="wsjf-row"
                    data-item-id={item.id}
                  >
                    <td className="max-w-56 truncate py-1 pr-2 font-semibold" title={item.title}>
                      {item.title || 'Untitled'}
                    </td>
                    {WSJF_FIELDS.map((f, column) => (
                      <td key={f.key} className="px-1 py-1" data-wsjf-cell={`${row}-${column}`}>
                        <NumberField
                          label={`${f.label} of ${item.title || 'Untitled'}`}
                          hideLabel
                          value={details?.wsjf[f.key] ?? null}
                          placeholder={f.key === 'jobSize' && item.estimate !== null ? String(item.estimate) : undefined}
                          disabled={false}
                          onCommit={(value) => write((d, o) => setWsjfInputs(d, item.id, { [f.key]: value }, o))}
                          onKeyDown={(event) => move(event, row, column)}
                          testId={`wsjf-cell-${f.key}`}
                        />
                      </td>
                    ))}
                    <td className="px-1 py-1 text-right tabular-nums" data-testid="wsjf-row-score">
                      {score ? (score.value === null ? MISSING_LABEL[score.missing!] : formatScore(score.value)) : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <Refusal message={error} />
        <div className="flex justify-end">
          <button type="button" className={btnSecondary} onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Modal>
  );
}
