/**
 * An item's lists: questions, action items, attachments, decisions and dependencies, each a
 * keyed entry in the item's map (entries.ts says why). Readers tolerate anything a foreign peer
 * may have written; writers validate first and write in one transaction (BoardError = nothing
 * changed), like mutations.ts.
 */
import type * as Y from 'yjs';
import { newEntryId } from '../session/ids';
import { entryStamp, newEntry, patchEntry, readEntries, requireEntry } from './entries';
import { BoardError } from './errors';
import { MAX_ENTRY_TEXT, MAX_SHORT_TEXT, optionalDate, optionalText, requireText } from './input';
import { requireItem, touch } from './mutations';
import { ITEM_ENTRY, type ItemMap } from './schema';
import { finiteNumberOrNull, oneOf, stringOr, stringOrNull } from './values';

export const EXTERNAL_STATUSES = ['requested', 'agreed', 'in-progress', 'done', 'blocked'] as const;
export type ExternalStatus = (typeof EXTERNAL_STATUSES)[number];

const MAX_URL_LENGTH = 2000;

export interface Question {
  id: string;
  text: string;
  answer: string;
  status: 'open' | 'answered';
  askedBy: string | null;
  createdAt: number;
}

export interface ActionItem {
  id: string;
  text: string;
  owner: string | null;
  /** YYYY-MM-DD */
  due: string | null;
  done: boolean;
  createdAt: number;
}

export interface Attachment {
  id: string;
  kind: 'link' | 'image';
  url: string;
  title: string;
  contentType: string | null;
  addedBy: string | null;
  createdAt: number;
}

export interface Decision {
  id: string;
  text: string;
  by: string | null;
  createdAt: number;
}

export type Dependency =
  | { id: string; kind: 'item'; itemId: string; createdAt: number }
  | { id: string; kind: 'external'; name: string; status: ExternalStatus; createdAt: number };

export interface ItemEntryLists {
  questions: Question[];
  actions: ActionItem[];
  attachments: Attachment[];
  decisions: Decision[];
  dependencies: Dependency[];
}

// ---------------------------------------------------------------------------
// Read

function readQuestion(id: string, f: Record<string, unknown>): Question {
  return {
    id,
    text: stringOr(f.text, ''),
    answer: stringOr(f.answer, ''),
    status: f.status === 'answered' ? 'answered' : 'open',
    askedBy: stringOrNull(f.askedBy),
    createdAt: finiteNumberOrNull(f.createdAt) ?? 0,
  };
}

function readAction(id: string, f: Record<string, unknown>): ActionItem {
  return {
    id,
    text: stringOr(f.text, ''),
    owner: stringOrNull(f.owner),
    due: stringOrNull(f.due),
    done: f.done === true,
    createdAt: finiteNumberOrNull(f.createdAt) ?? 0,
  };
}

function readAttachment(id: string, f: Record<string, unknown>): Attachment | null {
  const url = stringOr(f.url, '');
  if (!isSafeAttachmentUrl(url)) return null;
  return {
    id,
    kind: f.kind === 'image' ? 'image' : 'link',
    url,
    title: stringOr(f.title, ''),
    contentType: stringOrNull(f.contentType),
    addedBy: stringOrNull(f.addedBy),
    createdAt: finiteNumberOrNull(f.createdAt) ?? 0,
  };
}

function readDecision(id: string, f: Record<string, unknown>): Decision {
  return { id, text: stringOr(f.text, ''), by: stringOrNull(f.by), createdAt: finiteNumberOrNull(f.createdAt) ?? 0 };
}

function readDependency(id: string, f: Record<string, unknown>): Dependency | null {
  const createdAt = finiteNumberOrNull(f.createdAt) ?? 0;
  if (f.kind === 'item' && typeof f.itemId === 'string' && f.itemId !== '') {
    return { id, kind: 'item', itemId: f.itemId, createdAt };
  }
  if (f.kind === 'external' && typeof f.name === 'string') {
    return { id, kind: 'external', name: f.name, status: oneOf(EXTERNAL_STATUSES, f.status) ?? 'requested', createdAt };
  }
  return null;
}

