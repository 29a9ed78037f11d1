/** What a board backup holds, and what each stored name is kept as (from schema.ts's tables). */
import {
  ITEM_DETAIL_FIELD,
  ITEM_DETAIL_TEXTS,
  ITEM_ENTRY,
  ITEM_FIELD,
  ITEM_TRACKER_FIELD,
  META_DETAIL_FIELD,
  META_ENTRY,
  META_FIELD,
} from '../board/schema';

export const BACKUP_SCHEMA_VERSION = 1;
/** What the `format` field of every backup says, so a wrong JSON file is refused by name. */
export const BACKUP_FORMAT = 'refinery-board-backup';
/** More items than any board holds (the import's row limit). */
export const MAX_BACKUP_ITEMS = 20_000;
/** Any one text in a backup (descriptions, notes…); the request body limit bounds the whole. */
export const MAX_BACKUP_TEXT = 100_000;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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

export type Storage = 'text' | 'array' | 'entry' | 'value';

export interface MapLayout {
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

export const ITEM_LAYOUT = layout(
  [...Object.values(ITEM_FIELD), ...Object.values(ITEM_DETAIL_FIELD), ...Object.values(ITEM_TRACKER_FIELD)],
  [ITEM_FIELD.title, ITEM_FIELD.description, ...ITEM_DETAIL_TEXTS],
  [ITEM_FIELD.estimateHistory],
  Object.values(ITEM_ENTRY),
);

export const META_LAYOUT = layout(
  [...Object.values(META_FIELD), ...Object.values(META_DETAIL_FIELD)],
  [META_FIELD.vision],
  [],
  Object.values(META_ENTRY),
);

export function storageOf(key: string, map: MapLayout): Storage | null {
  const named = map.names.get(key);
  if (named) return named;
  const prefixed = map.prefixes.find(([prefix]) => key.startsWith(prefix) && key.length > prefix.length);
  return prefixed ? prefixed[1] : null;
}
