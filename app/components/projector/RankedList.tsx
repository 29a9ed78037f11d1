'use client';

import { useEffect } from 'react';
import type { ItemView } from '@/lib/board/schema';
import type { RefinementView } from '@/lib/refinement/board-view';
import { formatScore } from '@/lib/refinement/scores';
import { estimateText } from '../backlog/EstimateControl';
import { KIND_BADGE, KIND_LABEL } from '../ui/kinds';
import { ReadyBadge } from './ReadyBadge';

/**
 * The ranked backlog for the room: position, kind, title, Ready badge, optionally the score,
 * the estimate, and the sprint cut lines drawn between the cards. The focused card is
 * highlighted and brought to the middle.
 */
export function RankedList({
  view,
  items = view.backlog,
  focusId,
  showScore = false,
}: {
  view: RefinementView;
  items?: readonly ItemView[];
  focusId: string | null;
  showScore?: boolean;
}) {
  const velocity = view.settings.velocity;
  const linesAfter = new Map<string, typeof view.cutPlan.lines>();
  for (const line of view.cutPlan.lines) {
    if (line.afterId === null) continue;
    linesAfter.set(line.afterId, [...(linesAfter.get(line.afterId) ?? []), line]);
  }
  const position = new Map(view.backlog.map((item, i) => [item.id, i + 1]));

  useEffect(() => {
    if (!focusId) return;
    const card = document.querySelector(`[data-present-id="${CSS.escape(focusId)}"]`);
    card?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [focusId, items.length]);

  return (
    <ol className="space-y-3" data-testid="present-list">
      {items.map((item) => {
        const isFocus = item.id === focusId;
        const insight = view.insights.get(item.id);
        const estimate = estimateText(item);
        return (
          <li key={item.id} className="[contain-intrinsic-size:auto_5rem] [content-visibility:auto]">
            <div
              data-present-id={item.id}
              data-testid="present-card"
              data-focused={isFocus || undefined}
              aria-current={isFocus ? 'true' : undefined}
              className={`flex items-center gap-4 rounded-2xl border-4 px-5 py-2 ${
                isFocus ? 'border-amber-500 bg-amber-100 dark:bg-amber-950' : 'border-transparent bg-slate-100 dark:bg-slate-900'
              }`}
            >
              <span className="w-16 shrink-0 text-right text-4xl font-black tabular-nums">{position.get(item.id) ?? '–'}</span>
              <span className={`shrink-0 rounded-full px-3 py-1 text-2xl font-bold ${KIND_BADGE[item.kind]}`}>{KIND_LABEL[item.kind]}</span>
              <span className="min-w-0 flex-1 text-3xl leading-tight font-semibold break-words" data-testid="present-title">
                {item.title || 'Untitled'}
              </span>
              {insight && <ReadyBadge readiness={insight.readiness} />}
              {showScore && (
                <span
                  className="shrink-0 text-4xl font-black text-indigo-800 tabular-nums dark:text-indigo-300"
                  title="Score"
                  data-testid="present-score"
                >
                  {formatScore(insight?.score?.value ?? null)}
                </span>
              )}
              <span
                data-testid="card-estimate"
                className={`min-w-16 shrink-0 rounded-xl px-3 text-center text-4xl font-black tabular-nums ${
                  estimate === null
                    ? 'border-2 border-dashed border-slate-500 text-slate-700 dark:text-slate-300'
                    : 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
                }`}
              >
                <span className="sr-only">Estimate </span>
                {estimate ?? '–'}
              </span>
            </div>
            {velocity !== null &&
              (linesAfter.get(item.id) ?? []).map((line) => (
                <div
                  key={line.sprint}
                  role="separator"
                  aria-label={`End of sprint ${line.sprint}`}
                  data-testid="present-cut-line"
                  className="mt-3 flex items-center gap-4 text-2xl font-bold text-indigo-800 dark:text-indigo-300"
                >
                  <span className="h-1 flex-1 bg-indigo-600" />
                  <span>
                    End of sprint {line.sprint} · {line.points} of {velocity} points{line.filled ? '' : ' (backlog runs out)'}
                  </span>
                  <span className="h-1 flex-1 bg-indigo-600" />
                </div>
              ))}
          </li>
        );
      })}
    </ol>
  );
}
