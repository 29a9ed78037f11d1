'use client';

import type { Readiness } from '@/lib/refinement/readiness';
import { hint, sectionTitle } from '../ui/styles';

/** The Definition of Ready for one item: computed criteria show why, manual ones are ticked. */
export function ReadinessChecklist({
  readiness,
  canEdit,
  onTick,
}: {
  readiness: Readiness;
  canEdit: boolean;
  onTick: (criterionId: string, ticked: boolean) => void;
}) {
  return (
    <section aria-labelledby="dor-heading" data-testid="dor-checklist">
      <h3 id="dor-heading" className={sectionTitle}>
        Definition of Ready {readiness.ready ? '✓ Ready' : `(${readiness.met}/${readiness.total})`}
      </h3>
      <ul className="mt-1 space-y-1">
        {readiness.criteria.map((c) => (
          <li key={c.id} className="flex items-center gap-2 text-sm" data-testid="dor-criterion" data-met={c.met}>
            {c.source === 'manual' ? (
              <input
                type="checkbox"
                checked={c.met}
                disabled={!canEdit || c.hint === 'depends on a trimmed item'}
                onChange={(e) => onTick(c.id, e.target.checked)}
                aria-label={c.label}
                data-testid={`dor-tick-${c.id}`}
              />
            ) : (
              <span aria-hidden="true" className={c.met ? 'text-emerald-600' : 'text-slate-400'}>
                {c.met ? '✓' : '○'}
              </span>
            )}
            <span>{c.label}</span>
            {!c.met && c.hint && <span className={hint}>— {c.hint}</span>}
            {c.source === 'computed' && <span className={`${hint} ml-auto`}>auto</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
