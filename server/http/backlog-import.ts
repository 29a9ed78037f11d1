/**
 * POST /api/boards/<id>/import?key=<facilitator key>[&format=…][&dryRun=1][&order=file][&baseUrl=…][&parkMissing=1]
 *
 * A tracker export as the body (text/csv, text/tab-separated-values, text/plain or
 * application/json), read by lib/import and applied to the live board in one transaction, so
 * every connected client sees the items at once. `dryRun=1` answers the same counts and
 * changes nothing. A file that cannot be read whole is refused whole (400 naming the row, 413
 * over the limit, 415 not text); nothing of it is applied.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { applyImport, importSizeBound, importSummary, importUpdate, planImport, type ImportOrder } from '../../lib/import/apply';
import { ImportError } from '../../lib/import/errors';
import { parseImport } from '../../lib/import/formats';
import { IMPORT_FORMATS, type ImportFormat } from '../../lib/import/record';
import { MAX_IMPORT_BYTES } from '../../lib/import/table';
import { checkBoardAccess } from '../board-access';
import { SERVER_ORIGIN } from '../control/board-state';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { RoomRegistry } from '../sync/room-registry';
import { withRoom } from '../sync/with-room';
import { readBody, safeDecode } from './request-body';
import { sendJson } from './respond';

const IMPORT_PATH = /^\/api\/boards\/([^/]+)\/import$/;
const TEXT_TYPES = ['text/csv', 'text/tab-separated-values', 'text/plain', 'application/json', 'application/vnd.ms-excel'];

export interface ImportResponse {
  format: ImportFormat;
  created: number;
  updated: number;
  unchanged: number;
  /** Items parked in the tail because the file no longer has them (`parkMissing=1`). */
  parked: number;
  skipped: Array<{ row: number; reason: string }>;
  warnings: string[];
  /** Board items with an external key the file no longer has (candidates for the tail). */
  missing: Array<{ id: string; title: string; externalKey: string }>;
  dryRun: boolean;
}

export function isImportPath(path: string): boolean {
  return IMPORT_PATH.test(path);
}

export async function handleImportRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: { store: Store; rooms: RoomRegistry; log: Logger },
): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST with the file as the body' });
  const boardId = safeDecode(IMPORT_PATH.exec(url.pathname)![1]);
  const access = await checkBoardAccess(deps.store, boardId, url.searchParams.get('key'));
  if (!access.ok) return sendJson(res, access.status, { error: access.reason });
  if (access.role !== 'facilitator') return sendJson(res, 403, { error: 'only the facilitator key may import' });

  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!TEXT_TYPES.includes(type)) {
    return sendJson(res, 415, { error: `Content-Type must be one of ${TEXT_TYPES.join(', ')}` });
  }
  const format = url.searchParams.get('format');
  if (format !== null && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
    return sendJson(res, 400, { error: `format must be one of ${IMPORT_FORMATS.join(', ')}` });
  }
  const order = url.searchParams.get('order') ?? 'append';
  if (order !== 'append' && order !== 'file') return sendJson(res, 400, { error: 'order must be append or file' });
  const dryRun = url.searchParams.get('dryRun') === '1';
  const parkMissing = url.searchParams.get('parkMissing') === '1';

  const body = await readBody(req, MAX_IMPORT_BYTES);
  if (body === null) return sendJson(res, 413, { error: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB` });

  try {
    const response = await withRoom(deps.rooms, boardId, (room): ImportResponse | null => {
      const parsed = parseImport(body.toString('utf8'), {
        format: (format as ImportFormat | null) ?? undefined,
        baseUrl: url.searchParams.get('baseUrl') ?? undefined,
      });
      const plan = planImport(room.doc, parsed, order as ImportOrder);
      const applyOptions = { origin: SERVER_ORIGIN, parkMissing };
      if (!dryRun) {
        // What the board grows by, measured, not guessed from the file (a short item is ~10×
        // its JSON). Measuring copies the board, so only when a generous bound could reach the
        // cap; then the import is written on the copy, checked, and its update applied as is.
        if (!room.wouldExceedCap(importSizeBound(room.doc, plan, applyOptions))) applyImport(room.doc, plan, applyOptions);
        else {
          const update = importUpdate(room.doc, plan, applyOptions);
          if (room.wouldExceedCap(update.byteLength)) return null;
          Y.applyUpdate(room.doc, update, SERVER_ORIGIN);
        }
      }
      const summary = importSummary(plan, applyOptions);
      return {
        format: parsed.format,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        parked: summary.parked,
        skipped: plan.skipped,
        warnings: plan.warnings,
        missing: plan.missing,
        dryRun,
      };
    });
    if (response === null) return sendJson(res, 413, { error: 'the import would take the board past its size limit' });
    deps.log.info({ boardId, format: response.format, created: response.created, updated: response.updated, dryRun }, 'import');
    sendJson(res, 200, response);
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    sendJson(res, err.status, { error: err.message, ...(err.row !== null ? { row: err.row } : {}) });
  }
}
