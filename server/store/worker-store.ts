import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BoardRecord, Store } from './store';

type StoreMethod = keyof Store;

export interface StoreCall {
  id: number;
  method: StoreMethod;
  args: unknown[];
}

export type StoreReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { message: string; code?: string } };

/**
 * The SQLite store, run in a worker thread. Same interface as SqliteStore; every call is a
 * message. Calls are answered in order, so an awaited append is visible to any later load.
 */
export class WorkerSqliteStore implements Store {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failed: Error | null = null;

  constructor(dataDir: string) {
    this.worker = new Worker(path.join(__dirname, 'sqlite-worker-entry.cjs'), { workerData: { dataDir } });
    this.worker.on('message', (reply: StoreReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => {
      if (this.pending.size > 0) this.failAll(new Error(`store worker exited with code ${code}`));
    });
  }

  private failAll(err: Error): void {
    this.failed = err;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }

  private call<T>(method: StoreMethod, ...args: unknown[]): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args } satisfies StoreCall);
    });
  }

  /** Resolves once the worker has opened the database (and created the schema). */
  ready(): Promise<void> {
    return this.call<null>('getBoard', '__ready__').then(() => undefined);
  }

  createBoard(board: BoardRecord, initialUpdate: Uint8Array): Promise<void> {
    return this.call('createBoard', board, initialUpdate);
  }
  getBoard(id: string): Promise<BoardRecord | null> {
    return this.call('getBoard', id);
  }
  loadUpdates(boardId: string): Promise<Uint8Array[]> {
    return this.call('loadUpdates', boardId);
  }
  appendUpdates(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): Promise<void> {
    return this.call('appendUpdates', batch);
  }
  replaceWithSnapshot(boardId: string, snapshot: Uint8Array): Promise<void> {
    return this.call('replaceWithSnapshot', boardId, snapshot);
  }
  getControlState(boardId: string, name: string): Promise<unknown | null> {
    return this.call('getControlState', boardId, name);
  }
  setControlState(boardId: string, name: string, value: unknown | null): Promise<void> {
    return this.call('setControlState', boardId, name, value);
  }
  async close(): Promise<void> {
    if (this.failed) return;
    await this.call('close');
    await this.worker.terminate().catch(() => undefined);
  }
}
