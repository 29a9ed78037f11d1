/**
 * The tie between a board item and the tracker issue it came from (Jira, Azure DevOps, Linear,
 * GitHub): its key, its link and its labels, plus what the tracker said at the last import so
 * that a re-import changes only what the tracker changed.
 */
import * as Y from 'yjs';
import { BoardError } from './errors';
import { requireItem, touch } from './mutations';
import { ITEM_FIELD, ITEM_TRACKER_FIELD, getItemsMap, readItem, type ItemMap } from './schema';
import { httpUrlOrNull, stringOrNull } from './values';

export const MAX_EXTERNAL_KEY_LENGTH = 100;
export const MAX_LABELS = 20;
export const MAX_LABEL_LENGTH = 50;

export interface TrackerLink {
  externalKey: string | null;
  /** http(s) only; anything else reads as null. */
  externalUrl: string | null;
  labels: string[];
}

export function readTrackerLink(item: ItemMap): TrackerLink {
  const { externalKey, externalUrl, labels } = readItem(item);
  return { externalKey, externalUrl, labels: labels.slice(0, MAX_LABELS) };
}

/** Labels as stored: trimmed, non-empty, unique, at most MAX_LABELS of MAX_LABEL_LENGTH. */
export function normalizeLabels(labels: readonly string[]): string[] {
  const out: string[] = [];
  for (const label of labels) {
    const l = label.trim().slice(0, MAX_LABEL_LENGTH);
    if (l && !out.includes(l)) out.push(l);
    if (out.length === MAX_LABELS) break;
  }
  return out;
}

/** Whether a key can be stored (1 to MAX_EXTERNAL_KEY_LENGTH characters after trimming). */
export function isValidExternalKey(key: string): boolean {
  return key.trim() !== '' && key.length <= MAX_EXTERNAL_KEY_LENGTH;
}

/** Writes the fields given (undefined leaves a field as it is; null or [] clears it). */
export function setTrackerLink(doc: Y.Doc, itemId: string, link: Partial<TrackerLink>, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  doc.transact(() => {
    writeTrackerFields(item, link);
    touch(item);
  }, origin);
}

/**
 * The write itself, without touching updatedAt: for an item created in the same transaction
 * (an import), where another write of updatedAt would only add a struct every client decodes.
 */
export function writeTrackerFields(item: ItemMap, link: Partial<TrackerLink>): void {
  if (link.externalKey != null && !isValidExternalKey(link.externalKey)) {
    throw new BoardError('invalid_detail', `An external key is 1 to ${MAX_EXTERNAL_KEY_LENGTH} characters`);
  }
  if (link.externalUrl != null && httpUrlOrNull(link.externalUrl) === null) {
    throw new BoardError('invalid_detail', 'An external link must be an http(s) URL');
  }
  if (link.externalKey !== undefined) setOrDelete(item, ITEM_FIELD.externalKey, link.externalKey?.trim() || null);
  if (link.externalUrl !== undefined) setOrDelete(item, ITEM_FIELD.externalUrl, link.externalUrl);
  if (link.labels !== undefined) {
    const labels = normalizeLabels(link.labels);
    setOrDelete(item, ITEM_FIELD.labels, labels.length ? labels : null);
  }
}

/** What the tracker said at the last import (validated by its reader in lib/import). */
export function readImportedSnapshot(item: ItemMap): unknown {
  return item.get(ITEM_TRACKER_FIELD.imported) ?? null;
}

export function writeImportedSnapshot(item: ItemMap, snapshot: string): void {
  item.set(ITEM_TRACKER_FIELD.imported, snapshot);
}

/** Item id by external key, for every item of the board that has one (all zones). */
export function itemsByExternalKey(doc: Y.Doc): Map<string, string> {
  const byKey = new Map<string, string>();
  getItemsMap(doc).forEach((item, id) => {
    if (!(item instanceof Y.Map)) return;
    const key = stringOrNull(item.get(ITEM_FIELD.externalKey));
    if (key && !byKey.has(key)) byKey.set(key, id);
  });
  return byKey;
}

function setOrDelete(item: ItemMap, field: string, value: unknown): void {
  if (value === null) item.delete(field);
  else item.set(field, value);
}
