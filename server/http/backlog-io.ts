/**
 * Taking a backlog out, and a board backup back in:
 *
 *   GET  /api/boards/<id>/export?key=<any key>&format=jira|azure|linear|csv|md|json
 *        → the file (Content-Disposition: attachment), read from the live board
 *   POST /api/boards/restore   a JSON board backup as the body (at most MAX_BACKUP_BYTES)
 *        → 201 like POST /api/boards: a new board with new keys and links
 *
 * (Import, POST /api/boards/<id>/import, is in backlog-import.ts.)
 *
 * Any key may export: a spectator sees the whole board anyway. An export is built whole on the
 * event loop, so each is counted against a per-address budget of its own before anything else (a
 * spectator link in a script would otherwise stall everyone's boards). A restore creates a board,
 * so it is counted against the same per-address budget as creating one, before its body is read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BACKUP_BYTES } from '../../lib/export/backup-layout';
import { EXPORT_FORMATS, exportBoard, isExportFormat } from '../../lib/export/formats';
import { readMeta } from '../../lib/board/schema';
import { checkBoardAccess } from '../board-access';
import { clientAddress } from '../limits/client-address';
import type { RoomRegistry } from '../sync/room-registry';
import { withRoom } from '../sync/with-room';
import { type BoardCreateDeps, storeNewBoard, takeBoardCreateBudget } from './board-create';
import { readBody, requireJsonBody, safeDecode } from './request-body';
import type { RestoreRunner } from './restore-runner';
import { sendJson, sendTooMany } from './respond';

const EXPORT_PATH = /^\/api\/boards\/([^/]+)\/export$/;
const RESTORE_PATH = '/api/boards/restore';

export interface BacklogIoDeps extends BoardCreateDeps {
  rooms: RoomRegistry;
  restores: RestoreRunner;
  maxDocBytes: number;
}

export function isBacklogIoPath(path: string): boolean {
  return path === RESTORE_PATH || EXPORT_PATH.test(path);
}

export async function handleBacklogIoRequest(req: IncomingMessage, res: ServerResponse, url: URL, deps: BacklogIoDeps): Promise<void> {
  if (url.pathname === RESTORE_PATH) return restoreBoard(req, res, deps);
  return exportBacklog(req, res, url, deps);
}

async function exportBacklog(req: IncomingMessage, res: ServerResponse, url: URL, deps: BacklogIoDeps): Promise<void> {
  if (req.method !== 'GET') return sendJson(res, 405, { error: 'use GET' });
  const budget = deps.budgets.takeExport(clientAddress(req, deps.trustProxy));
  if (!budget.ok) {
    return sendTooMany(res, budget.retryAfterSeconds, `too many exports from this address; try again in ${budget.retryAfterSeconds} s`);
  }
  const boardId = safeDecode(EXPORT_PATH.exec(url.pathname)![1]);
  const access = await checkBoardAccess(deps.store, boardId, url.searchParams.get('key'));
  if (!access.ok) return sendJson(res, access.status, { error: access.reason });
  const format = url.searchParams.get('format');
  if (!isExportFormat(format)) return sendJson(res, 400, { error: `format must be one of ${EXPORT_FORMATS.join(', ')}` });

  await withRoom(deps.rooms, boardId, (room) => {
    const title = readMeta(room.doc).title || access.board.title;
    const file = exportBoard(room.doc, title, format, { boardId });
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Content-Length': Buffer.byteLength(file.body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(file.body);
    deps.log.info({ boardId, format, bytes: Buffer.byteLength(file.body) }, 'export');
  });
}

async function restoreBoard(req: IncomingMessage, res: ServerResponse, deps: BacklogIoDeps): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST with a board backup as the body' });
  if (!requireJsonBody(req, res) || !takeBoardCreateBudget(req, res, deps)) return;
  const body = await readBody(req, MAX_BACKUP_BYTES);
  if (body === null) return sendJson(res, 413, { error: `the backup is larger than ${MAX_BACKUP_BYTES / 1024 / 1024} MiB` });
  // Parsed, checked and built in a worker thread (restore-runner.ts): CPU in proportion to the
  // body, which must not hold the boards' event loop.
  const restored = await deps.restores.run(body);
  if (!restored.ok) {
    if (restored.status === 500) deps.log.error({ reason: restored.error }, 'restore failed');
    return sendJson(res, restored.status, { error: restored.error, ...('path' in restored ? { path: restored.path } : {}) });
  }
  if (restored.update.byteLength > deps.maxDocBytes) {
    return sendJson(res, 413, {
      error: `the restored board would hold ${restored.update.byteLength} bytes, more than a board may (${deps.maxDocBytes})`,
    });
  }
  await storeNewBoard(req, res, deps, restored.title, restored.update);
}
