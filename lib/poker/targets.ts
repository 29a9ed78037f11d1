/**
 * What a poker round estimates (`PokerTarget`): the item's estimate, or one WSJF input. Labels
 * for the round view, the history and the "estimate with poker" buttons.
 */
import type { PokerTarget } from '../board/estimation';

export const POKER_TARGET_LABEL: Record<PokerTarget, string> = {
  estimate: 'Estimate',
  businessValue: 'Business value',
  timeCriticality: 'Time criticality',
  riskReduction: 'Risk reduction / opportunity',
  jobSize: 'Job size',
};

export type WsjfTarget = Exclude<PokerTarget, 'estimate'>;

export function isWsjfTarget(target: PokerTarget): target is WsjfTarget {
  return target !== 'estimate';
}
