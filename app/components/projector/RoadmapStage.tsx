'use client';

import type { RoadmapEntry } from '@/lib/board/roadmap';
import type { RefinementView } from '@/lib/refinement/board-view';
import { BODY, LABEL, MUTED, NUMBER, PANEL, TITLE } from './type';

/** The next releases with what they hold, and each pain and gain with the items serving it. */
export function RoadmapStage({ view }: { view: RefinementView }) {
  const titleOf = (id: string) => view.items.find((i) => i.id === id)?.title || 'Untitled';
  return (
    <div className="grid grid-cols-3 gap-6" data-testid="projector-roadmap">
      <div className="space-y-3">
        <h3 className={LABEL} data-label>
          Next releases
        </h3>
        {view.roadmap.releases.length === 0 && <p className={`${BODY} ${MUTED}`}>None planned yet.</p>}
        {view.roadmap.releases.slice(0, 2).map((release) => {
          const c = view.coverage.releases.get(release.id);
          return (
            <div key={release.id} className={PANEL}>
              <p className={TITLE}>
                {release.name}
                {release.date && <span className={`${BODY} font-normal ${MUTED}`}> · {release.date}</span>}
              </p>
              {release.goal && <p className={BODY}>{release.goal}</p>}
              {c && (
                <p className={`${BODY} mt-2`}>
                  <span className={NUMBER}>{c.items}</span> items · <span className={NUMBER}>{c.points}</span> points
                  {c.unestimated > 0 && <span className="text-rose-800 dark:text-rose-300"> · {c.unestimated} unestimated</span>}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <Served title="Pains" entries={view.roadmap.pains} servedBy={view.coverage.servedBy} titleOf={titleOf} />
      <Served title="Gains" entries={view.roadmap.gains} servedBy={view.coverage.servedBy} titleOf={titleOf} />
    </div>
  );
}

function Served({
  title,
  entries,
  servedBy,
  titleOf,
}: {
  title: string;
  entries: readonly RoadmapEntry[];
  servedBy: ReadonlyMap<string, string[]>;
  titleOf: (id: string) => string;
}) {
  return (
    <div className="space-y-3">
      <h3 className={LABEL} data-label>
        {title}
      </h3>
      {entries.length === 0 && <p className={`${BODY} ${MUTED}`}>None written down.</p>}
      {entries.map((entry) => {
        const items = servedBy.get(entry.id) ?? [];
        return (
          <div key={entry.id} className={PANEL} data-testid="projector-roadmap-entry">
            <p className="text-3xl font-bold break-words">{entry.text}</p>
            {items.length === 0 ? (
              <p className="text-2xl font-semibold text-rose-800 dark:text-rose-300">No item serves it yet</p>
            ) : (
              <ul className={`${BODY} list-disc pl-8`}>
                {items.slice(0, 4).map((id) => (
                  <li key={id}>{titleOf(id)}</li>
                ))}
                {items.length > 4 && <li className={MUTED}>and {items.length - 4} more</li>}
              </ul>
            )}
          </div>
        );
      })}
    </div>
  );
}
