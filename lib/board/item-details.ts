/**
 * An item's refinement details: its fit with the vision, MoSCoW, release, WSJF inputs, shared
 * texts (value hypothesis, notes, acceptance criteria), and `readItemDetails`, the one snapshot
 * of everything refinement keeps on an item (its lists from item-entries.ts, its DoR ticks, its
 * trim outcome).
 *
 * Shared texts are Y.Text under a fixed key, created on first use by `ensureItemText`; editors
 * re-bind when the key's value is replaced (see `readItemDetailText`), so the rare race of two
 * peers creating one at the same moment loses no more than what was typed in that moment.
 *
 * Every reader tolerates anything a foreign peer may have written; every writer validates first
 * and writes in one transaction (BoardError = nothing changed), like mutations.ts.
 */
import * as Y from 'yjs';
import { readDorTicks } from './dor';
import { BoardError } from './errors';
import { MAX_ENTRY_TEXT, optionalNumber, requireText } from './input';
import { type ItemEntryLists, readItemEntryLists } from './item-entries';
import { requireItem, touch } from './mutations';
import {
  ITEM_DETAIL_FIELD,
  ITEM_DETAIL_TEXT,
  ITEM_DETAIL_TEXTS,
  ITEM_ENTRY,
  type ItemDetailTextField,
  type ItemMap,
  getItemsMap,
} from './schema';
import { type TrimDecision, type TrimDiscussion, readTrimDecision, readTrimDiscussion } from './trim-outcomes';
import { finiteNumberOrNull, oneOf, sharedTextOrString, stringOrNull } from './values';

export const FITS_VISION = ['yes', 'no', 'unsure'] as const;
export type FitsVision = (typeof FITS_VISION)[number];

export const MOSCOW = ['must', 'should', 'could', 'wont'] as const;
export type Moscow = (typeof MOSCOW)[number];

export const MAX_WSJF_INPUT = 1000;

export interface ValueHypothesis {
  believe: string;
  resultIn: string;
  knowWhen: string;
}

/** Which shared text of an item holds each part of its value hypothesis, in reading order. */
export const HYPOTHESIS_TEXTS: ReadonlyArray<readonly [keyof ValueHypothesis, ItemDetailTextField]> = [
  ['believe', 'hypothesisBelieve'],
  ['resultIn', 'hypothesisResult'],
  ['knowWhen', 'hypothesisKnowWhen'],
];

export interface WsjfInputs {
  businessValue: number | null;
  timeCriticality: number | null;
  riskReduction: number | null;
  /** Null: the estimate is the job size. */
  jobSize: number | null;
}

/** Where each WSJF input is stored on the item. */
const WSJF_FIELDS: ReadonlyArray<readonly [keyof WsjfInputs, string]> = [
  ['businessValue', ITEM_DETAIL_FIELD.wsjfBusinessValue],
  ['timeCriticality', ITEM_DETAIL_FIELD.wsjfTimeCriticality],
  ['riskReduction', ITEM_DETAIL_FIELD.wsjfRiskReduction],
  ['jobSize', ITEM_DETAIL_FIELD.wsjfJobSize],
];

export interface ItemDetails extends ItemEntryLists {
  fitsVision: FitsVision | null;
  moscow: Moscow | null;
  releaseId: string | null;
  hypothesis: ValueHypothesis;
  notes: string;
  acceptanceCriteria: string;
  /** criterion id -> ticked by hand */
  dorTicks: Record<string, boolean>;
  /** ids of pains and gains this item serves */
  serves: string[];
  wsjf: WsjfInputs;
  trimDecision: TrimDecision | null;
  trimDiscussion: TrimDiscussion | null;
}

// ---------------------------------------------------------------------------
// Read

