/**
 * Writing an accepted planning-poker result into the item: the estimate, or one WSJF input
 * (issue 5: "its inputs can be set directly or estimated with poker rounds, one per input").
 * The value and the rounds' history land in one transaction, so every peer sees both at once.
 */
import type * as Y from 'yjs';
import { setWsjfInputs, type WsjfInputs } from './item-details';
import { BoardError } from './errors';
import { acceptEstimate, appendEstimateHistory, type EstimateRecord, type PokerTarget } from './estimation';

export interface AcceptRoundInput {
  target: PokerTarget;
  /** The accepted card as an estimate (`cardToEstimate`). */
  estimate: { value: number | null; label: string | null };
  records: EstimateRecord[];
}

export function acceptRoundResult(doc: Y.Doc, itemId: string, input: AcceptRoundInput, origin?: unknown): void {
  const { target } = input;
  if (target === 'estimate') return acceptEstimate(doc, itemId, { estimate: input.estimate, records: input.records }, origin);
  // A WSJF input is a number: a card without points ('?', '☕') cannot be one.
  if (input.estimate.value === null) throw new BoardError('invalid_estimate', 'A WSJF input needs a card with points');
  const value = input.estimate.value;
  // A compile error here means POKER_TARGETS and WsjfInputs no longer name the same fields.
  const field: keyof WsjfInputs = target;
  doc.transact(() => {
    setWsjfInputs(doc, itemId, { [field]: value }, origin);
    appendEstimateHistory(doc, itemId, input.records, origin);
  }, origin);
}
