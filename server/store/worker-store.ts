import path from 'node:path';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { encodeAppendBatch } from './append-batch';
import { compactInSteps, type CompactProgress } from './compact-steps';
import { ForegroundAppender } from './foreground-appender';
import { synchronousMode } from './sqlite-store';
import type { BoardRecord, CompactResult, Store } from './store';

type StoreMethod = keyof Store;
/**
 * Calls only the worker understands: appendUpdates as one transferred buffer (see
 * encodeAppendBatch), one step of a compaction, a write probe for /healthz, and the test hooks.
 */
type WorkerMethod = 'appendEncoded' | 'compactStep' | 'probe' | 'checkpoint' | 'testStall' | 'testCrash';

export interface StoreCall {
  id: number;
  method: StoreMethod | WorkerMethod;
  args: unknown[];
}

export type StoreReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { message: string; code?: string } };

export interface StoreHealth {
  /** `ok`: a worker is running; `restarting`: it died and a new one is on its way; `closed`: shut down. */
  state: 'ok' | 'restarting' | 'closed';
  /**
   * The latest probe write went through within PROBE_TIMEOUT_MS; the probe runs at most once per
   * PROBE_CACHE_MS, other calls reuse its answer. False unless the worker is running.
   */
  writable: boolean;
  restarts: number;
  inFlight: number;
  lastError: string | null;
}

export interface WorkerStoreOptions {
  /** A call unanswered this long means the worker is stuck; it is restarted. */
  callTimeoutMs?: number;
  log?: Logger;
  /** Group commits on the main thread when they can go there (see appendUpdates); default true. */
  foregroundAppends?: boolean;
}

/** Health answers are reused this long, so a /healthz flood is not a flood of writes. */
const PROBE_CACHE_MS = 1000;
/** A probe not answered this fast counts as "cannot write" (the worker is busy or stuck). */
const PROBE_TIMEOUT_MS = 2000;
const RESTART_BACKOFF_MS = [50, 200, 1000, 5000];
/**
 * Commits on the main thread this slow, SLOW_COMMITS_IN_A_ROW of them in a row (a disk under
 * pressure: each waits for it), or one VERY_SLOW_COMMIT_MS slow, send commits to the worker…
 * One slow commit alone is usually the thread having been descheduled on a busy machine, not
 * the disk.
 */
const SLOW_FOREGROUND_COMMIT_MS = 10;
const SLOW_COMMITS_IN_A_ROW = 3;
const VERY_SLOW_COMMIT_MS = 100;
/** …for this long, as does a commit that failed there. */
const FOREGROUND_PAUSE_MS = 10_000;
/**
 * A batch larger than this is committed by the worker even when the main thread could: a
 * commit's cost grows with its bytes, and one client's large pastes (or an attacker's 50 KB
 * updates, bench:abuse's big-doc) made batches of a megabyte that held the event loop 28 ms,
 * every other board waiting. A meeting's batch is a few kilobytes.
 */
const FOREGROUND_MAX_BATCH_BYTES = 64 * 1024;
/**
 * After this many commits on the main thread (whose connection neither moves the inbox nor
 * checkpoints), the worker does both (SqliteStore.checkpoint): about every 5 s at 25 commits a
 * second. A commit into the inbox writes a couple of WAL pages; the move writes an index page
 * per board once; SQLite's own default would checkpoint every 1,000 pages.
 */
const CHECKPOINT_EVERY_COMMITS = 128;

/**
 * Starts a worker whose isolate has no memory reducer. The reducer runs full, memory-reducing
 * garbage collections in a heap that looks idle, and the store's heap always looks idle
 * between commits: it ran a few in every 15 s of bench:rooms, each with its background marking
 * on V8's helper threads (docs/DECISIONS.md, issue 15). The store's heap is small and
 * steady, so what the reducer would give back is little. The flag is process-wide, read when
 * an isolate's heap is set up; it is turned off just for the worker's start and on again when
 * the worker is online, so nothing else started later (another worker) goes without.
 */
