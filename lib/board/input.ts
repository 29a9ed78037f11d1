/**
 * Validators of what the writers are given (mutations.ts for items; item details, roadmap, DoR
 * and settings). Each returns the value as it will be stored or throws a BoardError, before the
 * writer opens its transaction, so a refusal always means nothing changed. The limits they
 * check are declared with the stored names, in schema.ts.
 */
import { BoardError } from './errors';
import { ITEM_KINDS, MAX_DESCRIPTION_LENGTH, MAX_ID_LENGTH, MAX_TITLE_LENGTH, isItemKind, type ItemKind } from './schema';

// ---------------------------------------------------------------------------
// Items

// URL- and log-safe; UUIDs and test ids such as 'p1-7' fit.
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Returns the title as stored: trimmed, non-empty, within the limit. */
export function normalizeTitle(title: unknown): string {
  if (typeof title !== 'string' || title.trim() === '') {
    throw new BoardError('invalid_title', 'Title must be a non-empty string');
  }
  const trimmed = title.trim();
  if (trimmed.length > MAX_TITLE_LENGTH) {
    throw new BoardError('title_too_long', `Title is longer than ${MAX_TITLE_LENGTH} characters`);
  }
  return trimmed;
}

export function assertDescription(description: unknown): asserts description is string {
  if (typeof description !== 'string') {
    throw new BoardError('invalid_description', 'Description must be a string');
  }
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw new BoardError('description_too_long', `Description is longer than ${MAX_DESCRIPTION_LENGTH} characters`);
  }
}

export function assertItemKind(kind: unknown): asserts kind is ItemKind {
  if (!isItemKind(kind)) {
    throw new BoardError('unknown_kind', `Unknown item kind: ${String(kind)} (expected one of ${ITEM_KINDS.join(', ')})`);
  }
}

export function assertItemId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH || !ID_PATTERN.test(id)) {
    throw new BoardError('invalid_id', `Invalid item id: ${JSON.stringify(id)}`);
  }
}

// ---------------------------------------------------------------------------
// Refinement details

export const MAX_ENTRY_TEXT = 2000;
export const MAX_SHORT_TEXT = 200;

/** A string, trimmed, within `max` characters; not empty unless `allowEmpty`. */
export function requireText(value: unknown, what: string, max: number, allowEmpty = false): string {
  if (typeof value !== 'string') throw new BoardError('invalid_detail', `${what} must be a string`);
  const trimmed = value.trim();
  if (!allowEmpty && trimmed === '') throw new BoardError('invalid_detail', `${what} must not be empty`);
  if (trimmed.length > max) throw new BoardError('invalid_detail', `${what} is longer than ${max} characters`);
  return trimmed;
}

/** Like `requireText`; null, undefined and blank are stored as null. */
export function optionalText(value: unknown, what: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = requireText(value, what, max, true);
  return text === '' ? null : text;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as YYYY-MM-DD; null, undefined and '' are stored as null. */
export function optionalDate(value: unknown, what: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string' || !DATE_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    throw new BoardError('invalid_detail', `${what} must be a date (YYYY-MM-DD)`);
  }
  return value;
}

/** A number from 0 to `max`, or null. */
export function optionalNumber(value: unknown, what: string, max: number): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new BoardError('invalid_detail', `${what} must be a number from 0 to ${max}, or empty`);
  }
  return value;
}
