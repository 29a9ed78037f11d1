/**
 * The board's roadmap in `meta`: releases (name, target date, goal), and the pains and gains
 * the product addresses; items link to the release they belong to and to the pains and gains
 * they serve. Every list is keyed entries (entries.ts); readers never throw, writers validate
 * first (BoardError = nothing changed).
 */
import * as Y from 'yjs';
import { newEntryId } from '../session/ids';
import { entryStamp, newEntry, patchEntry, readEntries, requireEntry } from './entries';
import { BoardError } from './errors';
import { MAX_ENTRY_TEXT, MAX_SHORT_TEXT, optionalDate, requireText } from './input';
import { requireItem, touch } from './mutations';
import { ITEM_DETAIL_FIELD, ITEM_ENTRY, META_ENTRY, getItemsMap, getMetaMap } from './schema';
import { finiteNumberOrNull, stringOr, stringOrNull } from './values';

export interface Release {
  id: string;
  name: string;
  /** YYYY-MM-DD */
  date: string | null;
  goal: string;
  createdAt: number;
}

export interface RoadmapEntry {
  id: string;
  text: string;
  createdAt: number;
}

export interface Roadmap {
  releases: Release[];
  pains: RoadmapEntry[];
  gains: RoadmapEntry[];
}

export type RoadmapEntryKind = 'pain' | 'gain';

// ---------------------------------------------------------------------------
// Read

function readRelease(id: string, f: Record<string, unknown>): Release {
  return {
    id,
    name: stringOr(f.name, ''),
    date: stringOrNull(f.date),
    goal: stringOr(f.goal, ''),
    createdAt: finiteNumberOrNull(f.createdAt) ?? 0,
  };
}

function readRoadmapEntry(id: string, f: Record<string, unknown>): RoadmapEntry {
  return { id, text: stringOr(f.text, ''), createdAt: finiteNumberOrNull(f.createdAt) ?? 0 };
}

export function readRoadmap(doc: Y.Doc): Roadmap {
  const meta = getMetaMap(doc);
  return {
    releases: readEntries(meta, META_ENTRY.release, readRelease),
    pains: readEntries(meta, META_ENTRY.pain, readRoadmapEntry),
    gains: readEntries(meta, META_ENTRY.gain, readRoadmapEntry),
  };
}

// ---------------------------------------------------------------------------
// Write: releases

export interface ReleaseInput {
  name: string;
  date?: string | null;
  goal?: string;
}

export function addRelease(doc: Y.Doc, input: ReleaseInput, origin?: unknown): string {
  const name = requireText(input.name, 'Release name', MAX_SHORT_TEXT);
  const date = optionalDate(input.date, 'Target date');
  const goal = requireText(input.goal ?? '', 'Goal', MAX_ENTRY_TEXT, true);
  const id = newEntryId();
  doc.transact(() => getMetaMap(doc).set(META_ENTRY.release + id, newEntry({ name, date, goal, createdAt: entryStamp() })), origin);
  return id;
}

export function updateRelease(doc: Y.Doc, releaseId: string, patch: Partial<ReleaseInput>, origin?: unknown): void {
  const key = META_ENTRY.release + releaseId;
  requireEntry(getMetaMap(doc), key);
  const write: Record<string, unknown> = {};
  if (patch.name !== undefined) write.name = requireText(patch.name, 'Release name', MAX_SHORT_TEXT);
  if (patch.date !== undefined) write.date = optionalDate(patch.date, 'Target date');
  if (patch.goal !== undefined) write.goal = requireText(patch.goal, 'Goal', MAX_ENTRY_TEXT, true);
  doc.transact(() => patchEntry(getMetaMap(doc), key, write), origin);
}

/** Removes a release and unlinks the items that pointed at it. */
export function removeRelease(doc: Y.Doc, releaseId: string, origin?: unknown): void {
  doc.transact(() => {
    getMetaMap(doc).delete(META_ENTRY.release + releaseId);
    getItemsMap(doc).forEach((item) => {
      if (item instanceof Y.Map && item.get(ITEM_DETAIL_FIELD.releaseId) === releaseId) item.set(ITEM_DETAIL_FIELD.releaseId, null);
    });
  }, origin);
}

/** Puts an item in a release (null: in none). */
export function setRelease(doc: Y.Doc, itemId: string, releaseId: string | null, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  if (releaseId !== null) requireEntry(getMetaMap(doc), META_ENTRY.release + releaseId);
  doc.transact(() => {
    item.set(ITEM_DETAIL_FIELD.releaseId, releaseId);
    touch(item);
  }, origin);
}

// ---------------------------------------------------------------------------
// Write: pains and gains

export function addRoadmapEntry(doc: Y.Doc, kind: RoadmapEntryKind, text: string, origin?: unknown): string {
  if (kind !== 'pain' && kind !== 'gain') throw new BoardError('invalid_detail', 'Kind must be pain or gain');
  const body = requireText(text, kind === 'pain' ? 'Pain' : 'Gain', MAX_SHORT_TEXT * 2);
  const id = newEntryId();
  doc.transact(() => getMetaMap(doc).set(META_ENTRY[kind] + id, newEntry({ text: body, createdAt: entryStamp() })), origin);
  return id;
}

/** Removes a pain or gain and the items' links to it. */
export function removeRoadmapEntry(doc: Y.Doc, kind: RoadmapEntryKind, id: string, origin?: unknown): void {
  doc.transact(() => {
    getMetaMap(doc).delete(META_ENTRY[kind] + id);
    getItemsMap(doc).forEach((item) => {
      if (item instanceof Y.Map && item.has(ITEM_ENTRY.serves + id)) item.delete(ITEM_ENTRY.serves + id);
    });
  }, origin);
}

/** Links (or unlinks) an item to a pain or gain it serves. */
export function setServes(doc: Y.Doc, itemId: string, painOrGainId: string, serves: boolean, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  const meta = getMetaMap(doc);
  if (serves && !meta.has(META_ENTRY.pain + painOrGainId) && !meta.has(META_ENTRY.gain + painOrGainId)) {
    throw new BoardError('unknown_entry', `Unknown pain or gain: ${painOrGainId}`);
  }
  doc.transact(() => {
    if (serves) item.set(ITEM_ENTRY.serves + painOrGainId, true);
    else item.delete(ITEM_ENTRY.serves + painOrGainId);
    touch(item);
  }, origin);
}
