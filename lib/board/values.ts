/**
 * The lenient readers of single values, for everything read back from the doc. Any peer can
 * write anything into it, so a reader never throws: an unexpected value falls back to a default
 * the caller names (or null). One set for the whole board layer, so "a string, else ''" and "a
 * finite number, else null" mean the same in every file.
 */
import * as Y from 'yjs';

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A number that is not NaN or ±Infinity, else null. */
export function finiteNumberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A count: a whole number from 0 up, else 0. */
export function countOrZero(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** One of a list of names, else null. */
export function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** A shared text's content; anything else reads as ''. */
export function sharedText(value: unknown): string {
  return value instanceof Y.Text ? value.toString() : '';
}

/**
 * A shared text's content, or a plain string where a peer stored one instead (detail texts such
 * as notes and the value hypothesis accept both); anything else reads as ''.
 */
export function sharedTextOrString(value: unknown): string {
  return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
}

/** A plain array of strings (non-strings dropped), else []. */
export function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** An http(s) URL as stored, else null: a link from the doc is shown as a link, so no javascript:. */
export function httpUrlOrNull(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}
