/**
 * "Sort by score": a plan (which cards move from where to where) that the UI
 * previews, and its application as one transaction with one origin, so a
 * Y.UndoManager tracking that origin undoes the whole sort in one step.
 */
import * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { isValidRank } from '../board/rank';
import { getItemMap, listItems, writeItemField } from '../board/schema';

export interface SortMove {
  id: string;
  title: string;
  /** 0-based positions in the backlog. */
  from: number;
  to: number;
}

export interface SortPlan {
  /** Backlog ids in the new order. */
  order: string[];
  /** Only the cards whose position changes, in new order. */
  moves: SortMove[];
}

export interface SortableItem {
  id: string;
  title: string;
}

/**
 * Orders `items` (the backlog, in current order) by score, highest first.
 * Stable: equal scores keep their current relative order; unscored items
 * (null) keep their relative order below all scored ones.
 */
export function planSortByScore(items: readonly SortableItem[], scoreOf: (id: string) => number | null): SortPlan {
  const indexed = items.map((item, index) => ({ item, index, score: scoreOf(item.id) }));
  indexed.sort((a, b) => {
    if (a.score === null || b.score === null) {
      if (a.score === null && b.score === null) return a.index - b.index;
      return a.score === null ? 1 : -1;
    }
    return b.score - a.score || a.index - b.index;
  });
  const order = indexed.map(({ item }) => item.id);
  const moves = indexed.flatMap(({ item, index }, to) => (index === to ? [] : [{ id: item.id, title: item.title, from: index, to }]));
  return { order, moves };
}

/** Indexes (into `sequence`) of one longest strictly increasing subsequence. */
export function longestIncreasingSubsequence(sequence: readonly number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = new Array(sequence.length).fill(-1);
  for (let i = 0; i < sequence.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sequence[tails[mid]] < sequence[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i !== -1; i = previous[i]) out.push(i);
  return out.reverse();
}

export interface RankAssignment {
  id: string;
  rank: string;
}

/**
 * New ranks that put `order` into effect while rewriting as few cards as
 * possible: the longest run of cards already in the right relative order
 * keeps its ranks (so concurrent moves of those cards are not overwritten);
 * the others get keys between their new fixed neighbours. Falls back to
 * re-ranking everything when fixed neighbours share a rank (ties).
 */
export function planRanksForOrder(current: readonly { id: string; rank: string }[], order: readonly string[]): RankAssignment[] {
  const rankOf = new Map(current.map((c) => [c.id, c.rank]));
  const currentIndex = new Map(current.map((c, i) => [c.id, i]));
  const wanted = order.filter((id) => rankOf.has(id));
  const keep = new Set(longestIncreasingSubsequence(wanted.map((id) => currentIndex.get(id)!)).map((i) => wanted[i]));
  const out: RankAssignment[] = [];
  let i = 0;
  let lowerRank: string | null = null;
  while (i < wanted.length) {
    if (keep.has(wanted[i])) {
      lowerRank = rankOf.get(wanted[i])!;
      i++;
      continue;
    }
    let j = i;
    while (j < wanted.length && !keep.has(wanted[j])) j++;
    const upperRank: string | null = j < wanted.length ? rankOf.get(wanted[j])! : null;
    if (lowerRank !== null && upperRank !== null && lowerRank >= upperRank) return rerankAll(wanted);
    // A key no move builds on (a peer's foreign or oversized rank) would make long keys here.
    if ((lowerRank !== null && !isValidRank(lowerRank)) || (upperRank !== null && !isValidRank(upperRank))) return rerankAll(wanted);
    let keys: string[];
    try {
      keys = generateNKeysBetween(lowerRank, upperRank, j - i);
    } catch {
      return rerankAll(wanted);
    }
    for (let k = i; k < j; k++) out.push({ id: wanted[k], rank: keys[k - i] });
    i = j;
  }
  return out;
}

function rerankAll(order: readonly string[]): RankAssignment[] {
  const keys = generateNKeysBetween(null, null, order.length);
  return order.map((id, i) => ({ id, rank: keys[i] }));
}

/**
 * Applies a sort plan to the backlog in one transaction. Cards that are no
 * longer in the backlog are skipped; cards added since the preview keep
 * their place relative to the cards that do not move.
 */
export function applySortPlan(doc: Y.Doc, plan: SortPlan, origin?: unknown): number {
  const backlog = listItems(doc, { zone: 'backlog' });
  const present = new Set(backlog.map((v) => v.id));
  const order = plan.order.filter((id) => present.has(id));
  const assignments = planRanksForOrder(backlog, order);
  if (assignments.length === 0) return 0;
  doc.transact(() => {
    const now = Date.now();
    for (const { id, rank } of assignments) {
      const item = getItemMap(doc, id);
      if (!(item instanceof Y.Map)) continue;
      writeItemField(item, 'rank', rank);
      writeItemField(item, 'updatedAt', now);
    }
  }, origin);
  return assignments.length;
}
