/**
 * The keyed-entry toolkit: lists that people edit concurrently (questions, action items,
 * attachments, decisions, dependencies; releases, pains, gains, Definition-of-Ready criteria)
 * are stored as entries directly in the item's (or meta's) existing Y.Map, e.g.
 * `question:<id>` -> Y.Map (the prefixes are in schema.ts).
 *
 * Why: a lazily created container (`item.set('questions', new Y.Array())`) would race: two
 * peers creating it at once each get their own array, and last-writer-wins on the key silently
 * drops whatever the losing peer added. Keys on a map that already exists never race, entries
 * get fresh random ids, and each entry is a Y.Map so concurrent edits of different fields
 * merge. Order is by `createdAt` (then id), the same on every peer.
 */
import * as Y from 'yjs';
import { BoardError } from './errors';

/** An entry's fields, whether a peer stored it as Y.Map or as a plain object. */
export function entryFields(value: unknown): Record<string, unknown> | null {
  if (value instanceof Y.Map) return value.toJSON() as Record<string, unknown>;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Y.AbstractType)) {
    return value as Record<string, unknown>;
  }
  return null;
}

/** Every entry under `prefix`, read by `read` (null drops it), oldest first. Never throws. */
export function readEntries<T extends { id: string; createdAt: number }>(
  map: Y.Map<unknown>,
  prefix: string,
  read: (id: string, fields: Record<string, unknown>) => T | null,
): T[] {
  const out: T[] = [];
  map.forEach((value, key) => {
    if (!key.startsWith(prefix)) return;
    const fields = entryFields(value);
    if (!fields) return;
    const entry = read(key.slice(prefix.length), fields);
    if (entry) out.push(entry);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

let lastStamp = 0;

/**
 * Creation time for ordering entries: strictly increasing on this peer, so
 * entries added in the same millisecond (a pasted list, a test) keep their order.
 */
export function entryStamp(): number {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return lastStamp;
}

/** A new entry as a Y.Map, so later edits of different fields merge. */
export function newEntry(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

/** Patches an entry in place: per-field writes on a Y.Map, whole replacement on a plain object. */
export function patchEntry(map: Y.Map<unknown>, key: string, patch: Record<string, unknown>): void {
  const current = map.get(key);
  if (current instanceof Y.Map) {
    for (const [field, value] of Object.entries(patch)) current.set(field, value);
    return;
  }
  const fields = entryFields(current);
  if (!fields) throw new BoardError('unknown_entry', `Unknown entry: ${key}`);
  map.set(key, { ...fields, ...patch });
}

export function requireEntry(map: Y.Map<unknown>, key: string): void {
  if (!entryFields(map.get(key))) throw new BoardError('unknown_entry', `Unknown entry: ${key}`);
}
