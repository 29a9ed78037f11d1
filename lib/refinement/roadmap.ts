/**
 * Roadmap coverage: which pains and gains no live item serves yet, and what
 * each release holds.
 */
import type { ItemDetails } from '../board/item-details';
import type { Roadmap, RoadmapEntry } from '../board/roadmap';
import type { ItemView } from '../board/schema';

export interface CoverageItem {
  id: string;
  zone: ItemView['zone'];
  estimate: number | null;
  details: Pick<ItemDetails, 'serves' | 'releaseId' | 'fitsVision'>;
}

export interface RoadmapCoverage {
  uncoveredPains: RoadmapEntry[];
  uncoveredGains: RoadmapEntry[];
  /** pain/gain id -> ids of the backlog items that serve it */
  servedBy: Map<string, string[]>;
  /** release id -> backlog items and their points */
  releases: Map<string, { items: number; points: number; unestimated: number }>;
}

/** Only backlog items count: a parked card is not a plan to address anything. */
export function roadmapCoverage(roadmap: Roadmap, items: readonly CoverageItem[]): RoadmapCoverage {
  const servedBy = new Map<string, string[]>();
  const releases = new Map<string, { items: number; points: number; unestimated: number }>();
  for (const r of roadmap.releases) releases.set(r.id, { items: 0, points: 0, unestimated: 0 });
  for (const item of items) {
    if (item.zone !== 'backlog') continue;
    for (const id of item.details.serves) servedBy.set(id, [...(servedBy.get(id) ?? []), item.id]);
    const release = item.details.releaseId === null ? undefined : releases.get(item.details.releaseId);
    if (release) {
      release.items++;
      if (item.estimate === null) release.unestimated++;
      else release.points += item.estimate;
    }
  }
  return {
    uncoveredPains: roadmap.pains.filter((p) => !servedBy.has(p.id)),
    uncoveredGains: roadmap.gains.filter((g) => !servedBy.has(g.id)),
    servedBy,
    releases,
  };
}

/** Backlog items marked "does not fit the vision": suggested for the tail. */
export function tailSuggestions(items: readonly CoverageItem[]): string[] {
  return items.filter((i) => i.zone === 'backlog' && i.details.fitsVision === 'no').map((i) => i.id);
}
