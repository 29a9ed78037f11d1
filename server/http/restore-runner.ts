import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RestoreReply } from './restore-worker';

/** Heap for one restore: a legitimate 16 MiB backup of 130,000 small items needs ~570 MB. */
const RESTORE_HEAP_MB = 1536;
/** A restore that takes longer is stopped (that backup took ~9 s on the 2-core test machine). */
const RESTORE_DEADLINE_MS = 60_000;
/** Restores waiting for the one running, beyond which a request is answered 503 at once. */
const MAX_WAITING = 4;

export type RestoreOutcome = RestoreReply | { ok: false; status: 503; error: string };

/**
 * Restores run one at a time, each in a worker thread of its own (restore-worker.ts) with a heap
 * limit and a deadline: a hostile backup can cost that thread its memory and the deadline's CPU,
 * never the event loop that serves the boards, nor the process's memory. Restores are rare (a
 * board moved between servers, an old meeting brought back), so a fresh thread per restore costs
 * little and leaves nothing behind.
 */
export class RestoreRunner {
  private running: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly deadlineMs = RESTORE_DEADLINE_MS) {}

  run(body: Buffer): Promise<RestoreOutcome> {
    if (this.waiting >= MAX_WAITING)
      return Promise.resolve({ ok: false, status: 503, error: 'other restores are running; try again shortly' });
    this.waiting++;
    const result = this.running.then(() => {
      this.waiting--;
      return this.inWorker(body);
    });
    this.running = result.catch(() => undefined);
    return result;
  }

  private inWorker(body: Buffer): Promise<RestoreOutcome> {
    return new Promise((resolve) => {
      const worker = new Worker(path.join(__dirname, 'restore-worker-entry.cjs'), {
        // Not this process's loader flags (`--import tsx` under `npm run dev`, `--require tsx/cjs`
        // in the tests): the entry registers tsx for itself.
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: RESTORE_HEAP_MB },
      });
      let settled = false;
      const finish = (outcome: RestoreOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        void worker.terminate();
        resolve(outcome);
      };
      const deadline = setTimeout(
        () => finish({ ok: false, status: 503, error: `the restore took longer than ${this.deadlineMs / 1000} s and was stopped` }),
        this.deadlineMs,
      );
      worker.once('message', (reply: RestoreReply) => finish(reply));
      worker.once('error', (err: Error & { code?: string }) =>
        finish(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? { ok: false, status: 400, error: 'not a valid board backup: it needs more memory than any board this server holds' }
            : { ok: false, status: 500, error: err.message },
        ),
      );
      worker.once('exit', () => finish({ ok: false, status: 500, error: 'the restore stopped without an answer' }));
      const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
      worker.postMessage({ body: bytes });
    });
  }
}
