import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './respond';

/**
 * A body this much over its limit is still read to its end (and dropped) before the answer. A
 * client that is still sending when a 413 comes and the connection closes gets a reset, not the
 * answer: a browser shows a network error instead of "images may be at most 2 MiB", and Node's
 * fetch fails. Past this, the connection is cut: reading more would only cost bandwidth.
 */
const DRAIN_BYTES = 8 * 1024 * 1024;

/**
 * The whole request body, or null when it is larger than `limit` bytes. Nothing past the limit
 * is kept: up to DRAIN_BYTES more are read and dropped, so the answer (413) reaches the client;
 * a larger body is cut off there (its connection is destroyed).
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit + DRAIN_BYTES) return null;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

/** Whether the declared Content-Length is too large even to drain (see DRAIN_BYTES): answer, and close, at once. */
export function declaredPastDrain(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limit + DRAIN_BYTES;
}

/** The media type of a request without its parameters, lower-case (`application/json`). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * For the endpoints that take JSON and create a board: true if the body is declared JSON, else
 * answers 415. The media type itself, not any mention of it: `text/plain; x=application/json`
 * is a CORS "simple request" that any site can make its visitors' browsers send without a
 * preflight. Checked before the board-creation budget is charged, so such a site cannot spend
 * its visitors' allowance either.
 */
export function requireJsonBody(req: IncomingMessage, res: ServerResponse): boolean {
  if (mediaType(req) === 'application/json') return true;
  sendJson(res, 415, { error: 'Content-Type must be application/json' });
  return false;
}

/**
 * A path segment decoded, or '' when its percent-encoding is malformed (`%E0`, which
 * decodeURIComponent throws on): '' is no board id, so such a request gets the same 404 as an
 * unknown board instead of a 500 and an error in the log. Every route that takes an id from its
 * path decodes it with this (the API's, the attachments', the sync endpoint's upgrade).
 */
export function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return '';
  }
}
