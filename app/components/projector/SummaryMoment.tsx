'use client';

import type { MeetingSummary } from '@/lib/meeting/summary';
import { SummaryView } from '../meeting/SummaryView';
import { HEADLINE, LABEL } from './type';

/**
 * The meeting's summary for the room once it ends: the board's own summary page (SummaryView,
 * the same as in the dialog and the exports), enlarged for the projector. Its 14 px text is
 * shown at 28 px; the layout keeps its two columns.
 */
export function SummaryMoment({ summary }: { summary: MeetingSummary }) {
  return (
    <section aria-label="Meeting summary" data-testid="projector-summary" className="flex min-h-0 flex-1 flex-col gap-4">
      <header>
        <p className={LABEL} data-label>
          The meeting has ended
        </p>
        <h2 className={`${HEADLINE} mt-2`}>Meeting summary</h2>
      </header>
      <div className="min-h-0 flex-1 overflow-hidden [zoom:2]">
        <SummaryView summary={summary} />
      </div>
    </section>
  );
}
