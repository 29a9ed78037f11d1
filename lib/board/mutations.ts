/**
 * Every change to board items, as pure functions on a Y.Doc.
 *
 * Each mutation validates all of its input first and then writes inside one
 * `doc.transact(fn, origin)`: a BoardError therefore means nothing changed,
 * and one user action is one update on the wire and one step for a
 * Y.UndoManager that tracks `origin`.
 */
import * as Y from 'yjs';
import { newItemId } from '../session/ids';
import { BoardError } from './errors';
import { isValidRank, planRankAt } from './rank';
import {
  type ItemKind,
  type ItemMap,
  type ItemTextField,
  type ItemView,
  ITEM_FIELD,
  MAX_ESTIMATE_LABEL_LENGTH,
  MAX_PARKED_REASON_LENGTH,
  getItemMap,
  getItemsMap,
  listItems,
  readItem,
  readItemText,
  writeItemField,
} from './schema';
import { assertDescription, assertItemId, assertItemKind, normalizeTitle } from './input';

/** Where to put an item, in board order (all zones share one rank space). */
export type ItemPosition =
  | { at: 'top' }
  | { at: 'bottom' }
  | { after: string }
  | { before: string }
  /** A rank planned by the caller for many items at once (an import): no per-item re-sort. */
  | { rank: string };

/** The item's map, or a BoardError('unknown_item'): every writer's first check. */
export function requireItem(doc: Y.Doc, id: string): ItemMap {
  const item = getItemMap(doc, id);
  if (!(item instanceof Y.Map)) {
    throw new BoardError('unknown_item', `Unknown item: ${id}`);
  }
  return item;
}

/** Marks an item as changed now (its `updatedAt`), in the writer's transaction. */
export function touch(item: ItemMap): void {
  writeItemField(item, 'updatedAt', Date.now());
}

/** How stale `updatedAt` may get while someone keeps typing in the item's title or description. */
export const TEXT_TOUCH_INTERVAL_MS = 20_000;

/**
 * Typing into an item's title or description (its Y.Text) is an update of the item: marks it
 * changed, in the typist's transaction. At most once per `TEXT_TOUCH_INTERVAL_MS`, so a
 * keystroke does not add a map entry for every client to decode. Any other text (the vision)
 * is left alone.
 */
export function touchTextOwner(text: Y.Text, now: number = Date.now()): void {
  const item = text.parent;
  if (!(item instanceof Y.Map) || !text.doc || item.parent !== getItemsMap(text.doc)) return;
  const last = item.get(ITEM_FIELD.updatedAt);
  if (typeof last === 'number' && last <= now && now - last < TEXT_TOUCH_INTERVAL_MS) return;
  writeItemField(item, 'updatedAt', now);
}

// ---------------------------------------------------------------------------
// Placement

interface Placement {
  rank: string;
  rerank: { id: string; rank: string }[];
}

/**
 * Resolves a position against the current order. "after X" means directly
 * after X in the order of all zones, so the item also sits right after X in
 * whichever zone list shows both. Returns null when the item already is
 * there, so a drop on its own slot writes nothing.
 */
function planPlacement(doc: Y.Doc, movingId: string, position: ItemPosition): Placement | null {
  if ('rank' in position) {
    if (!isValidRank(position.rank)) throw new BoardError('invalid_position', `Invalid rank: ${JSON.stringify(position.rank)}`);
    return { rank: position.rank, rerank: [] };
  }
  const all = listItems(doc);
  const currentIndex = all.findIndex((view) => view.id === movingId);
  const others = currentIndex === -1 ? all : all.filter((view) => view.id !== movingId);

  let gap: number;
  if ('at' in position) {
    // Positions arrive from UI and server code paths; check at runtime too.
    const at: string = position.at;
    if (at !== 'top' && at !== 'bottom') {
      throw new BoardError('invalid_position', `Unknown position: ${at}`);
    }
    gap = at === 'top' ? 0 : others.length;
  } else {
    const anchorId = 'after' in position ? position.after : position.before;
    if (anchorId === movingId) return null; // dropped onto itself
    const anchorIndex = others.findIndex((view) => view.id === anchorId);
    if (anchorIndex === -1) {
      throw new BoardError('unknown_item', `Unknown item to place next to: ${String(anchorId)}`);
    }
    gap = 'after' in position ? anchorIndex + 1 : anchorIndex;
  }

  if (gap === currentIndex) return null;
  return planRankAt(others, gap, movingId);
}

function applyRerank(doc: Y.Doc, rerank: Placement['rerank']): void {
  for (const { id, rank } of rerank) {
    const neighbour = getItemMap(doc, id);
    if (neighbour instanceof Y.Map) writeItemField(neighbour, 'rank', rank);
  }
}

// ---------------------------------------------------------------------------
// Create

export interface NewItemInput {
  title: string;
  kind: ItemKind;
  position: ItemPosition;
  createdBy?: string | null;
  /** Defaults to a random UUID. Given ids must be unused. */
  id?: string;
  parentId?: string | null;
  /** Written with the item (an import), instead of a second write that also touches updatedAt. */
  description?: string;
  estimate?: number | null;
}

