'use client';

import { formatRunway, type Runway } from '@/lib/refinement/runway';

/** "Ready runway: 34 of 60 points, 1.1 sprints" as a bar with one tick per sprint. */
export function RunwayGauge({ runway, sprints, blockedTitle }: { runway: Runway; sprints: number; blockedTitle: string | null }) {
  const fraction = runway.fraction ?? 0;
  return (
    <div data-testid="runway-gauge" className="space-y-1">
      <p className="text-sm font-semibold" data-testid="runway-text">
        {formatRunway(runway)}
      </p>
      {runway.targetPoints !== null && (
        <svg viewBox="0 0 200 16" className="h-4 w-full" role="img" aria-label={`${Math.round(fraction * 100)}% of the target`}>
          <rect x="0" y="2" width="200" height="12" rx="6" className="fill-slate-200 dark:fill-slate-800" />
          <rect x="0" y="2" width={200 * fraction} height="12" rx="6" className={fraction >= 1 ? 'fill-emerald-500' : 'fill-indigo-500'} />
          {Array.from({ length: sprints - 1 }, (_, i) => (
            <line
              key={i}
              x1={(200 * (i + 1)) / sprints}
              x2={(200 * (i + 1)) / sprints}
              y1="0"
              y2="16"
              className="stroke-slate-500"
              strokeWidth="1"
            />
          ))}
        </svg>
      )}
      {blockedTitle && <p className="text-xs text-slate-500 dark:text-slate-400">Stops at “{blockedTitle}”, which is not Ready.</p>}
    </div>
  );
}
