import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { initBoardDoc } from '../../lib/board/schema';
import { createBoardRequestSchema, type BoardInfoResponse } from '../../lib/protocol';
import { checkBoardAccess } from '../board-access';
import type { BoardLock } from '../board-lock';
import { handleAttachmentRequest, isAttachmentPath } from './attachments';
import { handleImportRequest, isImportPath } from './backlog-import';
import { handleBacklogIoRequest, isBacklogIoPath } from './backlog-io';
import { storeNewBoard, takeBoardCreateBudget } from './board-create';
import { readBody, requireJsonBody, safeDecode } from './request-body';
import { sendJson, sendTooMany } from './respond';
import type { Logger } from '../log';
import type { AttachmentStore } from '../store/attachment-store';
import type { Store } from '../store/store';
import type { RoomRegistry } from '../sync/room-registry';
import { clientAddress } from '../limits/client-address';
import type { RequestBudgets } from './request-budgets';
import type { RestoreRunner } from './restore-runner';
import type { TestHooks } from './test-hooks';

const MAX_JSON_BODY_BYTES = 16 * 1024;

/** What /healthz reports; `ok: false` answers 503 (the store cannot write). */
export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

export interface ApiDeps {
  store: Store;
  /** Loaded boards: imports and exports work on the live document, so everyone sees an import. */
  rooms: RoomRegistry;
  log: Logger;
  publicUrl: string | null;
  /** Believe X-Forwarded-* (for link origins and the client's address). */
  trustProxy: boolean;
  /** The port we listen on, for `http://localhost:<port>` links when nothing better is known. */
  fallbackPort: number;
  budgets: RequestBudgets;
  health: () => Promise<HealthReport>;
  /** Where uploaded attachments live (files in DATA_DIR or PostgreSQL rows); attachments are off without it. */
  attachments?: AttachmentStore;
  /** The per-board lock the attachment quota is checked and counted under. */
  boardLock: BoardLock;
  /** Only with REFINERY_TEST_HOOKS=1 (see test-hooks.ts). */
  testHooks?: TestHooks;
  /** Runs restores off the event loop (restore-runner.ts). */
  restores: RestoreRunner;
  /** A restored board may be no larger than any board may grow (MAX_DOC_BYTES). */
  maxDocBytes: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The body as JSON; its Content-Type was checked first (requireJsonBody). */
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_JSON_BODY_BYTES);
  if (body === null) throw new HttpError(413, `request body larger than ${MAX_JSON_BODY_BYTES} bytes`);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

async function createBoard(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<void> {
  if (!requireJsonBody(req, res) || !takeBoardCreateBudget(req, res, deps)) return;
  const parsed = createBoardRequestSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => i.message).join('; '));
  const { title } = parsed.data;
  const doc = new Y.Doc();
  try {
    initBoardDoc(doc, { title });
    await storeNewBoard(req, res, deps, title, Y.encodeStateAsUpdate(doc));
  } finally {
    doc.destroy();
  }
}

async function boardInfo(boardId: string, url: URL, res: ServerResponse, deps: ApiDeps): Promise<void> {
  const access = await checkBoardAccess(deps.store, boardId, url.searchParams.get('key'));
  if (!access.ok) throw new HttpError(access.status, access.reason);
  const body: BoardInfoResponse = { id: access.board.id, title: access.board.title, role: access.role };
  sendJson(res, 200, body);
}

/** Test-only (REFINERY_TEST_HOOKS=1): break the store worker the way a real fault would. */
async function testHook(req: IncomingMessage, res: ServerResponse, url: URL, hooks: TestHooks): Promise<void> {
  if (req.method !== 'POST') throw new HttpError(405, 'use POST');
  const ms = (name: string) => {
    const value = Number(url.searchParams.get(name) ?? 0);
    if (!Number.isInteger(value) || value < 0 || value > 60_000) throw new HttpError(400, `${name} must be 0..60000`);
    return value;
  };
  if (url.pathname === '/api/_test/kill-store-worker') {
    await hooks.killStoreWorker(ms('downMs'));
  } else if (url.pathname === '/api/_test/stall-store') {
    // Not awaited: the caller wants the store stuck while it goes on.
    void hooks.stallStore(ms('ms')).catch(() => undefined);
  } else {
    throw new HttpError(404, 'no such test hook');
  }
  sendJson(res, 200, { ok: true });
}

/**
 * The JSON API the custom server answers itself (Next.js serves everything else). Returns false
 * when the request is not for the API.
 */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path !== '/healthz' && path !== '/readyz' && !path.startsWith('/api/')) return false;
  try {
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET');
      const { ok, ...details } = await deps.health();
      sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', ...details });
    } else if (path === '/readyz') {
      // For a load balancer: send this node traffic only while it can reach what it stores into.
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET');
      const { ok, node, database, redis } = await deps.health();
      // In a cluster, a node cut off from Redis serves its boards to its own clients only.
      const ready = ok && (redis === undefined || redis === null || (redis as { status: string }).status === 'ready');
      sendJson(res, ready ? 200 : 503, { ready, node, database, ...(redis ? { redis } : {}) });
    } else if (path === '/api/boards') {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST to create a board');
      await createBoard(req, res, deps);
    } else if (deps.attachments && isAttachmentPath(path)) {
      await handleAttachmentRequest(req, res, url, {
        store: deps.store,
        log: deps.log,
        attachments: deps.attachments,
        budgets: deps.budgets,
        trustProxy: deps.trustProxy,
        boardLock: deps.boardLock,
      });
    } else if (isImportPath(path)) {
      // An import costs a parse and a board-wide write: counted like an upload.
      const budget = deps.budgets.takeUpload(clientAddress(req, deps.trustProxy));
      if (budget.ok) await handleImportRequest(req, res, url, deps);
      else sendTooMany(res, budget.retryAfterSeconds, `too many uploads from this address; try again in ${budget.retryAfterSeconds} s`);
    } else if (isBacklogIoPath(path)) {
      await handleBacklogIoRequest(req, res, url, deps);
    } else if (deps.testHooks && path.startsWith('/api/_test/')) {
      await testHook(req, res, url, deps.testHooks);
    } else if (/^\/api\/boards\/[^/]+$/.test(path)) {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET');
      await boardInfo(safeDecode(path.slice('/api/boards/'.length)), url, res, deps);
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
