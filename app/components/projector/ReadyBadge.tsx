'use client';

import { type Readiness, dorProgressText, unmetCriteria } from '@/lib/refinement/readiness';

/** "Ready", or how much of the Definition of Ready a card meets, in projector type. */
export function ReadyBadge({ readiness }: { readiness: Readiness }) {
  return readiness.ready ? (
    <span
      className="rounded-full bg-emerald-100 px-3 py-0.5 text-2xl font-bold text-emerald-950 dark:bg-emerald-950 dark:text-emerald-100"
      data-testid="present-ready"
    >
      Ready
    </span>
  ) : (
    <span
      className="rounded-full bg-slate-200 px-3 py-0.5 text-2xl font-bold text-slate-800 dark:bg-slate-800 dark:text-slate-200"
      data-testid="present-not-ready"
      title={unmetCriteria(readiness).join(', ')}
    >
      {dorProgressText(readiness)}
    </span>
  );
}
