/**
 * What a trim by consensus leaves on an item: the decision when the room agreed (the item is
 * trimmed), or a note to discuss it when someone objected. Written by the server's trim service
 * only; read by everyone, so the readers tolerate anything a foreign peer may have written.
 */
import type * as Y from 'yjs';
import { entryFields } from './entries';
import { requireItem } from './mutations';
import { ITEM_DETAIL_FIELD, type ItemMap } from './schema';
import { finiteNumberOrNull, stringOr, stringOrNull } from './values';

export interface TrimDecision {
  proposalId: string;
  proposedBy: string;
  confirmedBy: { name: string; at: number }[];
  decidedAt: number;
}

export interface TrimDiscussion {
  proposalId: string;
  objectedBy: string;
  reason: string | null;
  at: number;
}

export function readTrimDecision(item: ItemMap): TrimDecision | null {
  const f = entryFields(item.get(ITEM_DETAIL_FIELD.trimDecision));
  if (!f) return null;
  const confirmedBy = Array.isArray(f.confirmedBy)
    ? f.confirmedBy.flatMap((c) => {
        const entry = entryFields(c);
        return entry && typeof entry.name === 'string' ? [{ name: entry.name, at: finiteNumberOrNull(entry.at) ?? 0 }] : [];
      })
    : [];
  return {
    proposalId: stringOr(f.proposalId, ''),
    proposedBy: stringOr(f.proposedBy, ''),
    confirmedBy,
    decidedAt: finiteNumberOrNull(f.decidedAt) ?? 0,
  };
}

export function readTrimDiscussion(item: ItemMap): TrimDiscussion | null {
  const f = entryFields(item.get(ITEM_DETAIL_FIELD.trimDiscussion));
  if (!f) return null;
  return {
    proposalId: stringOr(f.proposalId, ''),
    objectedBy: stringOr(f.objectedBy, ''),
    reason: stringOrNull(f.reason),
    at: finiteNumberOrNull(f.at) ?? 0,
  };
}

/** The room agreed: records who confirmed, and drops an earlier "discuss" note. */
export function recordTrimDecision(doc: Y.Doc, itemId: string, decision: TrimDecision, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  doc.transact(() => {
    item.set(ITEM_DETAIL_FIELD.trimDecision, { ...decision, confirmedBy: decision.confirmedBy.map((c) => ({ ...c })) });
    item.delete(ITEM_DETAIL_FIELD.trimDiscussion);
  }, origin);
}

/** Someone objected: the item is marked to discuss (null clears the mark). */
export function markTrimDiscussion(doc: Y.Doc, itemId: string, discussion: TrimDiscussion | null, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  doc.transact(() => {
    if (discussion) item.set(ITEM_DETAIL_FIELD.trimDiscussion, { ...discussion });
    else item.delete(ITEM_DETAIL_FIELD.trimDiscussion);
  }, origin);
}
