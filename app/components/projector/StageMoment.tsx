'use client';

import { useMemo } from 'react';
import type { MetaView } from '@/lib/board/schema';
import { type AgendaStage, STAGE_INFO } from '@/lib/meeting/agenda';
import { stageItems } from '@/lib/meeting/stage-items';
import type { RefinementView } from '@/lib/refinement/board-view';
import { METHOD_LABEL } from '@/lib/refinement/scores';
import type { TrimStateView } from '@/lib/refinement/trim-consensus';
import { assertNever } from '@/lib/session/assert-never';
import { DependenciesStage } from './DependenciesStage';
import { RankedList } from './RankedList';
import { ReadyStage } from './ReadyStage';
import { RoadmapStage } from './RoadmapStage';
import { StageItems } from './StageItems';
import { TailStage } from './TailStage';
import { BODY, LABEL, MUTED } from './type';

/** One meeting stage laid out for the room: its title and guidance, then what the stage is about. */
export function StageMoment({
  stage,
  view,
  meta,
  trim,
  focusId,
  meetingStartedAt,
}: {
  stage: AgendaStage;
  view: RefinementView;
  meta: MetaView | null;
  trim: TrimStateView;
  focusId: string | null;
  meetingStartedAt: number;
}) {
  const items = useMemo(() => stageItems(stage.kind, view, { meetingStartedAt }), [stage.kind, view, meetingStartedAt]);
  return (
    <section
      aria-label={`Stage: ${stage.title}`}
      data-testid="projector-stage"
      data-stage-id={stage.id}
      data-stage-kind={stage.kind}
      className="flex min-h-0 flex-1 flex-col gap-5"
    >
      <header>
        <h2 className="text-5xl font-black" data-testid="meeting-stage-title">
          {stage.title}
        </h2>
        <p className={`${BODY} mt-1 ${MUTED}`}>{STAGE_INFO[stage.kind].guidance}</p>
      </header>
      <div className="min-h-0 flex-1 overflow-hidden">
        <StageBody stage={stage} view={view} meta={meta} trim={trim} focusId={focusId} items={items} />
      </div>
    </section>
  );
}

function StageBody({
  stage,
  view,
  meta,
  trim,
  focusId,
  items,
}: {
  stage: AgendaStage;
  view: RefinementView;
  meta: MetaView | null;
  trim: TrimStateView;
  focusId: string | null;
  items: ReturnType<typeof stageItems>;
}) {
  switch (stage.kind) {
    case 'vision':
      return (
        <div className="space-y-6">
          <blockquote
            className="border-l-8 border-indigo-600 pl-8 text-6xl leading-tight font-semibold whitespace-pre-wrap"
            data-testid="projector-vision"
          >
            {meta?.vision.trim() ? meta.vision : 'No vision written yet.'}
          </blockquote>
          {items.length > 0 && (
            <div>
              <h3 className={LABEL} data-label>
                Items to check against it
              </h3>
              <StageItems items={items} focusId={focusId} emptyText="" />
            </div>
          )}
        </div>
      );
    case 'roadmap':
      return <RoadmapStage view={view} />;
    case 'tail':
      return <TailStage items={items} lastOutcome={trim.lastOutcome} focusId={focusId} />;
    case 'new-items':
      return <StageItems items={items} focusId={focusId} emptyText="No item has been added in this meeting yet." />;
    case 'resort':
      return (
        <div className="space-y-3">
          <p className={`${BODY} ${MUTED}`}>
            {view.settings.method === 'manual'
              ? 'The board is ordered by hand.'
              : `The order now, with each card’s ${METHOD_LABEL[view.settings.method]} score.`}
          </p>
          <RankedList view={view} items={view.backlog.slice(0, 12)} focusId={focusId} showScore={view.settings.method !== 'manual'} />
        </div>
      );
    case 'split':
      return <StageItems items={items} focusId={focusId} emptyText="Nothing near the top is too big for a sprint." />;
    case 'dependencies':
      return <DependenciesStage view={view} />;
    case 'ready-check':
      return <ReadyStage view={view} focusId={focusId} />;
    default:
      return assertNever(stage.kind, 'stage kind');
  }
}
