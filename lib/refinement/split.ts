/**
 * Splitting epics and stories into children, and what a parent shows about
 * them: progress (estimated / total) and their summed estimate against its own.
 */
import type * as Y from 'yjs';
import { BoardError } from '../board/errors';
import { createItem } from '../board/mutations';
import { type ItemKind, type ItemView, MAX_TITLE_LENGTH, getItemMap, listItems, readItem } from '../board/schema';

export const MAX_SPLIT_CHILDREN = 50;

/** One title per line; blank lines dropped, list markers ("- ", "* ", "1. ", "[ ] ") stripped. */
export function parseSplitTitles(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•+]\s+|\d+[.)]\s+|\[[ xX]?\]\s+)+/, '').trim())
    .filter((line) => line !== '')
    .map((line) => line.slice(0, MAX_TITLE_LENGTH));
}

/** Epics split into stories, stories into smaller stories, tasks/bugs/spikes into tasks. */
export function childKindFor(parent: ItemKind): ItemKind {
  return parent === 'epic' || parent === 'story' ? 'story' : 'task';
}

/**
 * Creates one child per title, ranked right after the parent (after children
 * already sitting directly below it), in one transaction: one undo step, one
 * update on the wire. Returns the new ids in order.
 */
export function splitItem(
  doc: Y.Doc,
  parentId: string,
  titles: readonly string[],
  options: { kind?: ItemKind; createdBy?: string | null } = {},
  origin?: unknown,
): string[] {
  const parentMap = getItemMap(doc, parentId);
  if (!parentMap) throw new BoardError('unknown_item', `Unknown item: ${parentId}`);
  const clean = titles.map((t) => t.trim()).filter((t) => t !== '');
  if (clean.length === 0) throw new BoardError('invalid_title', 'Give at least one title, one per line');
  if (clean.length > MAX_SPLIT_CHILDREN) throw new BoardError('invalid_title', `At most ${MAX_SPLIT_CHILDREN} children at once`);
  const parent = readItem(parentMap);
  const kind = options.kind ?? childKindFor(parent.kind);
  const all = listItems(doc);
  let anchor = parentId;
  for (let i = all.findIndex((v) => v.id === parentId) + 1; i < all.length && all[i].parentId === parentId; i++) anchor = all[i].id;
  const ids: string[] = [];
  doc.transact(() => {
    for (const title of clean) {
      anchor = createItem(doc, { title, kind, parentId, position: { after: anchor }, createdBy: options.createdBy ?? null }, origin);
      ids.push(anchor);
    }
  }, origin);
  return ids;
}

export interface ChildProgress {
  /** Children not trimmed. */
  total: number;
  estimated: number;
  /** Sum of the children's estimates. */
  sum: number;
  /** The parent's own estimate. */
  own: number | null;
  /** sum − own when both are known. */
  difference: number | null;
}

/** Progress of a parent's children; null when it has none (trimmed children do not count). */
export function childProgress(
  parent: Pick<ItemView, 'id' | 'estimate'>,
  items: readonly Pick<ItemView, 'parentId' | 'zone' | 'estimate'>[],
): ChildProgress | null {
  const children = items.filter((i) => i.parentId === parent.id && i.zone !== 'trimmed');
  if (children.length === 0) return null;
  const estimated = children.filter((c) => c.estimate !== null);
  const sum = estimated.reduce((a, c) => a + (c.estimate ?? 0), 0);
  return {
    total: children.length,
    estimated: estimated.length,
    sum,
    own: parent.estimate,
    difference: parent.estimate === null ? null : sum - parent.estimate,
  };
}
