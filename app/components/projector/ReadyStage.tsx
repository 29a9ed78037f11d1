'use client';

import { formatRunway } from '@/lib/refinement/runway';
import type { RefinementView } from '@/lib/refinement/board-view';
import { RankedList } from './RankedList';
import { BODY, MUTED, NUMBER } from './type';

/**
 * The Ready check: the runway as a large gauge (one tick per sprint being prepared), and the
 * top of the ranked backlog with the sprint cut lines and every card's Ready badge.
 */
export function ReadyStage({ view, focusId }: { view: RefinementView; focusId: string | null }) {
  const { runway } = view;
  const sprints = view.settings.sprintsToPrepare;
  const fraction = runway.fraction ?? 0;
  const blocked = runway.blockedBy ? (view.items.find((i) => i.id === runway.blockedBy)?.title ?? null) : null;
  // The horizon being prepared, and a few cards past it: where the next line would fall.
  const shown = view.cutPlan.sprintOf.size > 0 ? view.backlog.slice(0, view.cutPlan.sprintOf.size + 3) : view.backlog.slice(0, 12);
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-5">
      <div data-testid="projector-runway" className="space-y-2">
        <p className="text-3xl font-bold" data-testid="runway-text">
          {formatRunway(runway)}
        </p>
        {runway.targetPoints !== null && (
          <div className="flex items-center gap-5">
            <div
              className="relative h-14 flex-1 overflow-hidden rounded-2xl bg-slate-200 dark:bg-slate-800"
              role="img"
              aria-label={`${Math.round(fraction * 100)}% of the target`}
            >
              <div className={`h-full ${fraction >= 1 ? 'bg-emerald-600' : 'bg-indigo-600'}`} style={{ width: `${fraction * 100}%` }} />
              {Array.from({ length: Math.max(0, sprints - 1) }, (_, i) => (
                <span
                  key={i}
                  className="absolute inset-y-0 w-1 bg-slate-900 dark:bg-white"
                  style={{ left: `${((i + 1) / sprints) * 100}%` }}
                />
              ))}
            </div>
            <span className={NUMBER}>{Math.round(fraction * 100)}%</span>
          </div>
        )}
        {blocked && <p className={`${BODY} ${MUTED}`}>Stops at “{blocked}”, which is not Ready.</p>}
      </div>
      <div className="min-h-0 flex-1 overflow-hidden">
        <RankedList view={view} items={shown} focusId={focusId} />
      </div>
    </div>
  );
}
