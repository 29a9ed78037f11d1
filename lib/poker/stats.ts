/**
 * Statistics of a revealed round: pure, on card labels and the round's deck.
 *
 * Average and median count only cards with points ('?' and '☕' are not estimates). The mode
 * counts every card except '☕', so "most people do not know" ('?') shows up as the mode.
 */
import type { PokerCard } from '../board/estimation';
import { COFFEE_CARD, findCard } from './decks';

/** What everyone sees of a revealed round. */
export interface PokerStats {
  voteCount: number;
  numericCount: number;
  average: number | null;
  median: number | null;
  /** Most common card(s), in deck order. */
  mode: string[];
  /** Every estimate is the same card (no '?'). */
  consensus: boolean;
  /** All estimates on one card or two neighbouring cards of the deck. */
  nearConsensus: boolean;
  distribution: Array<{ label: string; count: number }>;
  highest: number | null;
  lowest: number | null;
  highVoterIds: string[];
  lowVoterIds: string[];
  /** The deck card nearest the average (ties round up). */
  suggested: PokerCard | null;
}

export interface CastVote {
  voterId: string;
  card: string;
}

export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The deck card with points nearest to `value`; a tie goes to the larger card (estimates round up). */
export function nearestCard(deck: readonly PokerCard[], value: number | null): PokerCard | null {
  if (value === null) return null;
  let best: PokerCard | null = null;
  for (const card of deck) {
    if (card.value === null) continue;
    if (best === null) {
      best = card;
      continue;
    }
    const d = Math.abs(card.value - value);
    const bestD = Math.abs(best.value! - value);
    if (d < bestD - 1e-9 || (Math.abs(d - bestD) <= 1e-9 && card.value > best.value!)) best = card;
  }
  return best;
}

export function computeStats(deck: readonly PokerCard[], votes: readonly CastVote[]): PokerStats {
  const counts = new Map<string, number>();
  for (const vote of votes) counts.set(vote.card, (counts.get(vote.card) ?? 0) + 1);
  // Deck order first; a card no longer in the deck (deck changed) goes last.
  const labels = [...deck.map((c) => c.label), ...[...counts.keys()].filter((l) => !findCard(deck, l))];
  const distribution = labels.map((label) => ({ label, count: counts.get(label) ?? 0 }));

  const numericVotes = votes
    .map((vote) => ({ voterId: vote.voterId, card: findCard(deck, vote.card) }))
    .filter((v): v is { voterId: string; card: PokerCard & { value: number } } => v.card?.value != null);
  const values = numericVotes.map((v) => v.card.value);

  let modeCount = 0;
  for (const { label, count } of distribution) if (label !== COFFEE_CARD) modeCount = Math.max(modeCount, count);
  const mode = modeCount === 0 ? [] : distribution.filter((d) => d.label !== COFFEE_CARD && d.count === modeCount).map((d) => d.label);

  const estimateLabels = new Set(votes.filter((v) => v.card !== COFFEE_CARD).map((v) => v.card));
  const consensus = numericVotes.length > 0 && estimateLabels.size === 1;
  const deckIndexes = [...estimateLabels].map((label) => deck.findIndex((c) => c.label === label && c.value !== null));
  const nearConsensus =
    consensus || (numericVotes.length > 0 && !deckIndexes.includes(-1) && Math.max(...deckIndexes) - Math.min(...deckIndexes) <= 1);

  const highest = values.length ? Math.max(...values) : null;
  const lowest = values.length ? Math.min(...values) : null;
  const spread = highest !== null && lowest !== null && highest > lowest;
  const avg = average(values);
  return {
    voteCount: votes.length,
    numericCount: values.length,
    average: avg,
    median: median(values),
    mode,
    consensus,
    nearConsensus,
    distribution,
    highest,
    lowest,
    highVoterIds: spread ? numericVotes.filter((v) => v.card.value === highest).map((v) => v.voterId) : [],
    lowVoterIds: spread ? numericVotes.filter((v) => v.card.value === lowest).map((v) => v.voterId) : [],
    suggested: nearestCard(deck, avg),
  };
}
