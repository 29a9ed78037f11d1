import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkBoardAccess } from '../board-access';
import type { BoardLock } from '../board-lock';
import { clientAddress } from '../limits/client-address';
import type { Logger } from '../log';
import { ATTACHMENT_FILE_NAME, type AttachmentStore } from '../store/attachment-store';
import type { Store } from '../store/store';
import { declaredPastDrain, mediaType, readBody, safeDecode } from './request-body';
import type { RequestBudgets } from './request-budgets';
import { sendJson, sendTooMany } from './respond';

/**
 * Image attachments (wireframes, screenshots) for board items.
 *
 *   POST /api/boards/<id>/attachments?key=<key>   raw image body -> 201 { url, contentType, size }
 *   GET  /api/boards/<id>/attachments/<file>?key=<key>
 *
 * Any board key may read; facilitators and participants may upload. Only PNG, JPEG, GIF and WebP
 * are accepted, and the bytes must match the declared type (so an HTML or SVG page can never be
 * served from our origin as an "image"). The doc stores the URL without a key; each client adds
 * its own key when it shows the image.
 */

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
/** Per-board cap on stored attachments, so one board cannot fill the disk. */
export const MAX_BOARD_ATTACHMENT_BYTES = 100 * 1024 * 1024;
/** Per-board cap on the number of files, so tiny images cannot fill a directory (and the inode table). */
export const MAX_BOARD_ATTACHMENT_FILES = 500;

const EXTENSION_BY_TYPE: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};
const TYPE_BY_EXTENSION: Record<string, string> = Object.fromEntries(Object.entries(EXTENSION_BY_TYPE).map(([t, e]) => [e, t]));

const UPLOAD_PATH = /^\/api\/boards\/([^/]+)\/attachments$/;
const FILE_PATH = /^\/api\/boards\/([^/]+)\/attachments\/([^/]+)$/;

export interface AttachmentDeps {
  store: Store;
  log: Logger;
  /** Where the bytes live (files in DATA_DIR, or PostgreSQL rows shared by a cluster). */
  attachments: AttachmentStore;
  budgets: RequestBudgets;
  trustProxy: boolean;
  boardLock: BoardLock;
}

export interface UploadResponse {
  url: string;
  contentType: string;
  size: number;
}

export function isAttachmentPath(pathname: string): boolean {
  return UPLOAD_PATH.test(pathname) || FILE_PATH.test(pathname);
}

/** The stored URL of an uploaded file (no key in it). */
export function attachmentUrl(boardId: string, file: string): string {
  return `/api/boards/${boardId}/attachments/${file}`;
}

/** True when the first bytes are those of the declared image type. */
export function matchesImageType(bytes: Uint8Array, contentType: string): boolean {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  switch (contentType) {
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'image/gif':
      return starts(0x47, 0x49, 0x46, 0x38);
    case 'image/webp':
      return starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50;
    default:
      return false;
  }
}

async function upload(req: IncomingMessage, res: ServerResponse, boardId: string, url: URL, deps: AttachmentDeps): Promise<void> {
  // Charged on every attempt, before the key check and the body, so neither guessing keys nor
  // streaming bodies is free.
  const budget = deps.budgets.takeUpload(clientAddress(req, deps.trustProxy));
  if (!budget.ok) {
    res.setHeader('Connection', 'close');
    return sendTooMany(res, budget.retryAfterSeconds, `too many uploads from this address; try again in ${budget.retryAfterSeconds} s`);
  }
  const access = await checkBoardAccess(deps.store, boardId, url.searchParams.get('key'));
  if (!access.ok) return sendJson(res, access.status, { error: access.reason });
  if (access.role === 'spectator') return sendJson(res, 403, { error: 'spectators cannot upload' });
  const contentType = mediaType(req);
  const extension = EXTENSION_BY_TYPE[contentType];
  if (!extension) return sendJson(res, 415, { error: 'only PNG, JPEG, GIF and WebP images can be uploaded' });
  if (declaredPastDrain(req, MAX_ATTACHMENT_BYTES)) {
    res.setHeader('Connection', 'close');
    return sendJson(res, 413, { error: `images may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB` });
  }
  const body = await readBody(req, MAX_ATTACHMENT_BYTES);
  if (body === null) {
    res.setHeader('Connection', 'close');
    return sendJson(res, 413, { error: `images may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB` });
  }
  if (body.length === 0) return sendJson(res, 400, { error: 'empty body' });
  if (!matchesImageType(body, contentType)) return sendJson(res, 415, { error: `the file is not a ${contentType} image` });
  const file = `${randomBytes(12).toString('hex')}.${extension}`;
  // Check the quota and write under one per-board lock, so parallel uploads cannot all pass
  // the check before any of them is counted (the PostgreSQL store also locks across nodes).
  const quota = { maxFiles: MAX_BOARD_ATTACHMENT_FILES, maxBytes: MAX_BOARD_ATTACHMENT_BYTES };
  const stored = await deps.boardLock.run(access.board.id, () => deps.attachments.put(access.board.id, file, body, quota));
  if (stored === 'files') {
    return sendJson(res, 507, { error: `this board already has ${MAX_BOARD_ATTACHMENT_FILES} attachments, the most it may have` });
  }
  if (stored === 'bytes') {
    return sendJson(res, 507, { error: `this board's attachments would exceed ${MAX_BOARD_ATTACHMENT_BYTES / 1024 / 1024} MiB` });
  }
  deps.log.info({ boardId, file, size: body.length }, 'attachment uploaded');
  const response: UploadResponse = { url: attachmentUrl(access.board.id, file), contentType, size: body.length };
  sendJson(res, 201, response);
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  boardId: string,
  file: string,
  url: URL,
  deps: AttachmentDeps,
): Promise<void> {
  const access = await checkBoardAccess(deps.store, boardId, url.searchParams.get('key'));
  if (!access.ok) return sendJson(res, access.status, { error: access.reason });
  const match = ATTACHMENT_FILE_NAME.exec(file);
  if (!match) return sendJson(res, 404, { error: 'no such attachment' });
  const data = await deps.attachments.get(access.board.id, file);
  if (!data) return sendJson(res, 404, { error: 'no such attachment' });
  res.writeHead(200, {
    'Content-Type': TYPE_BY_EXTENSION[match[1]],
    'Content-Length': data.byteLength,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': 'inline',
    // The name is random and the content never changes; the key is in the URL, so keep it private.
    'Cache-Control': 'private, max-age=31536000, immutable',
  });
  res.end(req.method === 'HEAD' ? undefined : data);
}

/** Answers an attachment request (see isAttachmentPath). */
export async function handleAttachmentRequest(req: IncomingMessage, res: ServerResponse, url: URL, deps: AttachmentDeps): Promise<void> {
  const upload_ = UPLOAD_PATH.exec(url.pathname);
  if (upload_) {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST to upload' });
    return upload(req, res, safeDecode(upload_[1]), url, deps);
  }
  const file = FILE_PATH.exec(url.pathname);
  if (file) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' });
    return serve(req, res, safeDecode(file[1]), safeDecode(file[2]), url, deps);
  }
  sendJson(res, 404, { error: 'no such API endpoint' });
}
