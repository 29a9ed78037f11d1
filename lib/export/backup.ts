/**
 * The JSON board backup: everything on the board (every item with all its details, rank and
 * zone; the vision, roadmap, Definition of Ready and settings in `meta`), versioned with
 * `schemaVersion`, validated with zod on restore. A restore builds a NEW doc: items get new ids
 * and the references between items (parent, dependencies) follow them.
 *
 * Why the maps are walked generically instead of listing fields by hand: a backup must carry
 * everything, and a hand-written list forgets the next field someone adds. Every stored name is
 * declared once, in schema.ts (ITEM_FIELD, ITEM_DETAIL_FIELD, ITEM_DETAIL_TEXTS,
 * ITEM_TRACKER_FIELD, ITEM_ENTRY; META_FIELD, META_DETAIL_FIELD, META_ENTRY), so this file walks
 * each item's and meta's Y.Map and keeps every key those tables declare: a new field or entry
 * kind is in the backup as soon as it is declared there. What it is stored as comes from the
 * same tables: a shared text (Y.Text) is written out as a string, the estimate history (Y.Array)
 * as an array, a keyed entry (`question:<id>`, a Y.Map) as an object, and a plain value as it
 * is; a restore turns each back into what the writers create. Keys no table declares (a foreign
 * or older peer's leftovers) are not carried: they mean nothing to this version of the board.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { newItemId } from '../session/ids';
import { DECK_KINDS } from '../board/estimation';
import { FITS_VISION, MAX_WSJF_INPUT, MOSCOW } from '../board/item-details';
import { newEntry } from '../board/entries';
import { EXTERNAL_STATUSES } from '../board/item-entries';
import { compareByRank } from '../board/rank';
import {
  ITEM_DETAIL_FIELD,
  ITEM_DETAIL_TEXTS,
  ITEM_ENTRY,
  ITEM_FIELD,
  ITEM_KINDS,
  ITEM_TRACKER_FIELD,
  MAX_BOARD_TITLE_LENGTH,
  MAX_ESTIMATE_LABEL_LENGTH,
  MAX_TITLE_LENGTH,
  META_DETAIL_FIELD,
  META_ENTRY,
  META_FIELD,
  isZone,
  getItemsMap,
  getMetaMap,
} from '../board/schema';
import { assertItemId } from '../board/input';
import { MAX_EXTERNAL_KEY_LENGTH, MAX_LABELS, MAX_LABEL_LENGTH } from '../board/tracker';

export const BACKUP_SCHEMA_VERSION = 1;
/** What the `format` field of every backup says, so a wrong JSON file is refused by name. */
export const BACKUP_FORMAT = 'refinery-board-backup';
/** More items than any board holds (the import's row limit). */
export const MAX_BACKUP_ITEMS = 20_000;
/** Any one text in a backup (descriptions, notes…); the request body limit bounds the whole. */
const MAX_BACKUP_TEXT = 100_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One item or the meta map: stored name → value (texts as strings, entries as objects). */
export type BackupRecord = Record<string, Json>;

export interface BoardBackup {
  format: typeof BACKUP_FORMAT;
  schemaVersion: typeof BACKUP_SCHEMA_VERSION;
  /** ISO time of the export. */
  exportedAt: string;
  /** The board it was taken from. */
  source: { boardId: string | null; title: string };
  meta: BackupRecord;
  /** In board order (rank, then id). */
  items: BackupRecord[];
}

// ---------------------------------------------------------------------------
// What each stored name is kept as (from schema.ts's tables)

type Storage = 'text' | 'array' | 'entry' | 'value';

interface MapLayout {
  /** Plain names → what they are stored as. */
  names: Map<string, Storage>;
  /** Keyed-entry prefixes → what each entry is stored as. */
  prefixes: Array<[string, Storage]>;
}

