'use client';

import type { TrimOutcomeView } from '@/lib/refinement/trim-consensus';
import type { StageItem } from '@/lib/meeting/stage-items';
import { StageItems } from './StageItems';
import { BODY, PANEL } from './type';

const OUTCOME_TEXT: Record<TrimOutcomeView['result'], string> = {
  trimmed: 'trimmed',
  kept: 'kept for discussion',
  cancelled: 'withdrawn',
};

/** The tail with each item's reason for being there, and how the last trim vote ended. */
export function TailStage({
  items,
  lastOutcome,
  focusId,
}: {
  items: readonly StageItem[];
  lastOutcome: TrimOutcomeView | null;
  focusId: string | null;
}) {
  return (
    <div className="space-y-4">
      {lastOutcome && (
        <p className={`${PANEL} ${BODY}`} data-testid="projector-trim-outcome">
          Last trim vote: {lastOutcome.itemIds.length} {lastOutcome.itemIds.length === 1 ? 'item' : 'items'}{' '}
          {OUTCOME_TEXT[lastOutcome.result]}
          {lastOutcome.result !== 'trimmed' && ` by ${lastOutcome.by}`}
          {lastOutcome.reason && `: “${lastOutcome.reason}”`}
        </p>
      )}
      <StageItems items={items} focusId={focusId} emptyText="The tail is empty and every item fits the vision." />
    </div>
  );
}
