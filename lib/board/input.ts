/**
 * Validators of what the refinement writers are given (item details, roadmap, DoR, settings).
 * Each returns the value as it will be stored or throws a BoardError('invalid_detail'), before
 * the writer opens its transaction, so a refusal always means nothing changed.
 */
import { BoardError } from './errors';

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