/** Entries the writers create as Y.Map (newEntry), so concurrent edits of their fields merge. */
const MAP_ENTRY_PREFIXES = new Set<string>([
  ITEM_ENTRY.question,
  ITEM_ENTRY.action,
  ITEM_ENTRY.attachment,
  ITEM_ENTRY.decision,
  ITEM_ENTRY.dependency,
  META_ENTRY.release,
  META_ENTRY.pain,
  META_ENTRY.gain,
]);

function layout(values: readonly string[], texts: readonly string[], arrays: readonly string[], prefixes: readonly string[]): MapLayout {
  const names = new Map<string, Storage>(values.map((n) => [n, 'value']));
  for (const n of texts) names.set(n, 'text');
  for (const n of arrays) names.set(n, 'array');
  return { names, prefixes: prefixes.map((p) => [p, MAP_ENTRY_PREFIXES.has(p) ? 'entry' : 'value']) };
}

const ITEM_LAYOUT = layout(
  [...Object.values(ITEM_FIELD), ...Object.values(ITEM_DETAIL_FIELD), ...Object.values(ITEM_TRACKER_FIELD)],
  [ITEM_FIELD.title, ITEM_FIELD.description, ...ITEM_DETAIL_TEXTS],
  [ITEM_FIELD.estimateHistory],
  Object.values(ITEM_ENTRY),
);

const META_LAYOUT = layout(
  [...Object.values(META_FIELD), ...Object.values(META_DETAIL_FIELD)],
  [META_FIELD.vision],
  [],
  Object.values(META_ENTRY),
);

function storageOf(key: string, map: MapLayout): Storage | null {
  const named = map.names.get(key);
  if (named) return named;
  const prefixed = map.prefixes.find(([prefix]) => key.startsWith(prefix) && key.length > prefix.length);
  return prefixed ? prefixed[1] : null;
}

// ---------------------------------------------------------------------------
// Export

/** A value read out of the doc as plain JSON, objects with sorted keys (so two exports compare). */
function toJson(value: unknown): Json {
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.AbstractType) return toJson(value.toJSON());
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Uint8Array) return Array.from(value);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = toJson(v);
    }
    return out;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

function readRecord(map: Y.Map<unknown>, mapLayout: MapLayout): BackupRecord {
  const record: BackupRecord = {};
  for (const key of Array.from(map.keys()).sort()) {
    if (storageOf(key, mapLayout) !== null) record[key] = toJson(map.get(key));
  }
  return record;
}

export function exportBackup(doc: Y.Doc, options: { boardId?: string | null; now?: number } = {}): BoardBackup {
  const meta = readRecord(getMetaMap(doc), META_LAYOUT);
  const items: BackupRecord[] = [];
  const order: Array<{ id: string; rank: string; record: BackupRecord }> = [];
  getItemsMap(doc).forEach((item, id) => {
    if (!(item instanceof Y.Map)) return;
    // The map key is what every peer addresses the item by (as listItems does).
    const record: BackupRecord = { ...readRecord(item, ITEM_LAYOUT), [ITEM_FIELD.id]: id };
    order.push({ id, rank: typeof record.rank === 'string' ? record.rank : '', record });
  });
  for (const { record } of order.sort(compareByRank)) items.push(sortKeys(record));
  return {
    format: BACKUP_FORMAT,
    schemaVersion: BACKUP_SCHEMA_VERSION,
    exportedAt: new Date(options.now ?? Date.now()).toISOString(),
    source: { boardId: options.boardId ?? null, title: typeof meta.title === 'string' ? meta.title : '' },
    meta,
    items,
  };
}

function sortKeys(record: BackupRecord): BackupRecord {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---------------------------------------------------------------------------
// Validation

function isItemId(id: string): boolean {
  try {
    assertItemId(id);
    return true;
  } catch {
    return false;
  }
}

const ID = z.string().refine(isItemId, 'must be 1 to 64 letters, digits, _ or -');
const text = z.string().max(MAX_BACKUP_TEXT);
const nullableText = text.nullable();
const time = z.number().finite().nonnegative();
const points = z.number().finite().nonnegative().nullable();
const wsjf = z.number().finite().min(0).max(MAX_WSJF_INPUT).nullable();
const object = z.record(z.string(), z.unknown());
const json: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);

