import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';

/** Below this many bytes in all, merging inline costs less than the copy to a worker and back. */
const INLINE_MERGE_BYTES = 64 * 1024;

type Reply = { id: number; ok: true; merged: Uint8Array } | { id: number; ok: false; message: string };

/**
 * `Y.mergeUpdates` in a worker thread (one, started on first use, never keeping the process
 * alive). Merging is pure CPU over bytes, so it moves to another thread whole: a 20 MB board's
 * merge would otherwise stall every room for its duration.
 */
export class OffThreadMerger {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (merged: Uint8Array) => void; reject: (err: Error) => void }>();

  async merge(updates: Uint8Array[]): Promise<Uint8Array> {
    const bytes = updates.reduce((sum, u) => sum + u.byteLength, 0);
    if (bytes < INLINE_MERGE_BYTES) return Y.mergeUpdates(updates);
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, updates });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(__dirname, 'merge-worker.cjs'));
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) waiter.resolve(reply.merged);
      else waiter.reject(new Error(`merging updates failed: ${reply.message}`));
    });
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`merge worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const waiter of this.pending.values()) waiter.reject(new Error('store closed'));
    this.pending.clear();
    await worker?.terminate();
  }
}
