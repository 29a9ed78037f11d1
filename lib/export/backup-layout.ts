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

// Limits of a restore. A backup must restore whatever board it was taken from, and a board is
// bounded only by its size in bytes (MAX_DOC_BYTES, 32 MiB by default): its shared texts (title,
// description, detail texts, the vision) have no length limit of their own, a rank grows with
// every move into the same gap, and imports add up to 20,000 rows each, as many times as asked.
// So the limits below are derived from the one bound a restore has, the bytes of its body, and
// never refuse what a body of that size can carry; that bound is what protects the server.

/**
 * The largest backup a restore reads, in bytes (the server's restore route reads its body up to
 * this); the limits below follow from it. What a restore may cost past that is bounded by the
 * server: it runs in a worker thread with a heap limit and a deadline, and a restored board may
 * be no larger than MAX_DOC_BYTES (server/http/restore-runner.ts).
 */
export const MAX_BACKUP_BYTES = 16 * 1024 * 1024;

/**
 * Any one text in a backup (a title, description, acceptance criteria, the vision, a rank…), in
 * UTF-16 code units (what `.length` counts): no text is longer than the body that carries it,
 * since every code unit of a JSON string takes at least one byte of the body (UTF-8 one to three
 * per unit, a surrogate pair four, an escape two or six).
 */
export const MAX_BACKUP_TEXT = MAX_BACKUP_BYTES;

/** The smallest item a backup can hold: the names every item needs (id, title, rank), one character each. */
const SMALLEST_ITEM_JSON = JSON.stringify({ id: 'a', title: 'x', rank: 'a' });

/**
 * Items in a backup: as many of the smallest item as a body of MAX_BACKUP_BYTES carries (each
 * with the comma after it), 493,447. A board holds far more than one import's 20,000: an item the
 * app creates takes some 160 bytes of the board's 32 MiB, and 130 of the backup (measured).
 */
export const MAX_BACKUP_ITEMS = Math.floor(MAX_BACKUP_BYTES / (SMALLEST_ITEM_JSON.length + 1));

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