/** Checks of single names; a name without one here only has to be JSON. */
const ITEM_CHECKS: Record<string, z.ZodType> = {
  [ITEM_FIELD.id]: ID,
  [ITEM_FIELD.title]: z.string().trim().min(1, 'must not be empty').max(MAX_TITLE_LENGTH),
  [ITEM_FIELD.description]: text,
  [ITEM_FIELD.kind]: z.enum(ITEM_KINDS),
  [ITEM_FIELD.rank]: z.string().min(1).max(200),
  [ITEM_FIELD.zone]: z.string().refine(isZone, 'must be backlog, tail or trimmed'),
  [ITEM_FIELD.parentId]: ID.nullable(),
  [ITEM_FIELD.estimate]: points,
  [ITEM_FIELD.estimateLabel]: z.string().max(MAX_ESTIMATE_LABEL_LENGTH).nullable(),
  [ITEM_FIELD.createdAt]: time,
  [ITEM_FIELD.updatedAt]: time,
  [ITEM_FIELD.createdBy]: nullableText,
  [ITEM_FIELD.parkedReason]: nullableText,
  [ITEM_FIELD.estimateHistory]: z.array(object),
  [ITEM_DETAIL_FIELD.fitsVision]: z.enum(FITS_VISION).nullable(),
  [ITEM_DETAIL_FIELD.moscow]: z.enum(MOSCOW).nullable(),
  [ITEM_DETAIL_FIELD.releaseId]: ID.nullable(),
  [ITEM_DETAIL_FIELD.wsjfBusinessValue]: wsjf,
  [ITEM_DETAIL_FIELD.wsjfTimeCriticality]: wsjf,
  [ITEM_DETAIL_FIELD.wsjfRiskReduction]: wsjf,
  [ITEM_DETAIL_FIELD.wsjfJobSize]: wsjf,
  [ITEM_DETAIL_FIELD.trimDecision]: object.nullable(),
  [ITEM_DETAIL_FIELD.trimDiscussion]: object.nullable(),
  ...Object.fromEntries(ITEM_DETAIL_TEXTS.map((name) => [name, text])),
  [ITEM_FIELD.externalKey]: z.string().min(1).max(MAX_EXTERNAL_KEY_LENGTH).nullable(),
  [ITEM_FIELD.externalUrl]: z.string().max(2000).nullable(),
  [ITEM_FIELD.labels]: z.array(z.string().max(MAX_LABEL_LENGTH)).max(MAX_LABELS),
  // What the tracker said at the last import; lib/import validates it when it reads it.
  [ITEM_TRACKER_FIELD.imported]: json,
};

const dependency = z.union([
  z.object({ kind: z.literal('item'), itemId: ID }).passthrough(),
  z
    .object({ kind: z.literal('external'), name: z.string().max(MAX_BACKUP_TEXT), status: z.enum(EXTERNAL_STATUSES).optional() })
    .passthrough(),
]);

/** Checks of keyed entries, by prefix. */
const ITEM_ENTRY_CHECKS: Record<string, z.ZodType> = {
  [ITEM_ENTRY.question]: object,
  [ITEM_ENTRY.action]: object,
  [ITEM_ENTRY.attachment]: object,
  [ITEM_ENTRY.decision]: object,
  [ITEM_ENTRY.dependency]: dependency,
  [ITEM_ENTRY.dorTick]: z.boolean(),
  [ITEM_ENTRY.serves]: z.boolean(),
};

const META_CHECKS: Record<string, z.ZodType> = {
  [META_FIELD.title]: z.string().trim().min(1, 'must not be empty').max(MAX_BOARD_TITLE_LENGTH),
  [META_FIELD.vision]: text,
  [META_FIELD.createdAt]: time,
  [META_FIELD.deck]: z.object({ kind: z.enum(DECK_KINDS) }).passthrough(),
  [META_FIELD.autoReveal]: z.boolean(),
  [META_FIELD.sprintThreshold]: z.number().finite().nonnegative().nullable(),
  [META_DETAIL_FIELD.dorCustomized]: z.boolean(),
  [META_DETAIL_FIELD.visionShown]: z.boolean(),
};

