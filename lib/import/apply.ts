/**
 * A parsed import meets the board: what it would create, update and skip (the preview), and
 * applying that plan as one transaction (one undo step for the person who imports, one update
 * for everyone else).
 *
 * Re-importing the same tracker's file updates items with the same external key in place,
 * never duplicates them. A field changes only when the tracker changed it since the last import
 * (each item keeps what the tracker said then): an estimate the team agreed on the board stays
 * while the tracker still has the old one. Nothing on the board is deleted by an import.
 */
import * as Y from 'yjs';
import { addDependency } from '../board/item-entries';
import { MAX_WSJF_INPUT, readItemDetails, setWsjfInputs } from '../board/item-details';
import { createItem, parkItem, setDescription, setEstimate, setKind, setTitle } from '../board/mutations';
import { keysBetween } from '../board/rank';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_TITLE_LENGTH,
  getItemMap,
  ITEM_FIELD,
  getItemsMap,
  getMetaMap,
  listItems,
  readItem,
  writeItemField,
  type ItemKind,
} from '../board/schema';
import {
  MAX_EXTERNAL_KEY_LENGTH,
  isValidExternalKey,
  itemsByExternalKey,
  normalizeLabels,
  readImportedSnapshot,
  readTrackerLink,
  setTrackerLink,
  writeImportedSnapshot,
  writeTrackerFields,
} from '../board/tracker';
import { ImportError } from './errors';
import type { ImportRecord, ParsedImport, SkippedRow, WsjfValues } from './record';

export type ImportOrder = 'append' | 'file';

const WSJF_NAMES: Record<keyof WsjfValues, string> = {
  businessValue: 'Business Value',
  timeCriticality: 'Time Criticality',
  riskReduction: 'Risk Reduction',
  jobSize: 'Job Size',
};

/** The fields an import writes, as the tracker states them. */
interface TrackerValues {
  title: string;
  description: string;
  kind: ItemKind;
  estimate: number | null;
  labels: string[];
  url: string | null;
  parentKey: string | null;
  wsjf: WsjfValues;
}
type TrackerField = keyof TrackerValues;
const TRACKER_FIELDS: TrackerField[] = ['title', 'description', 'kind', 'estimate', 'labels', 'url', 'parentKey', 'wsjf'];

export interface PlannedCreate {
  record: ImportRecord;
}

export interface PlannedUpdate {
  record: ImportRecord;
  itemId: string;
  /** The fields that change on the board, with their old and new values (for the preview). */
  changes: Array<{ field: TrackerField; from: unknown; to: unknown }>;
}

export interface ImportPlan {
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  /** Items found by key whose tracker values did not change. */
  unchanged: number;
  skipped: SkippedRow[];
  /** Things worth a look that do not stop the import (a parent that is nowhere). */
  warnings: string[];
  /** Board items with an external key that this file does not mention (candidates for the tail). */
  missing: Array<{ id: string; title: string; externalKey: string }>;
  order: ImportOrder;
}

export interface ImportSummary {
  created: number;
  /** Items parked because the file no longer has them (only when asked). */
  parked: number;
  updated: number;
  unchanged: number;
  skipped: SkippedRow[];
  warnings: string[];
}

