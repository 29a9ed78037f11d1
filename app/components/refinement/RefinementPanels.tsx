'use client';

import { useState } from 'react';
import { setVisionShown } from '@/lib/board/details';
import type { BoardConnection, ConnectionSnapshot } from '@/lib/client/board-connection';
import { METHOD_LABEL } from '@/lib/refinement/scores';
import { DependencyList } from './DependencyList';
import { ItemDetailsDrawer } from './ItemDetailsDrawer';
import { RefinementSettings } from './RefinementSettings';
import { RoadmapPanel } from './RoadmapPanel';
import { RunwayGauge } from './RunwayGauge';
import { SortPreviewDialog } from './SortPreviewDialog';
import { TrimPanel } from './TrimPanel';
import { ValueScatter } from './ValueScatter';
import { VisionBanner } from './VisionBanner';
import { useOpenItemDetails, useRefinementView } from './refinement-store';
import { button } from './ui';

const summary = 'cursor-pointer py-1 text-sm font-bold';

/**
 * The refinement toolkit beside the backlog: runway, vision, sort by score, tail and trim,
 * roadmap, charts, dependencies and settings, plus the item details drawer and the vision
 * banner (both overlays, so they work wherever this panel is mounted).
 */
export function RefinementPanels({ connection, snapshot }: { connection: BoardConnection; snapshot: ConnectionSnapshot }) {
  const doc = connection.doc;
  const view = useRefinementView(doc);
  const openId = useOpenItemDetails();
  const [sortOpen, setSortOpen] = useState(false);
  const role = snapshot.session?.role ?? null;
  const canEdit = role === 'facilitator' || role === 'participant';
  const isFacilitator = role === 'facilitator';
  const origin = connection.localOrigin;
  const blockedTitle = view.runway.blockedBy ? (view.items.find((i) => i.id === view.runway.blockedBy)?.title ?? null) : null;

  return (
    <section
      aria-labelledby="refinement-heading"
      className="space-y-4 border-t border-slate-200 p-4 dark:border-slate-800"
      data-testid="refinement-panels"
    >
      <h2 id="refinement-heading" className="text-base font-bold">
        Refinement
      </h2>
      {view.settings.visionShown && (
        <div className="fixed inset-x-0 top-0 z-30 shadow-lg">
          <VisionBanner doc={doc} canEdit={canEdit} isFacilitator={isFacilitator} origin={origin} />
        </div>
      )}
      <RunwayGauge runway={view.runway} sprints={view.settings.sprintsToPrepare} blockedTitle={blockedTitle} />
      <div className="flex flex-wrap gap-2">
        {isFacilitator && (
          <button
            type="button"
            className={button}
            onClick={() => setVisionShown(doc, !view.settings.visionShown, origin)}
            data-testid="vision-toggle"
          >
            {view.settings.visionShown ? 'Hide vision' : 'Show vision'}
          </button>
        )}
        {canEdit && (
          <button
            type="button"
            className={button}
            onClick={() => setSortOpen(true)}
            disabled={view.settings.method === 'manual'}
            data-testid="sort-by-score"
            title={view.settings.method === 'manual' ? 'Choose a prioritization method in the settings' : undefined}
          >
            Sort by {METHOD_LABEL[view.settings.method]}…
          </button>
        )}
      </div>
      <TrimPanel connection={connection} snapshot={snapshot} />
      <details>
        <summary className={summary}>Roadmap</summary>
        <RoadmapPanel doc={doc} canEdit={canEdit} origin={origin} />
      </details>
      <details>
        <summary className={summary}>Value vs job size</summary>
        <ValueScatter view={view} />
      </details>
      <details data-testid="dependency-details">
        <summary className={summary}>Dependencies</summary>
        <DependencyList doc={doc} />
      </details>
      {canEdit && (
        <details data-testid="settings-details">
          <summary className={summary}>Board settings</summary>
          <RefinementSettings connection={connection} isFacilitator={isFacilitator} />
        </details>
      )}
      {isFacilitator && view.tailSuggestions.length > 0 && (
        <p className="text-xs text-purple-800 dark:text-purple-200">
          {view.tailSuggestions.length} item(s) marked “does not fit the vision” could go to the tail.
        </p>
      )}
      <SortPreviewDialog
        doc={doc}
        open={sortOpen}
        onClose={() => setSortOpen(false)}
        origin={origin}
        beforeApply={() => connection.undoManager.stopCapturing()}
      />
      <ItemDetailsDrawer connection={connection} snapshot={snapshot} itemId={openId} />
    </section>
  );
}
