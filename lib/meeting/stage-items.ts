/**
 * Which items each stage of the meeting concerns, so its screen can list them: the tail for the
 * tail stage, "split me" cards near the top for the split stage, and so on. Built on the
 * refinement view (lib/refinement), so a stage flags exactly what the board flags.
 */
import type { ItemKind } from '../board/schema';
import type { RefinementView } from '../refinement/board-view';
import { describeWarning } from '../refinement/dependencies';
import { unmetCriteria } from '../refinement/readiness';
import type { StageKind } from './agenda';
import { assertNever } from '../session/assert-never';

/** Without a velocity there are no cut lines; "the top" is then this many backlog items. */
export const TOP_WITHOUT_VELOCITY = 20;
/** A stage never lists more than this; the board itself shows the rest. */
const MAX_STAGE_ITEMS = 30;

export interface StageItem {
  id: string;
  title: string;
  kind: ItemKind;
  /** 1-based backlog position, null outside the backlog. */
  position: number | null;
  estimate: number | null;
  /** Why the stage lists it, e.g. "13 points, over the sprint limit of 8". */
  note: string;
}

export interface StageItemsContext {
  /** When the meeting started: "new items" are those created since. */
  meetingStartedAt: number | null;
}

/** The backlog items within the preparation horizon (the sprints being prepared). */
function topOfBacklog(view: RefinementView): RefinementView['backlog'] {
  if (view.cutPlan.sprintOf.size > 0) return view.backlog.filter((i) => view.insights.get(i.id)?.sprint != null);
  return view.backlog.slice(0, TOP_WITHOUT_VELOCITY);
}

export function stageItems(kind: StageKind, view: RefinementView, ctx: StageItemsContext): StageItem[] {
  const position = new Map(view.backlog.map((item, i) => [item.id, i + 1]));
  const titleOf = (id: string) => view.items.find((i) => i.id === id)?.title ?? id;
  const out: StageItem[] = [];
  const push = (item: RefinementView['items'][number], note: string) =>
    out.push({ id: item.id, title: item.title, kind: item.kind, position: position.get(item.id) ?? null, estimate: item.estimate, note });

  switch (kind) {
    case 'vision':
      for (const item of view.backlog) {
        const fits = view.details.get(item.id)?.fitsVision;
        if (fits === 'no') push(item, 'does not fit the vision: suggested for the tail');
        else if (fits === 'unsure') push(item, 'fit with the vision unsure');
      }
      break;
    case 'roadmap': {
      const releases = new Map(view.roadmap.releases.map((r) => [r.id, r.name]));
      for (const item of view.backlog) {
        const release = view.details.get(item.id)?.releaseId;
        if (release && releases.has(release)) push(item, `planned for ${releases.get(release)}`);
      }
      break;
    }
    case 'tail':
      for (const item of view.items) {
        if (item.zone === 'tail') {
          const discussion = view.insights.get(item.id)?.discussion;
          push(
            item,
            discussion
              ? `to discuss: ${discussion.objectedBy} objected to trimming`
              : `parked${item.parkedReason ? `: ${item.parkedReason}` : ''}`,
          );
        }
      }
      for (const id of view.tailSuggestions) {
        const item = view.items.find((i) => i.id === id);
        if (item && item.zone === 'backlog') push(item, 'does not fit the vision: park it?');
      }
      break;
    case 'new-items':
      if (ctx.meetingStartedAt !== null) {
        for (const item of view.items) {
          if (item.createdAt >= ctx.meetingStartedAt && item.zone !== 'trimmed') {
            const d = view.details.get(item.id);
            const missing = d && d.hypothesis.believe.trim() === '' ? 'no value hypothesis yet' : 'added in this meeting';
            push(item, missing);
          }
        }
      }
      break;
    case 'resort':
      for (const item of topOfBacklog(view)) {
        const score = view.insights.get(item.id)?.score;
        push(
          item,
          score && score.value !== null ? `score ${Math.round(score.value * 100) / 100}` : score ? 'score incomplete' : 'ranked by hand',
        );
      }
      break;
    case 'split':
      for (const item of topOfBacklog(view)) {
        if (view.insights.get(item.id)?.splitMe) push(item, `${item.estimate} points, over the sprint limit of ${view.sprintLimit}`);
        else if (item.kind === 'epic' && !view.insights.get(item.id)?.progress) push(item, 'an epic with no stories yet');
      }
      break;
    case 'dependencies':
      for (const item of view.backlog) {
        const warnings = view.insights.get(item.id)?.warnings ?? [];
        const deps = view.details.get(item.id)?.dependencies ?? [];
        if (warnings.length > 0) push(item, warnings.map((w) => describeWarning(w, titleOf)).join('; '));
        else if (deps.length > 0) push(item, `depends on ${deps.length} ${deps.length === 1 ? 'thing' : 'things'}`);
      }
      break;
    case 'ready-check':
      for (const item of topOfBacklog(view)) {
        const insight = view.insights.get(item.id);
        if (!insight || insight.progress) continue;
        if (item.estimate === null) push(item, 'not estimated');
        else if (!insight.readiness.ready) {
          push(item, `not Ready: ${unmetCriteria(insight.readiness).join(', ')}`);
        }
      }
      break;
    default:
      // Agendas are validated against STAGE_KINDS (protocol and validateAgenda).
      assertNever(kind, 'stage kind');
  }
  return out.slice(0, MAX_STAGE_ITEMS);
}