/** Creates a backlog item and returns its id. */
export function createItem(doc: Y.Doc, input: NewItemInput, origin?: unknown): string {
  const title = normalizeTitle(input.title);
  assertItemKind(input.kind);
  const id = input.id ?? newItemId();
  assertItemId(id);
  if (getItemsMap(doc).has(id)) {
    throw new BoardError('duplicate_id', `An item with id ${id} already exists`);
  }
  const parentId = input.parentId ?? null;
  if (parentId !== null) requireItem(doc, parentId);
  const description = input.description ?? '';
  assertDescription(description);
  const estimate = input.estimate ?? null;
  assertEstimateValue(estimate);
  const placement = planPlacement(doc, id, input.position);
  // null means "already in place", which for a new item only happens when the
  // position names the new item itself.
  if (placement === null) throw new BoardError('invalid_position', 'Cannot place an item next to itself');
  const now = Date.now();

  doc.transact(() => {
    const item: ItemMap = new Y.Map<unknown>();
    // Integrate the map first, then fill it: nested Y.Text values are then
    // created inside the doc, in this same transaction, so peers never see a
    // half-built item.
    getItemsMap(doc).set(id, item);
    writeItemField(item, 'title', new Y.Text(title));
    writeItemField(item, 'description', new Y.Text(description));
    writeItemField(item, 'kind', input.kind);
    writeItemField(item, 'rank', placement.rank);
    writeItemField(item, 'createdAt', now);
    // Fields at their default are not written: readItem already reads a missing parentId,
    // estimate, estimateLabel, createdBy or parkedReason as null, a missing zone as the backlog,
    // a missing updatedAt as createdAt and a missing id as the item's key in the items map (which
    // is its id; boards made before this carry both). Every map entry is a struct that each
    // joining peer decodes and integrates: at 2,000 items the first sync is a quarter smaller
    // and ~20 % cheaper to apply without `id` and `zone` (issue 15).
    if (parentId !== null) writeItemField(item, 'parentId', parentId);
    if (estimate !== null) writeItemField(item, 'estimate', estimate);
    if (input.createdBy != null) writeItemField(item, 'createdBy', input.createdBy);
    applyRerank(doc, placement.rerank);
  }, origin);
  return id;
}

// ---------------------------------------------------------------------------
// Edit fields

// Whole-text replacement for programmatic edits (imports, server, tests).
// The UI binds the Y.Text itself so that concurrent typing merges.
function replaceText(item: ItemMap, field: ItemTextField, value: string): void {
  const text = readItemText(item, field);
  if (text === null) {
    writeItemField(item, field, new Y.Text(value));
    return;
  }
  if (text.toString() === value) return;
  text.delete(0, text.length);
  text.insert(0, value);
}

export function setTitle(doc: Y.Doc, id: string, title: string, origin?: unknown): void {
  const item = requireItem(doc, id);
  const normalized = normalizeTitle(title);
  doc.transact(() => {
    replaceText(item, 'title', normalized);
    touch(item);
  }, origin);
}

export function setDescription(doc: Y.Doc, id: string, description: string, origin?: unknown): void {
  const item = requireItem(doc, id);
  assertDescription(description);
  doc.transact(() => {
    replaceText(item, 'description', description);
    touch(item);
  }, origin);
}

export function setKind(doc: Y.Doc, id: string, kind: ItemKind, origin?: unknown): void {
  const item = requireItem(doc, id);
  assertItemKind(kind);
  doc.transact(() => {
    writeItemField(item, 'kind', kind);
    touch(item);
  }, origin);
}

export interface EstimateInput {
  /** Story points (or any non-negative number); null clears it. */
  value: number | null;
  /** Non-numeric card such as '?' or 'M'; null clears it. */
  label: string | null;
}

function normalizeEstimateLabel(label: unknown): string | null {
  if (label === null) return null;
  const trimmed = typeof label === 'string' ? label.trim() : '';
  if (trimmed === '' || trimmed.length > MAX_ESTIMATE_LABEL_LENGTH) {
    throw new BoardError('invalid_estimate', `Estimate label must be null or 1 to ${MAX_ESTIMATE_LABEL_LENGTH} characters`);
  }
  return trimmed;
}

function assertEstimateValue(value: unknown): asserts value is number | null {
  if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw new BoardError('invalid_estimate', `Estimate must be a non-negative number or null, got ${String(value)}`);
  }
}

export function setEstimate(doc: Y.Doc, id: string, estimate: EstimateInput, origin?: unknown): void {
  const item = requireItem(doc, id);
  const { value } = estimate;
  assertEstimateValue(value);
  const label = normalizeEstimateLabel(estimate.label);
  doc.transact(() => {
    writeItemField(item, 'estimate', value);
    writeItemField(item, 'estimateLabel', label);
    touch(item);
  }, origin);
}

// ---------------------------------------------------------------------------
// Move

/**
 * Moves an item to a position in board order. Normally one write of `rank`
 * (last writer wins); see `planRankAt` for the rare tie case. The zone is
 * kept: moving a parked item reorders it without restoring it.
 */