function withoutMemoryReducer(start: () => Worker): Worker {
  // Started with the reducer off for everything (an operator's choice): leave it so.
  const offAnyway = /--no-memory[-_]reducer/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
  const restore = () => {
    if (!offAnyway) v8.setFlagsFromString('--memory-reducer');
  };
  v8.setFlagsFromString('--no-memory-reducer');
  let worker: Worker;
  try {
    worker = start();
  } catch (err) {
    restore();
    throw err;
  }
  worker.once('online', restore);
  worker.once('exit', restore);
  return worker;
}

interface Waiter {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  sentAt: number;
  /** A call a commit on the main thread must not overtake: every call but a checkpoint. */
  ordered: boolean;
}

/**
 * The SQLite store, run in a worker thread. Same interface as SqliteStore; every call is a
 * message. Calls are answered in order, so an awaited append is visible to any later load.
 *
 * A worker that dies (crash, out of memory) or stops answering is replaced: the calls it held
 * fail (the persister keeps failed updates and retries them), calls made while no worker runs
 * fail at once, and the next worker opens the same database file, so nothing committed is lost.
 *
 * Group commits (appendUpdates) run on the main thread instead, on a connection of their own,
 * whenever that cannot change what the worker would have done: see appendUpdates.
 */
export class WorkerSqliteStore implements Store {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();
  private closing = false;
  private restarts = 0;
  private consecutiveFailures = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly watchdog: NodeJS.Timeout;
  private lastError: string | null = null;
  private lastProbe: { at: number; result: Promise<boolean> } | null = null;
  /** Test hook: keep the next restart away this long, so a test can act during the outage. */
  private testHoldDownMs = 0;
  private readonly callTimeoutMs: number;
  private readonly log: Logger | undefined;
  private readonly foregroundAppends: boolean;
  /** The main thread's connection for group commits; null until ready(), or when they go to the worker. */
  private appender: ForegroundAppender | null = null;
  /** Calls sent to the worker and not yet answered that a main-thread commit must not overtake. */
  private orderedInFlight = 0;
  /** Commits go to the worker until then (performance.now()), after a slow or failed one on the main thread. */
  private foregroundPausedUntil = 0;
  private foregroundCommits = 0;
  private slowCommitsInARow = 0;

  constructor(
    private readonly dataDir: string,
    options: WorkerStoreOptions = {},
  ) {
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.log = options.log;
    // With SQLITE_SYNCHRONOUS=FULL a commit waits for the disk (an fsync): never on the main thread.
    this.foregroundAppends = (options.foregroundAppends ?? true) && synchronousMode() === 'NORMAL';
    this.spawn();
    this.watchdog = setInterval(() => this.checkStuck(), Math.min(1000, this.callTimeoutMs));
    this.watchdog.unref();
  }

