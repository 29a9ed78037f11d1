/**
 * Worker thread for POST /api/boards/restore: reads a backup's bytes as JSON, checks it, builds
 * the board and answers with its Yjs update. All of it is CPU in proportion to the body (16 MiB
 * of the smallest items took 12.7 s and 1.2 GB of heap on the event loop), so it runs here, in a
 * thread of its own with a heap limit and a deadline (restore-runner.ts), never on the thread
 * that serves the boards.
 */
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { restoreBackup } from '../../lib/export/backup';
import { BackupError, parseBackup } from '../../lib/export/backup-schema';

export type RestoreRequest = { body: Uint8Array };
export type RestoreReply =
  | { ok: true; title: string; update: Uint8Array }
  | { ok: false; status: 400; error: string; path?: string | null }
  | { ok: false; status: 500; error: string };

function restore(body: Uint8Array): { reply: RestoreReply; transfer: ArrayBuffer[] } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    return { reply: { ok: false, status: 400, error: `the backup is not valid JSON: ${(err as Error).message}` }, transfer: [] };
  }
  let restored;
  try {
    restored = restoreBackup(parseBackup(json));
  } catch (err) {
    if (err instanceof BackupError)
      return { reply: { ok: false, status: 400, error: `not a valid board backup: ${err.message}`, path: err.path }, transfer: [] };
    return { reply: { ok: false, status: 500, error: (err as Error).message }, transfer: [] };
  }
  const update = Y.encodeStateAsUpdate(restored.doc);
  restored.doc.destroy();
  return { reply: { ok: true, title: restored.title, update }, transfer: [update.buffer as ArrayBuffer] };
}

parentPort?.once('message', ({ body }: RestoreRequest) => {
  const { reply, transfer } = restore(body);
  parentPort!.postMessage(reply, transfer);
});
