/**
 * The board's Definition of Ready: its criteria in `meta` (the defaults until someone edits the
 * list) and the hand ticks on items. Whether an item meets a computed criterion is a feature
 * rule (lib/refinement/readiness.ts); this file only stores and reads.
 */
import type * as Y from 'yjs';
import { newEntryId } from '../session/ids';
import { entryFields, patchEntry } from './entries';
import { BoardError } from './errors';
import { MAX_SHORT_TEXT, requireText } from './input';
import { requireItem, touch } from './mutations';
import { ITEM_ENTRY, META_DETAIL_FIELD, META_ENTRY, getMetaMap } from './schema';
import { finiteNumberOrNull, oneOf, stringOr } from './values';

/** How a Definition-of-Ready criterion is decided: computed from the item, or ticked by hand. */
const DOR_RULES = [
  'title-description',
  'acceptance-criteria',
  'value-hypothesis',
  'estimated',
  'fits-sprint',
  'dependencies-known',
  'no-open-questions',
  'manual',
] as const;
export type DorRule = (typeof DOR_RULES)[number];

export interface DorCriterion {
  id: string;
  label: string;
  rule: DorRule;
  order: number;
}

export const DEFAULT_DOR_CRITERIA: ReadonlyArray<{ id: string; label: string; rule: DorRule }> = [
  { id: 'clear', label: 'Clear title and description', rule: 'title-description' },
  { id: 'acceptance', label: 'Acceptance criteria', rule: 'acceptance-criteria' },
  { id: 'hypothesis', label: 'Value hypothesis', rule: 'value-hypothesis' },
  { id: 'estimated', label: 'Estimated', rule: 'estimated' },
  { id: 'fits', label: 'Fits in a sprint', rule: 'fits-sprint' },
  { id: 'deps', label: 'Dependencies known', rule: 'dependencies-known' },
  { id: 'questions', label: 'No open questions', rule: 'no-open-questions' },
];

// ---------------------------------------------------------------------------
// Read

/** The board's Definition of Ready, in order; the defaults until someone edits it. */
export function readDorCriteria(doc: Y.Doc): DorCriterion[] {
  const meta = getMetaMap(doc);
  if (meta.get(META_DETAIL_FIELD.dorCustomized) !== true) return DEFAULT_DOR_CRITERIA.map((c, order) => ({ ...c, order }));
  const out: DorCriterion[] = [];
  meta.forEach((value, key) => {
    if (!key.startsWith(META_ENTRY.dor)) return;
    const f = entryFields(value);
    const id = key.slice(META_ENTRY.dor.length);
    if (!f || meta.get(META_ENTRY.dorRemoved + id) === true) return;
    out.push({
      id,
      label: stringOr(f.label, ''),
      rule: oneOf(DOR_RULES, f.rule) ?? 'manual',
      order: finiteNumberOrNull(f.order) ?? 0,
    });
  });
  return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

/** criterion id -> ticked by hand, for one item. */
export function readDorTicks(item: Y.Map<unknown>): Record<string, boolean> {
  const ticks: Record<string, boolean> = {};
  item.forEach((value, key) => {
    if (key.startsWith(ITEM_ENTRY.dorTick) && value === true) ticks[key.slice(ITEM_ENTRY.dorTick.length)] = true;
  });
  return ticks;
}

// ---------------------------------------------------------------------------
// Write

// The first edit writes the defaults out, so later edits change entries.
// Defaults have fixed ids: two peers materialising at once write identical
// keys, which merge harmlessly.
function materializeDor(doc: Y.Doc): void {
  const m = getMetaMap(doc);
  if (m.get(META_DETAIL_FIELD.dorCustomized) === true) return;
  DEFAULT_DOR_CRITERIA.forEach((c, order) => {
    if (!m.has(META_ENTRY.dor + c.id)) m.set(META_ENTRY.dor + c.id, { label: c.label, rule: c.rule, order });
  });
  m.set(META_DETAIL_FIELD.dorCustomized, true);
}

export function addDorCriterion(doc: Y.Doc, label: string, rule: DorRule = 'manual', origin?: unknown): string {
  const text = requireText(label, 'Criterion', MAX_SHORT_TEXT);
  if (!oneOf(DOR_RULES, rule)) throw new BoardError('invalid_detail', `Unknown rule: ${String(rule)}`);
  const id = newEntryId();
  doc.transact(() => {
    materializeDor(doc);
    const order = Math.max(-1, ...readDorCriteria(doc).map((c) => c.order)) + 1;
    getMetaMap(doc).set(META_ENTRY.dor + id, { label: text, rule, order });
  }, origin);
  return id;
}

export function renameDorCriterion(doc: Y.Doc, criterionId: string, label: string, origin?: unknown): void {
  const text = requireText(label, 'Criterion', MAX_SHORT_TEXT);
  if (!readDorCriteria(doc).some((c) => c.id === criterionId)) throw new BoardError('unknown_entry', `Unknown criterion: ${criterionId}`);
  doc.transact(() => {
    materializeDor(doc);
    patchEntry(getMetaMap(doc), META_ENTRY.dor + criterionId, { label: text });
  }, origin);
}

export function removeDorCriterion(doc: Y.Doc, criterionId: string, origin?: unknown): void {
  doc.transact(() => {
    materializeDor(doc);
    // A tombstone under its own key, not a delete: a peer materialising the
    // defaults concurrently would otherwise bring a removed default back.
    getMetaMap(doc).set(META_ENTRY.dorRemoved + criterionId, true);
  }, origin);
}

export function resetDorCriteria(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => {
    const m = getMetaMap(doc);
    for (const key of Array.from(m.keys())) {
      if (key.startsWith(META_ENTRY.dor) || key.startsWith(META_ENTRY.dorRemoved)) m.delete(key);
    }
    m.delete(META_DETAIL_FIELD.dorCustomized);
  }, origin);
}

/** Ticks (or unticks) a hand-decided criterion on an item. */
export function setDorTick(doc: Y.Doc, itemId: string, criterionId: string, ticked: boolean, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  requireText(criterionId, 'Criterion', 64);
  doc.transact(() => {
    if (ticked) item.set(ITEM_ENTRY.dorTick + criterionId, true);
    else item.delete(ITEM_ENTRY.dorTick + criterionId);
    touch(item);
  }, origin);
}
