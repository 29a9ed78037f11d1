'use client';

import { useMemo, useState } from 'react';
import type { BoardConnection, ConnectionSnapshot } from '@/lib/client/board-connection';
import { useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { type AgendaStage, STAGE_INFO } from '@/lib/meeting/agenda';
import { stageItems } from '@/lib/meeting/stage-items';
import { canEdit as roleCanEdit } from '@/lib/session/permissions';
import { RunwayGauge } from '../refinement/RunwayGauge';
import { SortPreviewDialog } from '../refinement/SortPreviewDialog';
import { TrimPanel } from '../refinement/TrimPanel';
import { WsjfGrid } from '../refinement/WsjfGrid';
import { VisionBanner } from '../refinement/VisionBanner';
import { btnSecondary } from '../ui/styles';
import { StageItemList } from './StageItemList';

const EMPTY_TEXT: Record<AgendaStage['kind'], string> = {
  vision: 'No item is marked as not fitting the vision.',
  roadmap: 'No backlog item is linked to a release yet.',
  tail: 'The tail is empty and every item fits the vision.',
  'new-items': 'No item has been added in this meeting yet. Add them on the board.',
  resort: 'The backlog is empty.',
  split: 'Nothing near the top is too big for a sprint.',
  dependencies: 'No backlog item depends on anything.',
  'ready-check': 'Everything near the top is estimated and Ready.',
};

/**
 * One stage's screen: its guidance, the tool of the refinement toolkit it is about (vision,
 * trim, sort preview, runway…) and the items it concerns. The tools are the toolkit's own
 * components, imported, so the meeting shows exactly what the board does.
 */
export function StageScreen({
  stage,
  connection,
  snapshot,
  meetingStartedAt,
  onPickItem,
  large = false,
}: {
  stage: AgendaStage;
  connection: BoardConnection;
  snapshot: ConnectionSnapshot;
  meetingStartedAt: number | null;
  onPickItem: ((id: string) => void) | null;
  large?: boolean;
}) {
  const view = useRefinementView(connection.doc);
  const role = snapshot.session?.role ?? 'spectator';
  const canEdit = roleCanEdit(role);
  const [sortOpen, setSortOpen] = useState(false);
  const [gridOpen, setGridOpen] = useState(false);
  const items = useMemo(() => stageItems(stage.kind, view, { meetingStartedAt }), [stage.kind, view, meetingStartedAt]);
  const blockedTitle = view.runway.blockedBy ? (view.items.find((i) => i.id === view.runway.blockedBy)?.title ?? null) : null;

  return (
    <section
      aria-label={`Stage: ${stage.title}`}
      data-testid="meeting-stage-screen"
      data-stage-id={stage.id}
      data-stage-kind={stage.kind}
      className="space-y-3"
    >
      <div>
        <h2 className={`${large ? 'text-4xl' : 'text-base'} font-black`} data-testid="meeting-stage-title">
          {stage.title}
        </h2>
        <p className={`${large ? 'text-2xl' : 'text-sm'} text-slate-700 dark:text-slate-300`}>{STAGE_INFO[stage.kind].guidance}</p>
      </div>

      {stage.kind === 'vision' && <VisionBanner connection={connection} canEdit={canEdit} isFacilitator={role === 'facilitator'} />}

      {stage.kind === 'roadmap' && (
        <div className={`grid gap-2 sm:grid-cols-3 ${large ? 'text-xl' : 'text-sm'}`} data-testid="meeting-roadmap">
          <div>
            <h3 className="font-bold">Next releases</h3>
            {view.roadmap.releases.length === 0 ? (
              <p className="text-slate-600 dark:text-slate-400">None planned yet.</p>
            ) : (
              <ul>
                {view.roadmap.releases.slice(0, 2).map((r) => {
                  const c = view.coverage.releases.get(r.id);
                  return (
                    <li key={r.id}>
                      <span className="font-semibold">{r.name}</span>
                      {r.date && ` · ${r.date}`}
                      {r.goal && <span className="block text-slate-600 dark:text-slate-400">{r.goal}</span>}
                      {c && (
                        <span className="block text-xs text-slate-600 dark:text-slate-400">
                          {c.items} items, {c.points} points{c.unestimated > 0 ? `, ${c.unestimated} unestimated` : ''}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
          <Uncovered title="Pains with no item" entries={view.coverage.uncoveredPains} />
          <Uncovered title="Gains with no item" entries={view.coverage.uncoveredGains} />
        </div>
      )}

      {stage.kind === 'tail' && !large && <TrimPanel connection={connection} snapshot={snapshot} />}

      {stage.kind === 'resort' && canEdit && (
        <>
          <div className="flex flex-wrap gap-2">
            {/* Scores first, then the sort: the inputs of many items are entered in one grid. */}
            {view.settings.method === 'wsjf' && (
              <button type="button" className={btnSecondary} onClick={() => setGridOpen(true)} data-testid="meeting-wsjf-grid">
                WSJF inputs…
              </button>
            )}
            <button type="button" className={btnSecondary} onClick={() => setSortOpen(true)} data-testid="meeting-sort-preview">
              Preview the sort by score…
            </button>
          </div>
          <SortPreviewDialog connection={connection} open={sortOpen} onClose={() => setSortOpen(false)} />
          {gridOpen && <WsjfGrid connection={connection} open onClose={() => setGridOpen(false)} />}
        </>
      )}

      {stage.kind === 'ready-check' && (
        <RunwayGauge runway={view.runway} sprints={view.settings.sprintsToPrepare} blockedTitle={blockedTitle} />
      )}

      <StageItemList items={items} focusId={snapshot.focus.itemId} onPick={onPickItem} large={large} emptyText={EMPTY_TEXT[stage.kind]} />
    </section>
  );
}

/** Roadmap pains or gains that no backlog item serves yet. */
function Uncovered({ title, entries }: { title: string; entries: ReadonlyArray<{ id: string; text: string }> }) {
  return (
    <div>
      <h3 className="font-bold">{title}</h3>
      <ul>
        {entries.length === 0 ? (
          <li className="text-slate-600 dark:text-slate-400">None</li>
        ) : (
          entries.map((entry) => <li key={entry.id}>{entry.text}</li>)
        )}
      </ul>
    </div>
  );
}
