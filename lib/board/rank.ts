/**
 * Ordering of board items.
 *
 * Every item carries a fractional-indexing key (`rank`); the board order is
 * (rank, id). Moving an item is one last-writer-wins write of its rank, so two
 * people dragging the same card concurrently end up with one card in one of
 * the two places, never a duplicate or a lost card (which is what delete +
 * insert in a Y.Array would give).
 *
 * Equal ranks are normal, not corruption: two peers inserting into the same
 * gap (or both adding "at the bottom") while offline compute the same key.
 * The id tie-break keeps the order total and identical on every peer, and
 * `planRankAt` knows how to place an item between two tied neighbours.
 *
 * Keys are compared by UTF-16 code unit (`<`), never `localeCompare`: that is
 * the order fractional-indexing generates keys in, and it is the same on
 * every machine.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

export interface Ranked {
  readonly id: string;
  readonly rank: string;
}

/** Board order: by rank, then by id. */
export function compareByRank(a: Ranked, b: Ranked): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * The longest rank a new key is built between. A key grows by about one character every six
 * moves into the same shrinking gap, so a meeting's worth of moves stays far below it. Every
 * peer can write any rank, though: two neighbours given 5 MB keys with a shared prefix made
 * every move between them write a 5 MB key of its own, and a few drags filled the board's size
 * cap. A longer key still bounds a key beside an open end (the key after or before it is short),
 * but never one between two bounds (see bounds).
 */
export const MAX_RANK_LENGTH = 1024;

/** A key fractional-indexing accepts as a bound, of any length. */
function isFractionalKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

/** True when `key` is a key fractional-indexing accepts as a bound, and not over MAX_RANK_LENGTH. */
export function isValidRank(key: string): boolean {
  return key.length <= MAX_RANK_LENGTH && isFractionalKey(key);
}

/**
 * The bounds a new key is made between. A key written by a foreign or buggy peer must not make
 * every later move throw, nor an oversized one make every key after it as long: a bound that is
 * no key at all is dropped, and an oversized one too when the other side is bounded. Dropping a
 * bound still yields a valid key on the correct side of the other; only the order relative to
 * the dropped key is not kept.
 */
function bounds(before: string | null, after: string | null): [string | null, string | null] {
  let low = before !== null && isFractionalKey(before) ? before : null;
  let high = after !== null && isFractionalKey(after) ? after : null;
  if (low !== null && high !== null) {
    if (low.length > MAX_RANK_LENGTH) low = null;
    if (high.length > MAX_RANK_LENGTH) high = null;
  }
  return [low, high];
}

/**
 * The rank of the item at `index` or, if that one is not a usable bound, of the nearest one
 * beyond it in direction `step` that is (null: none). A neighbour with a foreign or oversized
 * key is stepped over, so the new key still lands between the nearest usable ranks on either
 * side; only its order relative to the unusable keys is not kept. At an end of the list the
 * neighbour's own key is used (see bounds).
 */
function nearestUsable(order: readonly Ranked[], index: number, step: 1 | -1): string | null {
  for (let i = index; i >= 0 && i < order.length; i += step) {
    if (isValidRank(order[i].rank)) return order[i].rank;
  }
  return null;
}

/** The bound on one side of a gap: the neighbour itself at an end of the list, else the nearest usable rank. */
function sideBound(order: readonly Ranked[], index: number, step: 1 | -1, otherSideOpen: boolean): string | null {
  const neighbour = order[index];
  if (neighbour === undefined) return null;
  return otherSideOpen ? neighbour.rank : nearestUsable(order, index, step);
}

/**
 * A key that sorts strictly between `before` and `after` (null = open end).
 *
 * - `before > after` (stale neighbours after a concurrent edit): the bounds
 *   are swapped, so the key still lands between the two items.
 * - `before === after`: no key sorts strictly between two equal keys, so the
 *   shared key itself is returned and the id tie-break decides. Callers that
 *   need a strict position between two tied items use `planRankAt`.
 */
