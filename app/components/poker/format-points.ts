import type { PokerStats } from '@/lib/poker/stats';

/** Story points as the poker panel shows them: whole numbers plain, others to one decimal. */
export function formatPoints(value: number | null): string {
  if (value === null) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
}

/** What the room is told of a revealed round's spread (the poker panel and the projector). */
export function consensusText(stats: Pick<PokerStats, 'consensus' | 'nearConsensus' | 'voteCount'>): string {
  if (stats.consensus) return 'Consensus!';
  if (stats.nearConsensus) return 'Almost: neighbouring cards';
  return stats.voteCount === 0 ? 'No votes' : 'No consensus — hear the highest and lowest';
}
