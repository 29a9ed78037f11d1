'use client';

import type * as Y from 'yjs';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import type { CutLine } from '@/lib/refinement/runway';

function CutLineMarker({ line, velocity }: { line: CutLine; velocity: number }) {
  return (
    <div
      role="separator"
      aria-label={`End of sprint ${line.sprint}`}
      className="my-1 flex items-center gap-2 text-xs font-semibold text-indigo-700 dark:text-indigo-300"
      data-testid="cut-line"
      data-sprint={line.sprint}
    >
      <span className="h-0.5 flex-1 bg-indigo-500" />
      <span>
        End of sprint {line.sprint} · {line.points} of {velocity} pts{line.filled ? '' : ' (backlog runs out)'}
      </span>
      <span className="h-0.5 flex-1 bg-indigo-500" />
    </div>
  );
}

/** The sprint cut line(s) that fall right after this card, if any. */
export function CutLinesAfter({ doc, itemId }: { doc: Y.Doc; itemId: string }) {
  const view = useRefinementView(doc);
  const velocity = view.settings.velocity;
  if (velocity === null) return null;
  const lines = view.cutPlan.lines.filter((line) => line.afterId === itemId);
  if (lines.length === 0) return null;
  return (
    <>
      {lines.map((line) => (
        <CutLineMarker key={line.sprint} line={line} velocity={velocity} />
      ))}
    </>
  );
}

/** Positions of the cut lines as backlog indexes, for lists that draw their own markers. */
export function useCutLinePositions(doc: Y.Doc): Array<{ sprint: number; afterIndex: number; afterId: string | null }> {
  return useRefinementView(doc).cutPlan.lines.map(({ sprint, afterIndex, afterId }) => ({ sprint, afterIndex, afterId }));
}