/** Every list of an item, oldest entry first. Never throws. */
export function readItemEntryLists(item: ItemMap): ItemEntryLists {
  return {
    questions: readEntries(item, ITEM_ENTRY.question, readQuestion),
    actions: readEntries(item, ITEM_ENTRY.action, readAction),
    attachments: readEntries(item, ITEM_ENTRY.attachment, readAttachment),
    decisions: readEntries(item, ITEM_ENTRY.decision, readDecision),
    dependencies: readEntries(item, ITEM_ENTRY.dependency, readDependency),
  };
}

/**
 * Links are shown as <a href> and images as <img src>: only http(s) URLs and
 * our own upload paths are allowed, never `javascript:` or `data:`.
 */
export function isSafeAttachmentUrl(url: string): boolean {
  if (url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  if (/^\/api\/boards\/[A-Za-z0-9_-]+\/attachments\/[A-Za-z0-9_.-]+$/.test(url)) return true;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Write: questions

export function addQuestion(doc: Y.Doc, itemId: string, text: string, askedBy: string | null = null, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  const body = requireText(text, 'Question', MAX_ENTRY_TEXT);
  const id = newEntryId();
  doc.transact(() => {
    item.set(ITEM_ENTRY.question + id, newEntry({ text: body, answer: '', status: 'open', askedBy, createdAt: entryStamp() }));
    touch(item);
  }, origin);
  return id;
}

/** Answers a question (an empty answer reopens it). */
export function answerQuestion(doc: Y.Doc, itemId: string, questionId: string, answer: string, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  const key = ITEM_ENTRY.question + questionId;
  requireEntry(item, key);
  const body = requireText(answer, 'Answer', MAX_ENTRY_TEXT, true);
  doc.transact(() => {
    patchEntry(item, key, { answer: body, status: body === '' ? 'open' : 'answered' });
    touch(item);
  }, origin);
}

// ---------------------------------------------------------------------------
// Write: action items

export interface ActionInput {
  text: string;
  owner?: string | null;
  due?: string | null;
}

export function addAction(doc: Y.Doc, itemId: string, input: ActionInput, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  const text = requireText(input.text, 'Action', MAX_ENTRY_TEXT);
  const owner = optionalText(input.owner, 'Owner', MAX_SHORT_TEXT);
  const due = optionalDate(input.due, 'Due date');
  const id = newEntryId();
  doc.transact(() => {
    item.set(ITEM_ENTRY.action + id, newEntry({ text, owner, due, done: false, createdAt: entryStamp() }));
    touch(item);
  }, origin);
  return id;
}

export function updateAction(
  doc: Y.Doc,
  itemId: string,
  actionId: string,
  patch: Partial<{ text: string; owner: string | null; due: string | null; done: boolean }>,
  origin?: unknown,
): void {
  const item = requireItem(doc, itemId);
  const key = ITEM_ENTRY.action + actionId;
  requireEntry(item, key);
  const write: Record<string, unknown> = {};
  if (patch.text !== undefined) write.text = requireText(patch.text, 'Action', MAX_ENTRY_TEXT);
  if (patch.owner !== undefined) write.owner = optionalText(patch.owner, 'Owner', MAX_SHORT_TEXT);
  if (patch.due !== undefined) write.due = optionalDate(patch.due, 'Due date');
  if (patch.done !== undefined) {
    if (typeof patch.done !== 'boolean') throw new BoardError('invalid_detail', 'done must be a boolean');
    write.done = patch.done;
  }
  doc.transact(() => {
    patchEntry(item, key, write);
    touch(item);
  }, origin);
}

// ---------------------------------------------------------------------------
// Write: attachments and decisions

export interface AttachmentInput {
  kind: 'link' | 'image';
  url: string;
  title?: string;
  contentType?: string | null;
  addedBy?: string | null;
}

export function addAttachment(doc: Y.Doc, itemId: string, input: AttachmentInput, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  if (input.kind !== 'link' && input.kind !== 'image') throw new BoardError('invalid_detail', 'Attachment kind must be link or image');
  const url = requireText(input.url, 'URL', MAX_URL_LENGTH);
  if (!isSafeAttachmentUrl(url)) throw new BoardError('invalid_detail', 'Only http(s) links and uploaded images can be attached');
  const title = optionalText(input.title, 'Title', MAX_SHORT_TEXT) ?? url;
  const id = newEntryId();
  doc.transact(() => {
    item.set(
      ITEM_ENTRY.attachment + id,
      newEntry({
        kind: input.kind,
        url,
        title,
        contentType: input.contentType ?? null,
        addedBy: input.addedBy ?? null,
        createdAt: entryStamp(),
      }),
    );
    touch(item);
  }, origin);
  return id;
}

export function addDecision(doc: Y.Doc, itemId: string, text: string, by: string | null = null, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  const body = requireText(text, 'Decision', MAX_ENTRY_TEXT);
  const id = newEntryId();
  doc.transact(() => {
    item.set(ITEM_ENTRY.decision + id, newEntry({ text: body, by, createdAt: entryStamp() }));
    touch(item);
  }, origin);
  return id;
}

// ---------------------------------------------------------------------------
// Write: dependencies

export type DependencyInput = { kind: 'item'; itemId: string } | { kind: 'external'; name: string; status?: ExternalStatus };

export function addDependency(doc: Y.Doc, itemId: string, input: DependencyInput, origin?: unknown): string {
  const item = requireItem(doc, itemId);
  let fields: Record<string, unknown>;
  if (input.kind === 'item') {
    if (input.itemId === itemId) throw new BoardError('invalid_detail', 'An item cannot depend on itself');
    requireItem(doc, input.itemId);
    const existing = readEntries(item, ITEM_ENTRY.dependency, readDependency).find((d) => d.kind === 'item' && d.itemId === input.itemId);
    if (existing) return existing.id;
    fields = { kind: 'item', itemId: input.itemId };
  } else if (input.kind === 'external') {
    const status = input.status ?? 'requested';
    if (!oneOf(EXTERNAL_STATUSES, status)) throw new BoardError('invalid_detail', `Unknown status: ${String(status)}`);
    fields = { kind: 'external', name: requireText(input.name, 'Team or product', MAX_SHORT_TEXT), status };
  } else {
    throw new BoardError('invalid_detail', 'Dependency kind must be item or external');
  }
  const id = newEntryId();
  doc.transact(() => {
    item.set(ITEM_ENTRY.dependency + id, newEntry({ ...fields, createdAt: entryStamp() }));
    touch(item);
  }, origin);
  return id;
}

export function setExternalDependencyStatus(
  doc: Y.Doc,
  itemId: string,
  dependencyId: string,
  status: ExternalStatus,
  origin?: unknown,
): void {
  const item = requireItem(doc, itemId);
  const key = ITEM_ENTRY.dependency + dependencyId;
  requireEntry(item, key);
  if (!oneOf(EXTERNAL_STATUSES, status)) throw new BoardError('invalid_detail', `Unknown status: ${String(status)}`);
  doc.transact(() => {
    patchEntry(item, key, { status });
    touch(item);
  }, origin);
}

// ---------------------------------------------------------------------------
// Remove

export type ItemEntryKind = 'question' | 'action' | 'attachment' | 'decision' | 'dependency';

/** Removes one question, action, attachment, decision or dependency. Missing: no-op. */
export function removeItemEntry(doc: Y.Doc, itemId: string, kind: ItemEntryKind, entryId: string, origin?: unknown): void {
  const item = requireItem(doc, itemId);
  const key = ITEM_ENTRY[kind] + entryId;
  if (!item.has(key)) return;
  doc.transact(() => {
    item.delete(key);
    touch(item);
  }, origin);
}
