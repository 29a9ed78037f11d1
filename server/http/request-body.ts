import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './respond';

/**
 * The whole request body, or null as soon as it passes `limit` bytes: the rest is drained
 * unread, so an oversized body costs no memory and the answer (413) still reaches the client.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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
