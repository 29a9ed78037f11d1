/**
 * Capacity: sprint cut lines in the ranked backlog and the Ready runway.
 *
 * Cut lines fill sprints greedily in rank order, the way Azure DevOps'
 * forecast does: a card goes into the current sprint while it fits the
 * velocity; the first card that does not fit starts the next sprint. A card
 * larger than the velocity gets a sprint to itself (and is flagged "split me"
 * elsewhere). Unestimated cards count 0 points and are highlighted.
 */

export interface RunwayEntry {
  id: string;
  /** Points that consume capacity (0 for unestimated cards and for parents whose children are listed). */
  points: number;
  estimated: boolean;
  ready: boolean;
  /** A parent whose children are in the backlog: its points are counted through them. */
  container: boolean;
}

export interface CutLine {
  /** 1-based sprint number this line ends. */
  sprint: number;
  /** Index (in the entries) of the last card of that sprint; -1 when the sprint is empty. */
  afterIndex: number;
  afterId: string | null;
  points: number;
  /** False when the backlog ran out before the sprint was full. */
  filled: boolean;
}

export interface CutPlan {
  lines: CutLine[];
  /** Sprint number (1-based) of each card within the horizon. */
  sprintOf: Map<string, number>;
  /** Cards above the last cut line that are not Ready or not estimated. */
  attention: Set<string>;
}

export function computeCutLines(entries: readonly RunwayEntry[], velocity: number | null, sprints: number): CutPlan {
  const plan: CutPlan = { lines: [], sprintOf: new Map(), attention: new Set() };
  if (velocity === null || !(velocity > 0) || sprints < 1) return plan;
  let sprint = 1;
  let used = 0;
  let last = -1;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (used > 0 && used + entry.points > velocity) {
      plan.lines.push({ sprint, afterIndex: last, afterId: last >= 0 ? entries[last].id : null, points: used, filled: true });
      if (sprint === sprints) return plan;
      sprint++;
      used = 0;
    }
    used += entry.points;
    last = i;
    plan.sprintOf.set(entry.id, sprint);
    if (!entry.container && (!entry.estimated || !entry.ready)) plan.attention.add(entry.id);
  }
  plan.lines.push({ sprint, afterIndex: last, afterId: last >= 0 ? entries[last].id : null, points: used, filled: used >= velocity });
  return plan;
}

export interface Runway {
  /** Points of Ready cards from the top, up to the first card that is not Ready. */
  readyPoints: number;
  readyCount: number;
  /** velocity × sprints to prepare; null without a velocity. */
  targetPoints: number | null;
  /** readyPoints / velocity. */
  sprintsCovered: number | null;
  /** Share of the target (0..1, capped). */
  fraction: number | null;
  /** The card the runway stops at, if any. */
  blockedBy: string | null;
}

/**
 * Ready runway: what the team could pull in order right now. It stops at the
 * first card that is not Ready, because a team takes cards from the top.
 * Parents whose children are listed neither count nor stop it.
 */
export function computeRunway(entries: readonly RunwayEntry[], velocity: number | null, sprints: number): Runway {
  let readyPoints = 0;
  let readyCount = 0;
  let blockedBy: string | null = null;
  for (const entry of entries) {
    if (entry.container) continue;
    if (!entry.ready) {
      blockedBy = entry.id;
      break;
    }
    readyPoints += entry.points;
    readyCount++;
  }
  const hasVelocity = velocity !== null && velocity > 0;
  const targetPoints = hasVelocity ? velocity * sprints : null;
  return {
    readyPoints,
    readyCount,
    targetPoints,
    sprintsCovered: hasVelocity ? readyPoints / velocity : null,
    fraction: targetPoints ? Math.min(1, readyPoints / targetPoints) : null,
    blockedBy,
  };
}

function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** "Ready runway: 34 of 60 points, 1.1 sprints" */
export function formatRunway(runway: Runway): string {
  if (runway.targetPoints === null) return `Ready runway: ${oneDecimal(runway.readyPoints)} points (set a velocity for a target)`;
  const sprints = runway.sprintsCovered ?? 0;
  return `Ready runway: ${oneDecimal(runway.readyPoints)} of ${oneDecimal(runway.targetPoints)} points, ${oneDecimal(sprints)} sprint${oneDecimal(sprints) === '1' ? '' : 's'}`;
}
