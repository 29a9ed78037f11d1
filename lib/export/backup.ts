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
import {
  BACKUP_FORMAT,
  BACKUP_SCHEMA_VERSION,
  ITEM_LAYOUT,
  META_LAYOUT,
  storageOf,
  type BackupRecord,
  type BoardBackup,
  type Json,
  type MapLayout,
  type Storage,
} from './backup-layout';
import { newItemId } from '../session/ids';
import { newEntry } from '../board/entries';
import { compareByRank } from '../board/rank';
import { ITEM_ENTRY, ITEM_FIELD, META_FIELD, getItemsMap, getMetaMap } from '../board/schema';

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