export function rankBetween(before: string | null, after: string | null): string {
  const [low, high] = bounds(before, after);
  if (low !== null && high !== null) {
    if (low === high) return low;
    if (low > high) return generateKeyBetween(high, low);
  }
  return keysWithin(low, high, 1)[0];
}

/** `count` keys in order strictly between two ranks (either may be null: an open end). */
export function keysBetween(before: string | null, after: string | null, count: number): string[] {
  const [low, high] = bounds(before, after);
  return keysWithin(low, high, count);
}

/**
 * `count` keys between two bounds (see bounds), none over MAX_RANK_LENGTH: next to an oversized
 * key at the top of the key space (`zzz…`), even the key after it is as long, so that key is
 * then dropped as a bound too.
 */
function keysWithin(low: string | null, high: string | null, count: number): string[] {
  const keys = generateNKeysBetween(low, high, count);
  if (keys.every((key) => key.length <= MAX_RANK_LENGTH)) return keys;
  const short = (key: string | null) => (key !== null && key.length <= MAX_RANK_LENGTH ? key : null);
  return generateNKeysBetween(short(low), short(high), count);
}

export interface RankPlan {
  /** The rank for the item being placed. */
  rank: string;
  /**
   * Other items that must take a new rank too. Empty unless the gap lies
   * inside a run of equal ranks and the moving id does not fall between the
   * neighbours' ids.
   */
  rerank: Ranked[];
}

/**
 * Plans the rank for an item placed at `gap` in `order`.
 *
 * `order` is the board in (rank, id) order *without* the item being placed;
 * `gap` is the index it should take (0 = first, order.length = last).
 *
 * Choice for a gap between two tied neighbours (rank r on both sides):
 * 1. If the moving id sorts between their ids, rank r already puts it there:
 *    a single write, nothing else touched.
 * 2. Otherwise no key for the moving item alone can do it, since (r, id)
 *    pairs are ordered by id. Rewriting other items is then unavoidable; we
 *    rewrite the smaller side of the tie run only (the tied items above the
 *    gap get fresh keys between r and the next distinct rank, or those below
 *    between the previous distinct rank and r). Items outside the tie run
 *    keep their ranks, so concurrent moves elsewhere are not disturbed.
 */
export function planRankAt(order: readonly Ranked[], gap: number, movingId: string): RankPlan {
  const index = Math.max(0, Math.min(order.length, Math.trunc(gap)));
  const previous = order[index - 1];
  const next = order[index];

  if (previous === undefined || next === undefined || previous.rank !== next.rank) {
    const low = sideBound(order, index - 1, -1, next === undefined);
    const high = sideBound(order, index, 1, previous === undefined);
    return { rank: rankBetween(low, high), rerank: [] };
  }

  const tiedRank = previous.rank;
  if (previous.id < movingId && movingId < next.id) {
    return { rank: tiedRank, rerank: [] };
  }

  let runStart = index - 1;
  while (runStart > 0 && order[runStart - 1].rank === tiedRank) runStart--;
  let runEnd = index;
  while (runEnd < order.length - 1 && order[runEnd + 1].rank === tiedRank) runEnd++;

  const below = order.slice(runStart, index);
  const above = order.slice(index, runEnd + 1);

  // A tie on an unusable key (typically '' for a missing rank) can only be
  // resolved upwards: nothing sorts below ''.
  if (above.length <= below.length || !isValidRank(tiedRank)) {
    const upperBound = nearestUsable(order, runEnd + 1, 1);
    const [rank, ...rest] = keysBetween(tiedRank, upperBound, above.length + 1);
    return { rank, rerank: above.map((item, i) => ({ id: item.id, rank: rest[i] })) };
  }
  const lowerBound = nearestUsable(order, runStart - 1, -1);
  const keys = keysBetween(lowerBound, tiedRank, below.length + 1);
  return {
    rank: keys[below.length],
    rerank: below.map((item, i) => ({ id: item.id, rank: keys[i] })),
  };
}