export function moveItem(doc: Y.Doc, id: string, position: ItemPosition, origin?: unknown): void {
  const item = requireItem(doc, id);
  const placement = planPlacement(doc, id, position);
  if (placement === null) return;
  doc.transact(() => {
    writeItemField(item, 'rank', placement.rank);
    applyRerank(doc, placement.rerank);
    touch(item);
  }, origin);
}

export function moveToTop(doc: Y.Doc, id: string, origin?: unknown): void {
  moveItem(doc, id, { at: 'top' }, origin);
}

export function moveToBottom(doc: Y.Doc, id: string, origin?: unknown): void {
  moveItem(doc, id, { at: 'bottom' }, origin);
}

/**
 * Moves an item so that it ends up at `index` of the backlog list, the way a
 * drag-and-drop reports it (dnd-kit's `arrayMove` semantics: the index in the
 * list after the move). Out-of-range indexes are clamped.
 */
export function moveToIndex(doc: Y.Doc, id: string, index: number, origin?: unknown): void {
  requireItem(doc, id);
  if (!Number.isInteger(index)) {
    throw new BoardError('invalid_position', `Index must be an integer, got ${String(index)}`);
  }
  const backlog = listItems(doc, { zone: 'backlog' }).filter((view) => view.id !== id);
  if (backlog.length === 0) return; // alone in the backlog: every rank is the same place
  const target = Math.max(0, Math.min(backlog.length, index));
  const position: ItemPosition = target === 0 ? { before: backlog[0].id } : { after: backlog[target - 1].id };
  moveItem(doc, id, position, origin);
}

// ---------------------------------------------------------------------------
// Zones: backlog -> tail (park) -> trimmed (trim) -> gone (purge)

// An empty reason is stored as "no reason" so the UI has one case to render.
function normalizeParkedReason(reason: unknown): string | null {
  if (reason === undefined || reason === null) return null;
  if (typeof reason !== 'string') {
    throw new BoardError('invalid_reason', 'Parked reason must be a string');
  }
  const trimmed = reason.trim();
  if (trimmed.length > MAX_PARKED_REASON_LENGTH) {
    throw new BoardError('invalid_reason', `Parked reason is longer than ${MAX_PARKED_REASON_LENGTH} characters`);
  }
  return trimmed === '' ? null : trimmed;
}

/** Parks an item in the tail. The rank is kept so a restore puts it back. */
export function parkItem(doc: Y.Doc, id: string, reason?: string | null, origin?: unknown): void {
  const item = requireItem(doc, id);
  const parkedReason = normalizeParkedReason(reason);
  const current = readItem(item);
  doc.transact(() => {
    // Counted only when it enters the tail: changing a parked item's reason is not a new parking.
    if (current.zone !== 'tail') writeItemField(item, 'parkedCount', current.parkedCount + 1);
    writeItemField(item, 'zone', 'tail');
    writeItemField(item, 'parkedReason', parkedReason);
    touch(item);
  }, origin);
}

/** Brings an item (parked or trimmed) back into the backlog at its old rank. */
export function restoreItem(doc: Y.Doc, id: string, origin?: unknown): void {
  const item = requireItem(doc, id);
  doc.transact(() => {
    writeItemField(item, 'zone', 'backlog');
    // The reason for parking no longer describes a live backlog item.
    writeItemField(item, 'parkedReason', null);
    touch(item);
  }, origin);
}

/**
 * Trims parked items (tail -> trimmed) and returns the ids actually trimmed.
 * Items no longer in the tail are skipped, not an error: a trim is agreed on
 * by the room a moment before it runs, and someone may have restored one of
 * the items in between; their restore should win for that item.
 */
export function trimItems(doc: Y.Doc, ids: readonly string[], origin?: unknown): string[] {
  const items = ids.map((id) => ({ id, item: requireItem(doc, id) }));
  const inTail = items.filter(({ item }) => readItem(item).zone === 'tail');
  if (inTail.length === 0) return [];
  doc.transact(() => {
    for (const { item } of inTail) {
      writeItemField(item, 'zone', 'trimmed');
      touch(item);
    }
  }, origin);
  return inTail.map(({ id }) => id);
}

/**
 * Deletes a trimmed item for good. Only trimmed items can be purged, so a
 * stale click can never delete a live backlog item. Children lose their
 * parent link here; readers still tolerate dangling parent ids, since a
 * concurrent peer may re-parent onto the purged item before it hears of it.
 */
export function purgeItem(doc: Y.Doc, id: string, origin?: unknown): void {
  const item = requireItem(doc, id);
  if (readItem(item).zone !== 'trimmed') {
    throw new BoardError('not_trimmed', `Only trimmed items can be purged: ${id}`);
  }
  const children: ItemView[] = listItems(doc).filter((view) => view.parentId === id);
  doc.transact(() => {
    getItemsMap(doc).delete(id);
    for (const child of children) {
      const childItem = getItemMap(doc, child.id);
      if (childItem instanceof Y.Map) writeItemField(childItem, 'parentId', null);
    }
  }, origin);
}
