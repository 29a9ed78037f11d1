/**
 * Everything the refinement UI shows about a board, derived in one pass from
 * the doc: per-card insights (score, readiness, dependency warnings, split
 * hints, sprint) and board-level results (cut lines, runway, coverage).
 */
import type * as Y from 'yjs';
import { type DorCriterion, readDorCriteria } from '../board/dor';
import { type ItemDetails, readAllItemDetails } from '../board/item-details';
import { type RefinementSettings, readRefinementSettings } from '../board/settings';
import { type Roadmap, readRoadmap } from '../board/roadmap';
import type { TrimDiscussion } from '../board/trim-outcomes';
import { effectiveSprintThreshold, exceedsSprint } from '../board/estimation';
import { type ItemView, listItems } from '../board/schema';
import { type DependencyWarning, dependencyWarnings } from './dependencies';
import { type Readiness, evaluateReadiness } from './readiness';
import { type RoadmapCoverage, roadmapCoverage, tailSuggestions } from './roadmap';
import { type CutPlan, type Runway, type RunwayEntry, computeCutLines, computeRunway } from './runway';
import { type Score, scoreFor } from './scores';
import { type ChildProgress, childProgress } from './split';

export interface CardInsight {
  id: string;
  score: Score | null;
  readiness: Readiness;
  warnings: DependencyWarning[];
  splitMe: boolean;
  progress: ChildProgress | null;
  parent: { id: string; title: string } | null;
  /** Sprint (1-based) within the preparation horizon, null beyond it. */
  sprint: number | null;
  /** Above the last cut line but not Ready or not estimated. */
  attention: boolean;
  /** Marked "does not fit the vision". */
  suggestTail: boolean;
  discussion: TrimDiscussion | null;
  /** Points the card consumes in cut lines and runway. */
  points: number;
}

export interface RefinementInput {
  items: readonly ItemView[];
  details: ReadonlyMap<string, ItemDetails>;
  settings: RefinementSettings;
  criteria: readonly DorCriterion[];
  roadmap: Roadmap;
}

export interface RefinementView extends RefinementInput {
  backlog: ItemView[];
  insights: Map<string, CardInsight>;
  cutPlan: CutPlan;
  runway: Runway;
  coverage: RoadmapCoverage;
  tailSuggestions: string[];
  /** Threshold for "fits in a sprint" / "split me": the board's threshold, else the velocity. */
  sprintLimit: number | null;
}

export const EMPTY_DETAILS: ItemDetails = {
  fitsVision: null,
  moscow: null,
  releaseId: null,
  hypothesis: { believe: '', resultIn: '', knowWhen: '' },
  notes: '',
  acceptanceCriteria: '',
  questions: [],
  actions: [],
  attachments: [],
  decisions: [],
  dependencies: [],
  dorTicks: {},
  serves: [],
  wsjf: { businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null },
  trimDecision: null,
  trimDiscussion: null,
};

export function buildRefinementView(input: RefinementInput): RefinementView {
  const { items, settings, criteria } = input;
  const detailsOf = (id: string) => input.details.get(id) ?? EMPTY_DETAILS;
  const sprintLimit = effectiveSprintThreshold(settings);
  const byId = new Map(items.map((i) => [i.id, i]));
  const backlog = items.filter((i) => i.zone === 'backlog');
  const hasBacklogChildren = new Set(
    backlog.flatMap((i) => (i.parentId !== null && byId.get(i.parentId)?.zone === 'backlog' ? [i.parentId] : [])),
  );
  const ctx = { sprintLimit, zoneOf: (id: string) => byId.get(id)?.zone };
  // Children grouped once: asking childProgress to scan all items for each item is quadratic
  // (4 million visits at 2,000 items, on every change).
  const childrenOf = new Map<string, ItemView[]>();
  for (const item of items) {
    if (item.parentId === null) continue;
    const siblings = childrenOf.get(item.parentId);
    if (siblings) siblings.push(item);
    else childrenOf.set(item.parentId, [item]);
  }

  const readiness = new Map(items.map((i) => [i.id, evaluateReadiness({ ...i, details: detailsOf(i.id) }, criteria, ctx)]));
  const warnings = dependencyWarnings(items.map((i) => ({ id: i.id, zone: i.zone, dependencies: detailsOf(i.id).dependencies })));
  const pointsOf = (i: ItemView) => (hasBacklogChildren.has(i.id) ? 0 : (i.estimate ?? 0));
  const entries: RunwayEntry[] = backlog.map((i) => ({
    id: i.id,
    points: pointsOf(i),
    estimated: i.estimate !== null,
    ready: readiness.get(i.id)!.ready,
    container: hasBacklogChildren.has(i.id),
  }));
  const cutPlan = computeCutLines(entries, settings.velocity, settings.sprintsToPrepare);
  const runway = computeRunway(entries, settings.velocity, settings.sprintsToPrepare);
  const coverageItems = items.map((i) => ({ id: i.id, zone: i.zone, estimate: i.estimate, details: detailsOf(i.id) }));

  const insights = new Map<string, CardInsight>();
  for (const item of items) {
    const details = detailsOf(item.id);
    const parent = item.parentId === null ? undefined : byId.get(item.parentId);
    insights.set(item.id, {
      id: item.id,
      score: scoreFor(settings.method, { estimate: item.estimate, wsjf: details.wsjf, moscow: details.moscow }),
      readiness: readiness.get(item.id)!,
      warnings: warnings.get(item.id) ?? [],
      splitMe: exceedsSprint(item.estimate, sprintLimit) && !hasBacklogChildren.has(item.id),
      progress: childProgress(item, childrenOf.get(item.id) ?? []),
      parent: parent ? { id: parent.id, title: parent.title } : null,
      sprint: cutPlan.sprintOf.get(item.id) ?? null,
      attention: cutPlan.attention.has(item.id),
      suggestTail: item.zone === 'backlog' && details.fitsVision === 'no',
      discussion: details.trimDiscussion,
      points: pointsOf(item),
    });
  }
  return {
    ...input,
    backlog,
    insights,
    cutPlan,
    runway,
    coverage: roadmapCoverage(input.roadmap, coverageItems),
    tailSuggestions: tailSuggestions(coverageItems),
    sprintLimit,
  };
}

/** Reads the doc and builds the view. */
export function readRefinementView(doc: Y.Doc, overrides: { sprintThreshold?: number | null } = {}): RefinementView {
  const settings = readRefinementSettings(doc);
  if (overrides.sprintThreshold !== undefined) settings.sprintThreshold = overrides.sprintThreshold;
  return buildRefinementView({
    items: listItems(doc),
    details: readAllItemDetails(doc),
    settings,
    criteria: readDorCriteria(doc),
    roadmap: readRoadmap(doc),
  });
}
