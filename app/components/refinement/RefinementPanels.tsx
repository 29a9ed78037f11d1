'use client';

import { useState } from 'react';
import { createPortal } from 'react-dom';
import { setVisionShown } from '@/lib/board/settings';
import type { BoardConnection, ConnectionSnapshot } from '@/lib/client/board-connection';
import { useBoardWrite } from '@/lib/client/hooks/use-board-write';
import { useOpenItemDetails, useRefinementView } from '@/lib/client/hooks/use-refinement-view';
import { METHOD_LABEL } from '@/lib/refinement/scores';
import { canEdit as roleCanEdit } from '@/lib/session/permissions';
import { btnSecondary } from '../ui/styles';
import { DependencyList } from './DependencyList';
import { ItemDetailsDrawer } from './ItemDetailsDrawer';
import { RefinementSettings } from './RefinementSettings';
import { RoadmapPanel } from './RoadmapPanel';
import { RunwayGauge } from './RunwayGauge';
import { SortPreviewDialog } from './SortPreviewDialog';
import { TrimPanel } from './TrimPanel';
import { ValueScatter } from './ValueScatter';
import { VisionBanner } from './VisionBanner';
import { WsjfGrid } from './WsjfGrid';

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
  const [gridOpen, setGridOpen] = useState(false);
  const { write } = useBoardWrite(connection);
  const role = snapshot.session?.role ?? null;
  const canEdit = role !== null && roleCanEdit(role);
  const isFacilitator = role === 'facilitator';
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
      {view.settings.visionShown &&
        // Portalled to <body>: inside the panels column (a transformed drawer) a fixed banner is
        // placed in the column itself, on top of planning poker. Beside the column, never over it.
        createPortal(
          <div className="fixed top-0 right-0 left-0 z-30 max-h-[50dvh] overflow-y-auto shadow-lg lg:right-96" data-testid="vision-overlay">
            <VisionBanner connection={connection} canEdit={canEdit} isFacilitator={isFacilitator} />
          </div>,
          document.body,
        )}
      <RunwayGauge runway={view.runway} sprints={view.settings.sprintsToPrepare} blockedTitle={blockedTitle} />
      <div className="flex flex-wrap gap-2">
        {isFacilitator && (
          <button
            type="button"
            className={btnSecondary}
            onClick={() => write((d, o) => setVisionShown(d, !view.settings.visionShown, o))}
            data-testid="vision-toggle"
          >
            {view.settings.visionShown ? 'Hide vision' : 'Show vision'}
          </button>
        )}
        {canEdit && (
          <button
            type="button"
            className={btnSecondary}
            onClick={() => setSortOpen(true)}
            disabled={view.settings.method === 'manual'}
            data-testid="sort-by-score"
            title={view.settings.method === 'manual' ? 'Choose a prioritization method in the settings' : undefined}
          >
            Sort by {METHOD_LABEL[view.settings.method]}…
          </button>
        )}
        {canEdit && view.settings.method === 'wsjf' && (
          <button type="button" className={btnSecondary} onClick={() => setGridOpen(true)} data-testid="wsjf-grid-open">
            WSJF inputs…
          </button>
        )}
      </div>
      <TrimPanel connection={connection} snapshot={snapshot} />
      <details>
        <summary className={summary}>Roadmap</summary>
        <RoadmapPanel connection={connection} canEdit={canEdit} />
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
      <SortPreviewDialog connection={connection} open={sortOpen} onClose={() => setSortOpen(false)} />
      {gridOpen && <WsjfGrid connection={connection} open onClose={() => setGridOpen(false)} />}
      <ItemDetailsDrawer connection={connection} snapshot={snapshot} itemId={openId} />
    </section>
  );
}
