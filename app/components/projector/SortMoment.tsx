'use client';

import type { SortPreviewView } from '@/lib/protocol';
import { METHOD_LABEL, formatScore } from '@/lib/refinement/scores';
import { BODY, HEADLINE, LABEL, MUTED, NUMBER } from './type';

/** How many moves fit the screen; the rest are counted. */
const SHOWN_MOVES = 12;

/**
 * The facilitator's sort preview, relayed by the server: which cards move from where to where
 * and their scores; once applied, the same moves as the new order's result.
 */
export function SortMoment({ preview }: { preview: SortPreviewView }) {
  const applied = preview.phase === 'applied';
  const shown = preview.moves.slice(0, SHOWN_MOVES);
  const more = preview.total - shown.length;
  return (
    <section
      aria-label="Sort preview"
      data-testid="projector-sort"
      data-phase={preview.phase}
      className="flex min-h-0 flex-1 flex-col gap-6"
    >
      <header>
        <p className={LABEL} data-label>
          {applied ? `Sorted by ${METHOD_LABEL[preview.method]} · by ${preview.by}` : `Preview: sort by ${METHOD_LABEL[preview.method]}`}
        </p>
        <h2 className={`${HEADLINE} mt-2`}>
          {preview.total === 0
            ? 'Already in order: nothing moves'
            : applied
              ? `New order applied: ${preview.total} ${preview.total === 1 ? 'card' : 'cards'} moved`
              : `${preview.total} ${preview.total === 1 ? 'card moves' : 'cards move'}`}
        </h2>
      </header>
      <table className="w-full table-fixed border-separate border-spacing-y-2" data-testid="projector-sort-moves">
        <thead>
          <tr className={`${LABEL} text-left`}>
            <th className="w-[55%] px-4" data-label>
              Card
            </th>
            <th className="px-4 text-right" data-label>
              From → to
            </th>
            <th className="px-4 text-right" data-label>
              Score
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((move) => {
            const up = move.to < move.from;
            return (
              <tr key={move.id} data-testid="projector-sort-move" className="bg-slate-100 dark:bg-slate-900">
                <td className="truncate rounded-l-xl px-4 py-2 text-3xl font-bold">{move.title || 'Untitled'}</td>
                <td className={`${NUMBER} px-4 py-2 text-right whitespace-nowrap`}>
                  #{move.from + 1}{' '}
                  <span className={up ? 'text-emerald-700 dark:text-emerald-400' : 'text-rose-700 dark:text-rose-400'}>→</span> #
                  {move.to + 1}
                </td>
                <td className={`${NUMBER} rounded-r-xl px-4 py-2 text-right`}>{formatScore(move.score)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {more > 0 && <p className={`${BODY} ${MUTED}`}>and {more} more</p>}
    </section>
  );
}
