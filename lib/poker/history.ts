/**
 * What an item keeps of the poker rounds that estimated it: a revealed round as the board stores
 * it (lib/board/estimation.ts). Voter ids are session-only, so only names stay.
 */
import type { EstimateRecord, PokerCard, PokerTarget } from '../board/estimation';
import type { PokerRoundRecord } from './round';

/** Turns a poker round record into what the item keeps. */
export function toEstimateRecord(
  record: PokerRoundRecord,
  deck: string,
  accepted: PokerCard | null,
  acceptedAt: number | null,
  target: PokerTarget = 'estimate',
): EstimateRecord {
  return {
    roundId: record.roundId,
    number: record.number,
    revealedAt: record.revealedAt,
    deck,
    target,
    votes: record.votes.map(({ name, vote }) => ({ name, vote })),
    average: record.stats.average,
    median: record.stats.median,
    mode: record.stats.mode,
    consensus: record.stats.consensus,
    accepted,
    acceptedAt,
  };
}
