import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { initBoardDoc } from '../../lib/board/schema';
import { createBoardRequestSchema, type BoardInfoResponse, type CreateBoardResponse, type Role } from '../../lib/protocol';
import { checkBoardAccess } from '../board-access';
import { handleAttachmentRequest, isAttachmentPath } from './attachments';
import { hashKey, mintBoardId, mintKey } from '../keys';
import type { Logger } from '../log';
import type { Store } from '../store/store';

const MAX_JSON_BODY_BYTES = 16 * 1024;

export interface ApiDeps {
  store: Store;
  log: Logger;
  publicUrl: string | null;
  health: () => Record<string, unknown>;
  /** Where uploaded attachments live (DATA_DIR); attachments are off without it. */
  dataDir?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) throw new HttpError(415, 'Content-Type must be application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY_BYTES) throw new HttpError(413, `request body larger than ${MAX_JSON_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

/** Base URL for share links: PUBLIC_URL when set, else what the browser used to reach us. */
function baseUrl(req: IncomingMessage, publicUrl: string | null): string {
  if (publicUrl) return publicUrl;
  const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    .trim();
  const proto = forwardedProto || ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  const host = req.headers.host ?? 'localhost';
  return `${proto}://${host}`;
}

export function boardLink(base: string, boardId: string, role: Role, key: string): string {
  const path = role === 'spectator' ? `/b/${boardId}/present` : `/b/${boardId}`;
  return `${base}${path}?key=${encodeURIComponent(key)}`;
}

async function createBoard(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<void> {
  const parsed = createBoardRequestSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join('; '));
  const { title } = parsed.data;
  const id = mintBoardId();
  const keys: Record<Role, string> = { facilitator: mintKey(), participant: mintKey(), spectator: mintKey() };
  const doc = new Y.Doc();
  initBoardDoc(doc, { title });
  await deps.store.createBoard(
    {
      id,
      title,
      createdAt: Date.now(),
      keyHashes: {
        facilitator: hashKey(keys.facilitator),
        participant: hashKey(keys.participant),
        spectator: hashKey(keys.spectator),
      },
    },
    Y.encodeStateAsUpdate(doc),
  );
  doc.destroy();
  const base = baseUrl(req, deps.publicUrl);
  const body: CreateBoardResponse = {
    id,
    title,
    links: {
      facilitator: boardLink(base, id, 'facilitator', keys.facilitator),
      participant: boardLink(base, id, 'participant', keys.participant),
      spectator: boardLink(base, id, 'spectator', keys.spectator),
    },
  };
  deps.log.info({ boardId: id }, 'board created');
  sendJson(res, 201, body);
}

async function boardInfo(boardId: string, url: URL, res: ServerResponse, deps: ApiDeps): Promise<void> {
  const access = await checkBoardAccess(deps.store, boardId, url.searchParams.get('key'));
  if (!access.ok) throw new HttpError(access.status, access.reason);
  const body: BoardInfoResponse = { id: access.board.id, title: access.board.title, role: access.role };
  sendJson(res, 200, body);
}

/**
 * The JSON API the custom server answers itself (Next.js serves everything else). Returns false
 * when the request is not for the API.
 */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path !== '/healthz' && !path.startsWith('/api/')) return false;
  try {
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET');
      sendJson(res, 200, { status: 'ok', ...deps.health() });
    } else if (path === '/api/boards') {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST to create a board');
      await createBoard(req, res, deps);
    } else if (deps.dataDir && isAttachmentPath(path)) {
      await handleAttachmentRequest(req, res, url, { store: deps.store, log: deps.log, dataDir: deps.dataDir });
    } else if (/^\/api\/boards\/[^/]+$/.test(path)) {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET');
      await boardInfo(decodeURIComponent(path.slice('/api/boards/'.length)), url, res, deps);
    } else {
      throw new HttpError(404, 'no such API endpoint');
    }
  } catch (err) {
    if (err instanceof HttpError) {
      sendJson(res, err.status, { error: err.message });
    } else {
      deps.log.error({ err, path }, 'API request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    }
  }
  return true;
}
