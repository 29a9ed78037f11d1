'use client';

import type * as Y from 'yjs';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { openItemDetails } from '@/lib/client/open-item-details';
import { describeWarning } from '@/lib/refinement/dependencies';
import { dorProgressText, unmetCriteria } from '@/lib/refinement/readiness';
import { MISSING_LABEL, METHOD_LABEL, formatScore } from '@/lib/refinement/scores';

const badge = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold';

/**
 * What refinement knows about one card: Ready, score, "split me", dependency warnings, parent
 * and children's progress, "to discuss" after an objected trim, and a button for the details.
 */
export function CardBadges({ doc, itemId }: { doc: Y.Doc; itemId: string }) {
  const view = useRefinementView(doc);
  const insight = view.insights.get(itemId);
  // Every backlog card has this line; until the view has the card (its first computation runs
  // after the live list has painted, and a new card's a frame after it appears) the line's
  // height is kept, so the cards under it do not move down when it fills in.
  if (!insight) return <div aria-hidden="true" className="mt-1 h-5" data-testid="card-badges-pending" />;
  const titleOf = (id: string) => view.items.find((i) => i.id === id)?.title ?? 'a removed item';
  const { readiness, score, progress, parent } = insight;
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1.5" data-testid="card-badges" data-item-id={itemId}>
      {readiness.ready ? (
        <span className={`${badge} bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100`} data-testid="ready-badge">
          Ready
        </span>
      ) : (
        <span
          className={`${badge} bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200`}
          data-testid="dor-progress"
          title={unmetCriteria(readiness).join(', ')}
        >
          {dorProgressText(readiness)}
        </span>
      )}
      {score && (
        <span className={`${badge} bg-indigo-100 text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100`} data-testid="score-badge">
          {METHOD_LABEL[view.settings.method]} {score.value === null ? MISSING_LABEL[score.missing!] : formatScore(score.value)}
        </span>
      )}
      {insight.splitMe && (
        <span
          className={`${badge} bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100`}
          data-testid="split-me-badge"
          title={`More than ${view.sprintLimit} points: split it`}
        >
          Split me
        </span>
      )}
      {insight.attention && (
        <span className={`${badge} bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100`} data-testid="attention-badge">
          Sprint {insight.sprint}: {readiness.criteria.some((c) => c.id === 'estimated' && !c.met) ? 'not estimated' : 'not Ready'}
        </span>
      )}
      {insight.warnings.map((warning, i) => (
        <span
          key={i}
          className={`${badge} bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100`}
          data-testid="dependency-warning"
          role="note"
        >
          ⚠ {describeWarning(warning, titleOf)}
        </span>
      ))}
      {parent && (
        <span className={`${badge} bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200`} data-testid="parent-badge">
          ↳ {parent.title}
        </span>
      )}
      {progress && (
        <span
          className={`${badge} ${progress.difference !== null && progress.difference > 0 ? 'bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100' : 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100'}`}
          data-testid="children-progress"
        >
          {progress.estimated}/{progress.total} estimated · {progress.sum}
          {progress.own !== null && ` of ${progress.own}`} pts
        </span>
      )}
      {insight.suggestTail && (
        <span className={`${badge} bg-purple-100 text-purple-900 dark:bg-purple-900 dark:text-purple-100`} data-testid="tail-suggestion">
          Off vision: park it?
        </span>
      )}
      {insight.discussion && (
        <span
          className={`${badge} bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100`}
          data-testid="discuss-badge"
          title={insight.discussion.reason ?? undefined}
        >
          To discuss ({insight.discussion.objectedBy} objected to trim)
        </span>
      )}
      <button
        type="button"
        onClick={() => openItemDetails(itemId)}
        className="ml-auto rounded-lg px-2 py-0.5 text-xs font-semibold text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-indigo-950"
        data-testid="open-details"
      >
        Details
      </button>
    </div>
  );
}