function valuesOf(record: ImportRecord): TrackerValues {
  return {
    title: record.title.trim(),
    description: record.description,
    kind: record.kind,
    estimate: record.estimate,
    labels: normalizeLabels(record.labels),
    url: record.url,
    parentKey: record.parentKey,
    wsjf: record.wsjf,
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What the board holds now for each tracker field of one item. */
function boardValues(doc: Y.Doc, itemId: string, keyOf: Map<string, string>): TrackerValues {
  const item = getItemMap(doc, itemId)!;
  const view = readItem(item);
  const link = readTrackerLink(item);
  const wsjf = readItemDetails(item).wsjf;
  return {
    title: view.title,
    description: view.description,
    kind: view.kind,
    estimate: view.estimate,
    labels: link.labels,
    url: link.externalUrl,
    parentKey: view.parentId ? (keyOf.get(view.parentId) ?? null) : null,
    wsjf: {
      businessValue: wsjf.businessValue,
      timeCriticality: wsjf.timeCriticality,
      riskReduction: wsjf.riskReduction,
      jobSize: wsjf.jobSize,
    },
  };
}

/** The preview: nothing changes on the board. */
export function planImport(doc: Y.Doc, parsed: ParsedImport, order: ImportOrder = 'append'): ImportPlan {
  const idByKey = itemsByExternalKey(doc);
  const keyById = new Map(Array.from(idByKey, ([key, id]) => [id, key]));
  const plan: ImportPlan = { creates: [], updates: [], unchanged: 0, skipped: [...parsed.skipped], warnings: [], missing: [], order };
  const seen = new Set<string>();
  const fileKeys = new Set(parsed.records.map((r) => r.externalKey).filter((k): k is string => k !== null));
  for (const record of parsed.records) {
    if (record.title.trim().length > MAX_TITLE_LENGTH) {
      plan.skipped.push({ row: record.row, reason: `title longer than ${MAX_TITLE_LENGTH} characters` });
      continue;
    }
    if (record.description.length > MAX_DESCRIPTION_LENGTH) {
      plan.skipped.push({ row: record.row, reason: `description longer than ${MAX_DESCRIPTION_LENGTH.toLocaleString('en')} characters` });
      continue;
    }
    const tooLarge = Object.entries(record.wsjf).find(([, v]) => v !== null && v > MAX_WSJF_INPUT);
    if (tooLarge) {
      plan.skipped.push({
        row: record.row,
        reason: `${WSJF_NAMES[tooLarge[0] as keyof WsjfValues]} ${tooLarge[1]} is above ${MAX_WSJF_INPUT}`,
      });
      continue;
    }
    if (record.externalKey !== null && !isValidExternalKey(record.externalKey)) {
      plan.skipped.push({ row: record.row, reason: `key longer than ${MAX_EXTERNAL_KEY_LENGTH} characters` });
      continue;
    }
    if (record.externalKey !== null) {
      if (seen.has(record.externalKey)) {
        plan.skipped.push({ row: record.row, reason: `${record.externalKey} appears twice in the file; the first row is used` });
        continue;
      }
      seen.add(record.externalKey);
    }
    if (record.parentKey && !fileKeys.has(record.parentKey) && !idByKey.has(record.parentKey)) {
      plan.warnings.push(
        `row ${record.row}: parent ${record.parentKey} is neither in the file nor on the board; imported without a parent`,
      );
    }
    const itemId = record.externalKey !== null ? idByKey.get(record.externalKey) : undefined;
    if (itemId === undefined) {
      plan.creates.push({ record });
      continue;
    }
    const next = valuesOf(record);
    const current = boardValues(doc, itemId, keyById);
    const before = parseSnapshot(readImportedSnapshot(getItemMap(doc, itemId)!));
    const changes: PlannedUpdate['changes'] = [];
    for (const field of TRACKER_FIELDS) {
      // Unchanged in the tracker since the last import: the board's value stands.
      if (before && before[field] === fingerprint(next[field])) continue;
      // A file without links (no base URL given this time) keeps the links the board has.
      if (field === 'url' && next.url === null) continue;
      if (field === 'parentKey' && next.parentKey && !fileKeys.has(next.parentKey) && !idByKey.has(next.parentKey)) continue;
      if (!same(current[field], next[field])) changes.push({ field, from: current[field], to: next[field] });
    }
    if (changes.length === 0 && before && order === 'append') plan.unchanged++;
    else plan.updates.push({ record, itemId, changes });
  }
  for (const [key, id] of idByKey) {
    if (fileKeys.has(key)) continue;
    const item = getItemMap(doc, id)!;
    const view = readItem(item);
    if (view.zone === 'backlog') plan.missing.push({ id, title: view.title, externalKey: key });
  }
  return plan;
}

/**
 * What a re-import compares a field with: a 32-bit FNV-1a hash of the value as JSON, in base 36.
 * Storing the tracker's values themselves would double an imported item's size for every
 * joining client to decode; the hash answers the only question asked of it, "did the tracker
 * change this field since the last import?" (a collision would only miss one such change).
 */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** The stored form: one string, the fields' fingerprints in TRACKER_FIELDS order. */
function encodeSnapshot(values: TrackerValues): string {
  return TRACKER_FIELDS.map((f) => fingerprint(values[f])).join('.');
}

/** The last import's fingerprints by field; null when there was none (or it is unreadable). */
function parseSnapshot(value: unknown): Partial<Record<TrackerField, string>> | null {
  if (typeof value !== 'string') return null;
  const parts = value.split('.');
  if (parts.length !== TRACKER_FIELDS.length) return null;
  return Object.fromEntries(TRACKER_FIELDS.map((f, i) => [f, parts[i]]));
}

/**
 * Applies a plan made by `planImport` on this doc, in one transaction with `origin`. New items
 * go after the board's last item in file order, or (order `file`) every item of the file goes
 * to the top in the file's order and the rest of the board follows.
 *
 * Everything the board would refuse was refused by the plan (lengths, ranges, keys), so this
 * does not throw on a file's content. Should it throw anyway (a bug), what it wrote is undone
 * before the error goes on: Yjs cannot abort a transaction, but it can revert one.
 */
export function applyImport(
  doc: Y.Doc,
  plan: ImportPlan,
  options: {
    origin?: unknown;
    createdBy?: string | null;
    /** Park the board items with a tracker key that the file no longer has (plan.missing). */
    parkMissing?: boolean;
  } = {},
): ImportSummary {
  const origin = options.origin ?? IMPORT_APPLY_ORIGIN;
  const rollback = new Y.UndoManager([getItemsMap(doc), getMetaMap(doc)], { trackedOrigins: new Set([origin]), captureTimeout: 0 });
  try {
    doc.transact(() => {
      writePlan(doc, plan, options.createdBy ?? null);
      // The tail, not a deletion: the team confirms the trim later, as with anything parked.
      if (options.parkMissing) for (const { id } of plan.missing) parkItem(doc, id, 'No longer in the tracker export');
    }, origin);
  } catch (err) {
    rollback.undo();
    throw new ImportError(`the import could not be applied, nothing was changed: ${(err as Error).message}`);
  } finally {
    rollback.destroy();
  }
  return importSummary(plan, options);
}

/** What an import of `plan` does (or, for a dry run, would do). */
export function importSummary(plan: ImportPlan, options: { parkMissing?: boolean } = {}): ImportSummary {
  return {
    parked: options.parkMissing ? plan.missing.length : 0,
    created: plan.creates.length,
    updated: plan.updates.length,
    unchanged: plan.unchanged,
    skipped: plan.skipped,
    warnings: plan.warnings,
  };
}

/**
 * The import as one update, written on a copy of `doc` (the doc itself is untouched): for a
 * size cap to be checked on the exact bytes before anything reaches the board, which then
 * applies this update as it is (the import runs once, not once to measure and once for real).
 * The file's own size says little: a 27-byte GitHub issue becomes an item of some 270 bytes.
 * The copy has a client id of its own: applying an update that holds the board's own id would
 * make Yjs give the board a new one.
 */
export function importUpdate(doc: Y.Doc, plan: ImportPlan, options: Parameters<typeof applyImport>[2] = {}): Uint8Array {
  const copy = new Y.Doc({ gc: doc.gc });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  copy.on('update', (update: Uint8Array) => updates.push(update));
  try {
    applyImport(copy, plan, options);
  } finally {
    copy.destroy();
  }
  return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
}

/**
 * Bytes of structure an item written by an import can take beyond its values, with room to
 * spare: every field's key, ids, ranks and timestamps (measured: ~390 bytes for a Jira row of
 * one-letter values, a parent and two labels).
 */
const ITEM_STRUCTURE_BOUND = 1024;
/** The same for each dependency an item's links create (measured: ~170 bytes each). */
const DEPENDENCY_BOUND = 512;
/** Characters keysBetween adds to its neighbour's rank for up to MAX_IMPORT_ROWS keys, and more. */
const RANK_GROWTH = 32;
const utf8 = new TextEncoder();

/**
 * An upper bound, never below the size of `importUpdate`, of the bytes an import writes: per
 * item it creates, changes or parks, ITEM_STRUCTURE_BOUND plus twice its record as JSON (a value
 * is written once, as UTF-8, with a few bytes around it), DEPENDENCY_BOUND per link (a
 * dependency is a structure of its own, far larger than the key naming it in the file), and per
 * item it ranks the board's longest rank and RANK_GROWTH more: new ranks are made next to the
 * first or last item's, at least as long as it, and a client may have written a long one.
 * Costs a JSON.stringify per record and a look at every item's rank, where importUpdate copies
 * the whole board: the server measures only when this bound could reach the board's cap (an
 * import into a 10,000-item board would otherwise copy it each time).
 */
export function importSizeBound(doc: Y.Doc, plan: ImportPlan, options: Parameters<typeof applyImport>[2] = {}): number {
  let longestRank = 0;
  for (const item of getItemsMap(doc).values()) {
    const rank = item.get(ITEM_FIELD.rank);
    if (typeof rank === 'string') longestRank = Math.max(longestRank, rank.length);
  }
  const ranked = plan.order === 'file' ? plan.creates.length + plan.updates.length : plan.creates.length;
  let bytes = ranked * 3 * (longestRank + RANK_GROWTH);
  for (const { record } of [...plan.creates, ...plan.updates])
    bytes += ITEM_STRUCTURE_BOUND + 2 * utf8.encode(JSON.stringify(record)).byteLength + record.dependsOn.length * DEPENDENCY_BOUND;
  if (options.parkMissing) bytes += plan.missing.length * ITEM_STRUCTURE_BOUND;
  return bytes;
}

/** The origin of an import applied without one (so the rollback has something to track). */
const IMPORT_APPLY_ORIGIN = Symbol('import');

function writePlan(doc: Y.Doc, plan: ImportPlan, createdBy: string | null): void {
  const idByKey = itemsByExternalKey(doc);
  const all = listItems(doc);
  const inFile = [...plan.creates.map((c) => c.record), ...plan.updates.map((u) => u.record)].sort((a, b) => a.row - b.row);
  // Ranks for every item that gets one: new ones at the end, or the whole file on top.
  const ranked = plan.order === 'file' ? inFile : plan.creates.map((c) => c.record);
  const ranks =
    plan.order === 'file'
      ? keysBetween(null, all[0]?.rank ?? null, ranked.length)
      : keysBetween(all[all.length - 1]?.rank ?? null, null, ranked.length);
  const rankOf = new Map(ranked.map((record, i) => [record, ranks[i]]));

  // New items: created with their fields in one write each (no per-field updatedAt).
  const idOf = new Map<ImportRecord, string>();
  for (const { record } of plan.creates) {
    const values = valuesOf(record);
    const id = createItem(doc, {
      title: values.title,
      kind: values.kind,
      position: { rank: rankOf.get(record)! },
      createdBy,
      description: values.description,
      estimate: values.estimate,
    });
    writeTrackerFields(getItemMap(doc, id)!, {
      externalKey: record.externalKey ?? undefined,
      externalUrl: values.url ?? undefined,
      labels: values.labels.length ? values.labels : undefined,
    });
    if (Object.values(values.wsjf).some((v) => v !== null)) {
      setWsjfInputs(doc, id, Object.fromEntries(Object.entries(values.wsjf).filter(([, v]) => v !== null)));
    }
    idOf.set(record, id);
    if (record.externalKey) idByKey.set(record.externalKey, id);
  }
  // Existing items: only the fields the tracker changed.
  for (const { record, itemId, changes } of plan.updates) {
    idOf.set(record, itemId);
    const values = valuesOf(record);
    for (const { field } of changes) if (field !== 'parentKey') writeField(doc, itemId, field, values);
    if (plan.order === 'file') writeItemField(getItemMap(doc, itemId)!, 'rank', rankOf.get(record)!);
  }
  // Relations last: a parent or a dependency may come later in the file than the item.
  const created = new Set(plan.creates.map((c) => c.record));
  const updatedParent = new Set(plan.updates.filter((u) => u.changes.some((c) => c.field === 'parentKey')).map((u) => u.record));
  for (const [record, id] of idOf) {
    const item = getItemMap(doc, id)!;
    if (created.has(record) ? record.parentKey !== null : updatedParent.has(record)) {
      const parentId = record.parentKey ? idByKey.get(record.parentKey) : undefined;
      if (parentId && parentId !== id) writeItemField(item, 'parentId', parentId);
      else if (record.parentKey === null) writeItemField(item, 'parentId', null);
    }
    for (const key of record.dependsOn) {
      const dependsOnId = idByKey.get(key);
      if (dependsOnId && dependsOnId !== id) addDependency(doc, id, { kind: 'item', itemId: dependsOnId });
    }
    const values = valuesOf(record);
    writeImportedSnapshot(item, encodeSnapshot(values));
  }
}

function writeField(doc: Y.Doc, id: string, field: Exclude<TrackerField, 'parentKey'>, values: TrackerValues): void {
  switch (field) {
    case 'title':
      return setTitle(doc, id, values.title);
    case 'description':
      return setDescription(doc, id, values.description);
    case 'kind':
      return setKind(doc, id, values.kind);
    case 'estimate':
      return setEstimate(doc, id, { value: values.estimate, label: null });
    case 'labels':
      return setTrackerLink(doc, id, { labels: values.labels });
    case 'url':
      return setTrackerLink(doc, id, { externalUrl: values.url });
    case 'wsjf':
      return setWsjfInputs(doc, id, values.wsjf);
    default:
      field satisfies never;
  }
}