  private spawn(): void {
    const worker = withoutMemoryReducer(
      () =>
        new Worker(path.join(__dirname, 'sqlite-worker-entry.cjs'), {
          workerData: { dataDir: this.dataDir },
          // Not this process's loader flags (`--import tsx` under `npm run dev`): the entry
          // registers tsx for itself, and `--import tsx` gave the worker a module loader thread
          // of its own, an isolate that only collected garbage.
          execArgv: [],
        }),
    );
    this.worker = worker;
    worker.on('message', (reply: StoreReply) => {
      if (this.worker !== worker) return;
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (waiter.ordered) this.orderedInFlight -= 1;
      this.consecutiveFailures = 0;
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    worker.on('error', (err) => this.onWorkerGone(worker, err));
    worker.on('exit', (code) => this.onWorkerGone(worker, new Error(`store worker exited with code ${code}`)));
  }

  private onWorkerGone(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.lastProbe = null;
    const failure = Object.assign(new Error(`store unavailable: ${err.message}`), { code: 'STORE_UNAVAILABLE' });
    for (const waiter of this.pending.values()) waiter.reject(failure);
    this.pending.clear();
    this.orderedInFlight = 0;
    if (this.closing) return;
    this.lastError = err.message;
    const delay = Math.max(this.testHoldDownMs, RESTART_BACKOFF_MS[Math.min(this.consecutiveFailures, RESTART_BACKOFF_MS.length - 1)]);
    this.testHoldDownMs = 0;
    this.consecutiveFailures += 1;
    this.log?.error({ err, restartInMs: delay }, 'store worker died; restarting it');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.closing) return;
      this.restarts += 1;
      this.spawn();
      this.log?.info({ restarts: this.restarts }, 'store worker restarted');
    }, delay);
  }

  /** A worker that holds a call far longer than any real one takes is stuck: replace it. */
  private checkStuck(): void {
    if (!this.worker) return;
    const now = Date.now();
    for (const waiter of this.pending.values()) {
      if (now - waiter.sentAt > this.callTimeoutMs) {
        this.log?.error({ timeoutMs: this.callTimeoutMs }, 'store worker stopped answering; terminating it');
        const worker = this.worker;
        this.onWorkerGone(worker, new Error(`no answer in ${this.callTimeoutMs} ms`));
        void worker.terminate().catch(() => undefined);
        return;
      }
    }
  }

  private call<T>(method: StoreMethod | WorkerMethod, ...args: unknown[]): Promise<T> {
    return this.post<T>(method, args, []);
  }

  /** A call whose `transfer` buffers move to the worker instead of being copied (the caller lets go of them). */
  private post<T>(method: StoreMethod | WorkerMethod, args: unknown[], transfer: ArrayBuffer[]): Promise<T> {
    const worker = this.worker;
    if (!worker) {
      const reason = this.closing ? 'store closed' : 'store unavailable: its worker is restarting';
      return Promise.reject(Object.assign(new Error(reason), { code: 'STORE_UNAVAILABLE' }));
    }
    const id = this.nextId++;
    const ordered = method !== 'checkpoint';
    return new Promise<T>((resolve, reject) => {
      // Counted once sent: a call that cannot be sent (an argument that cannot be cloned) must
      // not leave main-thread commits waiting for its answer.
      worker.postMessage({ id, method, args } satisfies StoreCall, transfer);
      if (ordered) this.orderedInFlight += 1;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, sentAt: Date.now(), ordered });
    });
  }

  /** Resolves once the worker has opened the database (and created the schema), and the main thread's commit connection too. */
  async ready(): Promise<void> {
    await this.call<null>('getBoard', '__ready__');
    if (!this.foregroundAppends || this.appender || this.closing) return;
    try {
      this.appender = new ForegroundAppender(this.dataDir);
    } catch (err) {
      // Commits then all go to the worker, as they did before there was this connection.
      this.log?.warn({ err }, "could not open the main thread's commit connection; commits go to the store worker");
    }
  }

  /**
   * Whether the store can write now, found by writing (a one-row upsert), so a full disk or a
   * read-only file shows as well as a dead or stuck worker.
   */
  async health(): Promise<StoreHealth> {
    const state: StoreHealth['state'] = this.closing ? 'closed' : this.worker ? 'ok' : 'restarting';
    let writable = false;
    if (state === 'ok') {
      const now = Date.now();
      if (!this.lastProbe || now - this.lastProbe.at > PROBE_CACHE_MS) this.lastProbe = { at: now, result: this.probe() };
      writable = await this.lastProbe.result;
    }
    return { state, writable, restarts: this.restarts, inFlight: this.pending.size, lastError: this.lastError };
  }

  private probe(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
    const answer = this.call('probe').then(
      () => true,
      (err: Error) => {
        this.lastError = err.message;
        return false;
      },
    );
    return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
  }

  /** Test hook: the worker throws outside any call, as a real crash would; the restart waits at least `holdDownMs`. */
  async crashWorkerForTest(holdDownMs = 0): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.testHoldDownMs = holdDownMs;
    const gone = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ id: 0, method: 'testCrash', args: [] } satisfies StoreCall);
    await gone;
  }

  /** Test hook: the worker blocks for `ms`, as a stuck disk would make it. */
  stallWorkerForTest(ms: number): Promise<void> {
    return this.call('testStall', ms);
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
  /**
   * A group commit. It runs right here on the main thread's own connection (ForegroundAppender)
   * when that changes nothing but the cost: the worker is up (a store whose worker is down
   * refuses appends, as /healthz says), no call sent to the worker is unanswered (so a commit
   * never overtakes one: a snapshot that replaces a board's rows must not delete a later
   * update), the worker's connection is not writing (else SQLite says busy at once), and
   * commits here have been fast and have not failed lately. Otherwise it goes to the worker as
   * before, which waits for the lock and reports its own errors.
   */
  async appendUpdates(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): Promise<void> {
    if (batch.length === 0) return;
    if (
      this.appender &&
      this.worker &&
      this.orderedInFlight === 0 &&
      performance.now() >= this.foregroundPausedUntil &&
      // A row that is not bytes is the worker path's to refuse (encodeAppendBatch), not a failed commit here.
      batch.every((row) => row.update instanceof Uint8Array) &&
      batch.reduce((bytes, row) => bytes + row.update.byteLength, 0) <= FOREGROUND_MAX_BATCH_BYTES
    ) {
      if (this.appendInForeground(this.appender, batch)) return;
    }
    // Encoded here, so a row that is not bytes is refused before anything is sent (a rejection, as the store's own refusal would be).
    const encoded = encodeAppendBatch(batch);
    return this.post('appendEncoded', [encoded], [encoded.buffer as ArrayBuffer]);
  }
  /** True when the batch is stored; false when it is the worker's to store (nothing was written). */
  private appendInForeground(appender: ForegroundAppender, batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): boolean {
    const started = performance.now();
    let stored: boolean;
    try {
      stored = appender.tryAppend(batch);
    } catch (err) {
      this.pauseForeground({ err }, 'a commit on the main thread failed; the store worker takes commits for a while');
      return false;
    }
    const tookMs = performance.now() - started;
    this.slowCommitsInARow = tookMs > SLOW_FOREGROUND_COMMIT_MS ? this.slowCommitsInARow + 1 : 0;
    if (this.slowCommitsInARow >= SLOW_COMMITS_IN_A_ROW || tookMs > VERY_SLOW_COMMIT_MS) {
      this.slowCommitsInARow = 0;
      this.pauseForeground(
        { tookMs: Math.round(tookMs) },
        'commits on the main thread were slow; the store worker takes commits for a while',
      );
    }
    if (stored && ++this.foregroundCommits % CHECKPOINT_EVERY_COMMITS === 0) {
      this.call('checkpoint').catch((err: Error) => this.log?.warn({ err }, 'WAL checkpoint failed'));
    }
    return stored;
  }

  private pauseForeground(details: Record<string, unknown>, message: string): void {
    // Logged once per pause, so a full disk is one line per FOREGROUND_PAUSE_MS, not one per commit.
    this.log?.warn({ ...details, pauseMs: FOREGROUND_PAUSE_MS }, message);
    this.foregroundPausedUntil = performance.now() + FOREGROUND_PAUSE_MS;
  }

  replaceWithSnapshot(boardId: string, snapshot: Uint8Array): Promise<void> {
    return this.call('replaceWithSnapshot', boardId, snapshot);
  }
  /** In steps, each a call of its own (see SqliteStore.compactStep): appends are answered between them. */
  compact(boardId: string): Promise<CompactResult> {
    return compactInSteps((progress) => this.call<CompactProgress>('compactStep', boardId, progress));
  }
  getControlState(boardId: string, name: string): Promise<unknown | null> {
    return this.call('getControlState', boardId, name);
  }
  setControlState(boardId: string, name: string, value: unknown | null): Promise<void> {
    return this.call('setControlState', boardId, name, value);
  }
  async close(): Promise<void> {
    if (this.closing) return;
    clearInterval(this.watchdog);
    // First, so the worker's connection is the last one and its close checkpoints the WAL.
    this.appender?.close();
    this.appender = null;
    const worker = this.worker;
    if (!worker) {
      this.closing = true;
      if (this.restartTimer) clearTimeout(this.restartTimer);
      return;
    }
    // Closing the database checkpoints the WAL; a stuck worker must not hold shutdown for ever.
    let timer: NodeJS.Timeout | undefined;
    const closed = this.call('close');
    this.closing = true;
    await Promise.race([closed.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    await worker.terminate().catch(() => undefined);
  }
}