/** Snapshot of an item's refinement details. Never throws. */
export function readItemDetails(item: ItemMap): ItemDetails {
  const serves: string[] = [];
  item.forEach((value, key) => {
    if (key.startsWith(ITEM_ENTRY.serves) && value === true) serves.push(key.slice(ITEM_ENTRY.serves.length));
  });
  serves.sort();
  const hypothesis: ValueHypothesis = { believe: '', resultIn: '', knowWhen: '' };
  for (const [part, field] of HYPOTHESIS_TEXTS) hypothesis[part] = sharedTextOrString(item.get(field));
  const wsjf: WsjfInputs = { businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null };
  for (const [name, field] of WSJF_FIELDS) wsjf[name] = finiteNumberOrNull(item.get(field));
  return {
    fitsVision: oneOf(FITS_VISION, item.get(ITEM_DETAIL_FIELD.fitsVision)),
    moscow: oneOf(MOSCOW, item.get(ITEM_DETAIL_FIELD.moscow)),
    releaseId: stringOrNull(item.get(ITEM_DETAIL_FIELD.releaseId)),
    hypothesis,
    notes: sharedTextOrString(item.get(ITEM_DETAIL_TEXT.notes)),
    acceptanceCriteria: sharedTextOrString(item.get(ITEM_DETAIL_TEXT.acceptanceCriteria)),
    ...readItemEntryLists(item),
    dorTicks: readDorTicks(item),
    serves,
    wsjf,
    trimDecision: readTrimDecision(item),
    trimDiscussion: readTrimDiscussion(item),
  };
}

/** Details of every item, keyed by id. */
export function readAllItemDetails(doc: Y.Doc): Map<string, ItemDetails> {
  const out = new Map<string, ItemDetails>();
  getItemsMap(doc).forEach((item, id) => {
    if (item instanceof Y.Map) out.set(id, readItemDetails(item));
  });
  return out;
}

/** The shared text of a detail field, or null until someone first edits it. */
export function readItemDetailText(item: ItemMap, field: ItemDetailTextField): Y.Text | null {
  const value = item.get(field);
  return value instanceof Y.Text ? value : null;
}

// ---------------------------------------------------------------------------
// Write: plain values

export function setFitsVision(doc: Y.Doc, itemId: string, value: FitsVision | null, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  if (value !== null && !oneOf(FITS_VISION, value)) throw new BoardError('invalid_detail', `Unknown fits-vision value: ${String(value)}`);
  doc.transact(() => {
    item.set(ITEM_DETAIL_FIELD.fitsVision, value);
    touch(item);
  }, origin);
}

export function setMoscow(doc: Y.Doc, itemId: string, value: Moscow | null, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  if (value !== null && !oneOf(MOSCOW, value)) throw new BoardError('invalid_detail', `Unknown MoSCoW value: ${String(value)}`);
  doc.transact(() => {
    item.set(ITEM_DETAIL_FIELD.moscow, value);
    touch(item);
  }, origin);
}

export function setWsjfInputs(doc: Y.Doc, itemId: string, inputs: Partial<WsjfInputs>, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  const writes: [string, number | null][] = [];
  for (const [name, key] of WSJF_FIELDS) {
    if (name in inputs) writes.push([key, optionalNumber(inputs[name], name, MAX_WSJF_INPUT)]);
  }
  if (writes.length === 0) return;
  doc.transact(() => {
    for (const [key, value] of writes) item.set(key, value);
    touch(item);
  }, origin);
}

// ---------------------------------------------------------------------------
// Write: shared texts

/**
 * The Y.Text of a detail field, created if missing. Call it when an editor
 * opens (not per keystroke) and bind the editor to what it returns.
 */
export function ensureItemText(doc: Y.Doc, itemId: string, field: ItemDetailTextField, origin?: unknown): Y.Text {
  const item = requireItem(doc, itemId);
  if (!(ITEM_DETAIL_TEXTS as readonly string[]).includes(field)) throw new BoardError('invalid_detail', `Not a text field: ${field}`);
  const existing = readItemDetailText(item, field);
  if (existing) return existing;
  const text = new Y.Text();
  doc.transact(() => item.set(field, text), origin);
  return text;
}

/** Replaces a detail text as a whole (imports, tests); editors bind the Y.Text instead. */
export function setItemText(doc: Y.Doc, itemId: string, field: ItemDetailTextField, value: string, origin?: unknown): void {
  requireText(value, field, MAX_ENTRY_TEXT * 5, true);
  doc.transact(() => {
    const text = ensureItemText(doc, itemId, field, origin);
    if (text.toString() === value) return;
    text.delete(0, text.length);
    text.insert(0, value);
    touch(requireItem(doc, itemId));
  }, origin);
}

export function setValueHypothesis(doc: Y.Doc, itemId: string, hypothesis: Partial<ValueHypothesis>, origin?: unknown): void {
  doc.transact(() => {
    for (const [part, field] of HYPOTHESIS_TEXTS) {
      const text = hypothesis[part];
      if (text !== undefined) setItemText(doc, itemId, field, text, origin);
    }
  }, origin);
}