const META_ENTRY_CHECKS: Record<string, z.ZodType> = {
  [META_ENTRY.release]: object,
  [META_ENTRY.pain]: object,
  [META_ENTRY.gain]: object,
  [META_ENTRY.dor]: object,
  [META_ENTRY.dorRemoved]: z.boolean(),
};

/** A record whose every key is a declared stored name, each value passing its name's check. */
function recordSchema(mapLayout: MapLayout, checks: Record<string, z.ZodType>, entryChecks: Record<string, z.ZodType>, required: string[]) {
  return z.record(z.string(), json).superRefine((record, ctx) => {
    for (const name of required) {
      if (!(name in record)) ctx.addIssue({ code: 'custom', message: 'is required', path: [name] });
    }
    for (const [key, value] of Object.entries(record)) {
      const storage = storageOf(key, mapLayout);
      if (storage === null) {
        ctx.addIssue({ code: 'custom', message: 'is not a field of a board', path: [key] });
        continue;
      }
      const prefix = mapLayout.prefixes.find(([p]) => key.startsWith(p))?.[0];
      if (prefix !== undefined && !mapLayout.names.has(key) && !ID.safeParse(key.slice(prefix.length)).success) {
        ctx.addIssue({ code: 'custom', message: `the id after "${prefix}" must be 1 to 64 letters, digits, _ or -`, path: [key] });
        continue;
      }
      const check = checks[key] ?? (prefix !== undefined ? entryChecks[prefix] : undefined) ?? storageCheck(storage);
      const result = check.safeParse(value);
      if (!result.success) {
        for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
      }
    }
  });
}

function storageCheck(storage: Storage): z.ZodType {
  switch (storage) {
    case 'text':
      return text;
    case 'array':
      return z.array(json);
    case 'entry':
      return object;
    case 'value':
      return json;
    default:
      return storage satisfies never;
  }
}

export const boardBackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT, { error: `must be "${BACKUP_FORMAT}" (is this a Refinery board backup?)` }),
  schemaVersion: z.literal(BACKUP_SCHEMA_VERSION, {
    error: `must be ${BACKUP_SCHEMA_VERSION}: this server reads backups of schema version ${BACKUP_SCHEMA_VERSION}`,
  }),
  exportedAt: z.string().max(64),
  source: z.object({ boardId: z.string().max(64).nullable(), title: z.string().max(MAX_BOARD_TITLE_LENGTH) }),
  meta: recordSchema(META_LAYOUT, META_CHECKS, META_ENTRY_CHECKS, [META_FIELD.title]),
  items: z
    .array(recordSchema(ITEM_LAYOUT, ITEM_CHECKS, ITEM_ENTRY_CHECKS, [ITEM_FIELD.id, ITEM_FIELD.title, ITEM_FIELD.rank]))
    .max(MAX_BACKUP_ITEMS, `a board holds at most ${MAX_BACKUP_ITEMS} items`),
});

/** No board value nests this deep; the check runs before zod, whose recursion a deeper value would overflow. */
const MAX_BACKUP_DEPTH = 32;

/** The path of the first value nested deeper than `limit` (walked without recursion), or null. */
function pathDeeperThan(root: unknown, limit: number): string | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= limit) return path.join('.');
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, key] });
  }
  return null;
}

/** Why a backup cannot be restored; `path` names the first bad field (`items.3.title`). */
export class BackupError extends Error {
  constructor(
    message: string,
    readonly path: string | null,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Validates parsed JSON as a backup, or throws BackupError naming the first bad field. */
export function parseBackup(value: unknown): BoardBackup {
  const tooDeep = pathDeeperThan(value, MAX_BACKUP_DEPTH);
  if (tooDeep !== null) throw new BackupError(`${tooDeep}: nested deeper than ${MAX_BACKUP_DEPTH} levels`, tooDeep);
  const result = boardBackupSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.map(String).join('.');
    throw new BackupError(path ? `${path}: ${issue.message}` : issue.message, path || null);
  }
  const backup = result.data as BoardBackup;
  const ids = new Set<string>();
  backup.items.forEach((item, index) => {
    const id = item[ITEM_FIELD.id] as string;
    if (ids.has(id)) throw new BackupError(`items.${index}.id: ${id} appears twice`, `items.${index}.id`);
    ids.add(id);
  });
  return backup;
}

// ---------------------------------------------------------------------------
// Restore

export interface RestoredBoard {
  doc: Y.Doc;
  title: string;
  /** Backup item id → the new doc's item id. */
  itemIds: Map<string, string>;
}

/**
 * New ids, handed out in the backup's order sorted ascending: items whose ranks tie are ordered
 * by id, so they keep their order in the new board too.
 */
function newIds(count: number): string[] {
  return Array.from({ length: count }, () => newItemId()).sort();
}

function writeValue(map: Y.Map<unknown>, key: string, value: Json, storage: Storage): void {
  switch (storage) {
    case 'text':
      map.set(key, new Y.Text(typeof value === 'string' ? value : ''));
      return;
    case 'array': {
      const array = new Y.Array<unknown>();
      map.set(key, array);
      if (Array.isArray(value) && value.length) array.push(value.map((v) => structuredClone(v)));
      return;
    }
    case 'entry':
      map.set(key, newEntry(value !== null && typeof value === 'object' && !Array.isArray(value) ? structuredClone(value) : {}));
      return;
    case 'value':
      map.set(key, structuredClone(value));
      return;
    default:
      storage satisfies never;
  }
}

function writeRecord(map: Y.Map<unknown>, record: BackupRecord, mapLayout: MapLayout): void {
  for (const [key, value] of Object.entries(record)) {
    const storage = storageOf(key, mapLayout);
    if (storage !== null) writeValue(map, key, value, storage);
  }
}

/** Item references follow the new ids; a reference to an item the backup lacks stays as it was. */
function remapReferences(record: BackupRecord, itemIds: Map<string, string>): BackupRecord {
  const out: BackupRecord = { ...record };
  const parentId = record[ITEM_FIELD.parentId];
  if (typeof parentId === 'string') out[ITEM_FIELD.parentId] = itemIds.get(parentId) ?? parentId;
  for (const [key, value] of Object.entries(record)) {
    if (!key.startsWith(ITEM_ENTRY.dependency) || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    if (value.kind === 'item' && typeof value.itemId === 'string')
      out[key] = { ...value, itemId: itemIds.get(value.itemId) ?? value.itemId };
  }
  return out;
}

/**
 * A new doc holding what the backup holds, in one transaction. Items get new ids; the board's
 * creation time is now (it is a new board), everything else is as it was.
 */
export function restoreBackup(backup: BoardBackup, options: { now?: number } = {}): RestoredBoard {
  const ids = newIds(backup.items.length);
  const itemIds = new Map(backup.items.map((item, i) => [item[ITEM_FIELD.id] as string, ids[i]]));
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = getMetaMap(doc);
    writeRecord(meta, backup.meta, META_LAYOUT);
    meta.set(META_FIELD.createdAt, options.now ?? Date.now());
    if (!(meta.get(META_FIELD.vision) instanceof Y.Text)) meta.set(META_FIELD.vision, new Y.Text());
    const items = getItemsMap(doc);
    for (const record of backup.items) {
      const id = itemIds.get(record[ITEM_FIELD.id] as string)!;
      // Integrated first, then filled, as createItem does: nested texts are created in the doc.
      const item = new Y.Map<unknown>();
      items.set(id, item);
      writeRecord(item, { ...remapReferences(record, itemIds), [ITEM_FIELD.id]: id }, ITEM_LAYOUT);
    }
  });
  return { doc, title: (backup.meta[META_FIELD.title] as string).trim(), itemIds };
}
