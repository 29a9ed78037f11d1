import pg from 'pg';
import type { Logger } from '../log';
import { boardFromRow } from './board-row';
import { PgAttachmentStore } from './pg-attachment-store';
import { importBoard, listBoardIds, listControlStateNames, type BoardImport } from './pg-import';
import { migrate } from './pg-migrations';
import { inTransaction } from './pg-transaction';
import { OffThreadMerger } from './off-thread-merge';
import type { BoardRecord, CompactResult, MonitoredStore, StoreStatus } from './store';

export interface PgStoreOptions {
  /** Connections in the pool (per node). */
  poolSize?: number;
  /** A statement running longer is cancelled by the server (`statement_timeout`). */
  statementTimeoutMs?: number;
  /** How long start-up keeps trying to reach the database before it gives up. */
  connectTimeoutMs?: number;
  /** Names this node's health-probe row. */
  nodeId?: string;
  log?: Logger;
}

export interface PgHealth extends StoreStatus {
  kind: 'postgres';
  state: 'ok' | 'unreachable' | 'closed';
  /** Round trip of the latest probe write, ms (null when it failed). */
  latencyMs: number | null;
  pool: { total: number; idle: number; waiting: number };
  lastError: string | null;
}

/** Health answers are reused this long, so a /healthz flood is not a flood of writes. */
const PROBE_CACHE_MS = 1000;
/** A probe not answered this fast counts as "cannot write". */
const PROBE_TIMEOUT_MS = 2000;
const CONNECT_RETRY_MS = 250;

/** node-postgres returns bytea as Buffer; the Store hands out plain Uint8Arrays, as SQLite's does. */
function toBytes(value: Buffer): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** The URL without its password, for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a valid URL)';
  }
}

/** Rolled back: some rows a compaction merged were gone when it came to delete them. */
class CompactionRaced extends Error {}
/** A compaction that keeps meeting another node's (a node compacts only its loaded boards) gives up. */
const COMPACT_ATTEMPTS = 3;

/** Two-key advisory locks: this class id keeps the store's per-board locks apart from others'. */
const BOARD_LOCK_CLASS = 0x5245;

/**
 * The PostgreSQL store (DATABASE_URL): the same behaviour as the SQLite store, shared by every
 * node of a cluster. Each call is a statement or a short transaction on a pooled connection;
 * nothing blocks the event loop but (de)serialising rows. Compaction merges in a worker thread.
 *
 * Unlike the SQLite worker, calls are not answered in order across connections: an awaited
 * append is committed before its promise resolves, so any later load sees it, which is the
 * order the server relies on. The one exception is a snapshot (see replaceWithSnapshot).
 */
export class PgStore implements MonitoredStore {
  private readonly merger = new OffThreadMerger();
  private lastProbe: { at: number; result: Promise<{ ok: boolean; latencyMs: number | null }> } | null = null;
  private lastError: string | null = null;
  private closed = false;
  /** Per board, the latest replaceWithSnapshot not yet committed (settled: removed). */
  private readonly replacing = new Map<string, Promise<void>>();
  /** Uploaded images, in the same database (see PgAttachmentStore). */
  readonly attachments: PgAttachmentStore;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly nodeId: string,
    private readonly log: Logger | undefined,
  ) {
    this.attachments = new PgAttachmentStore(pool);
  }

  /**
   * Connects, migrates and answers once the database is usable. A database that cannot be
   * reached within `connectTimeoutMs` is a clear start-up error naming it (without password).
   */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      // A transaction left open by a bug must not hold its locks for ever.
      idle_in_transaction_session_timeout: 60_000,
      connectionTimeoutMillis: 5000,
      application_name: `refinery ${options.nodeId ?? ''}`.trim(),
    });
    // An idle connection the server dropped (restart, failover) is replaced on next use.
    pool.on('error', (err) => options.log?.warn({ err }, 'idle database connection lost'));
    const store = new PgStore(pool, options.nodeId ?? 'node', options.log);
    try {
      await store.waitForDatabase(url, options.connectTimeoutMs ?? 10_000);
      const result = await migrate(pool, options.log);
      options.log?.info({ database: redactUrl(url), schemaVersion: result.version, applied: result.applied }, 'database ready');
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    return store;
  }

  private async waitForDatabase(url: string, timeoutMs: number): Promise<void> {
    const started = Date.now();
    for (;;) {
      try {
        await this.pool.query('SELECT 1');
        return;
      } catch (err) {
        const reason = (err as Error).message || (err as { code?: string }).code || String(err);
        if (Date.now() - started >= timeoutMs) {
          throw new Error(`cannot reach the database at ${redactUrl(url)} (DATABASE_URL) after ${timeoutMs} ms: ${reason}`, { cause: err });
        }
        this.log?.warn({ reason }, 'database not reachable yet; retrying');
        await new Promise((r) => setTimeout(r, CONNECT_RETRY_MS));
      }
    }
  }

  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  /** Serialises replacing a board's rows with a snapshot across every node. */
  private lockBoard(client: pg.PoolClient, boardId: string): Promise<unknown> {
    return client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BOARD_LOCK_CLASS, boardId]);
  }

  async createBoard(board: BoardRecord, initialUpdate: Uint8Array): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        'INSERT INTO boards (id, title, created_at, facilitator_hash, participant_hash, spectator_hash) VALUES ($1, $2, $3, $4, $5, $6)',
        [board.id, board.title, board.createdAt, board.keyHashes.facilitator, board.keyHashes.participant, board.keyHashes.spectator],
      );
      await client.query('INSERT INTO updates (board_id, data) VALUES ($1, $2)', [board.id, Buffer.from(initialUpdate)]);
    });
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const { rows } = await this.pool.query('SELECT * FROM boards WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return null;
    return boardFromRow(row);
  }

  async loadUpdates(boardId: string): Promise<Uint8Array[]> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM updates WHERE board_id = $1 ORDER BY seq', [boardId]);
    return rows.map((row) => toBytes(row.data));
  }

  /**
   * One statement, so one atomic commit for the whole batch (the group commit). A batch naming
   * a board whose snapshot is still being written waits for it (the whole batch, to stay one
   * commit): the snapshot would delete it otherwise.
   */
  async appendUpdates(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): Promise<void> {
    if (batch.length === 0) return;
    const snapshots = new Set<Promise<void>>();
    for (const { boardId } of batch) {
      const pending = this.replacing.get(boardId);
      if (pending) snapshots.add(pending);
    }
    // Its failure is the replace's caller's to hear; the append goes ahead either way.
    if (snapshots.size > 0) await Promise.allSettled(snapshots);
    await this.pool.query(
      `INSERT INTO updates (board_id, data)
       SELECT board_id, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS batch(board_id, data, n) ORDER BY n`,
      [batch.map((u) => u.boardId), batch.map((u) => Buffer.from(u.update.buffer, u.update.byteOffset, u.update.byteLength))],
    );
  }

  /**
   * The caller encodes the snapshot from its doc just before this call, so it holds every update
   * appended before the call, and none appended after it. Those later appends must outlive the
   * DELETE, yet on another pooled connection one could commit before it (a client joining a
   * board while it unloads): so they wait until this commits (appendUpdates), as they would
   * behind the SQLite worker. Registered before the first await, so an append called at any
   * point after this one sees it. A second snapshot of the board waits for the first, for the
   * same reason. Only this process's appends are ordered: snapshots are taken only when one
   * node runs (no Redis, see RoomRegistry.unloadWhenIdle); a cluster compacts instead.
   */
  replaceWithSnapshot(boardId: string, snapshot: Uint8Array): Promise<void> {
    const earlier = this.replacing.get(boardId);
    const replaced = (async () => {
      if (earlier) await earlier.catch(() => undefined);
      await this.transaction(async (client) => {
        await this.lockBoard(client, boardId);
        await client.query('DELETE FROM updates WHERE board_id = $1', [boardId]);
        await client.query('INSERT INTO updates (board_id, data) VALUES ($1, $2)', [boardId, Buffer.from(snapshot)]);
      });
    })();
    this.replacing.set(boardId, replaced);
    const forget = () => {
      if (this.replacing.get(boardId) === replaced) this.replacing.delete(boardId);
    };
    replaced.then(forget, forget);
    return replaced;
  }

  /**
   * Merges a board's rows into one without holding a transaction while the merge runs (in a
   * worker for big boards, see OffThreadMerger): read the rows, merge, then in one short
   * transaction delete exactly those rows (by seq, never "all up to the highest": another
   * node's append with a lower seq may commit meanwhile, and must stay) and insert the merge.
   * If some of them are gone by then (another node compacted or replaced the board), nothing is
   * written and the merge starts again from what is stored now.
   */
  async compact(boardId: string): Promise<CompactResult> {
    for (let attempt = 1; ; attempt++) {
      const { rows } = await this.pool.query<{ seq: string; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE board_id = $1 ORDER BY seq',
        [boardId],
      );
      if (rows.length === 0) return { before: 0, bytes: 0 };
      if (rows.length === 1) return { before: 1, bytes: rows[0].data.byteLength };
      const merged = await this.merger.merge(rows.map((row) => toBytes(row.data)));
      const replaced = await this.transaction(async (client) => {
        const removed = await client.query('DELETE FROM updates WHERE seq = ANY($1::bigint[])', [rows.map((row) => row.seq)]);
        if (removed.rowCount !== rows.length) throw new CompactionRaced();
        await client.query('INSERT INTO updates (board_id, data) VALUES ($1, $2)', [
          boardId,
          Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength),
        ]);
        return true;
      }).catch((err: unknown) => {
        if (err instanceof CompactionRaced) return false;
        throw err;
      });
      if (replaced) return { before: rows.length, bytes: merged.byteLength };
      if (attempt >= COMPACT_ATTEMPTS)
        throw new Error(`compaction of ${boardId} lost the race ${attempt} times; its rows stay as they are`);
    }
  }

  async getControlState(boardId: string, name: string): Promise<unknown | null> {
    const { rows } = await this.pool.query('SELECT value FROM control_state WHERE board_id = $1 AND name = $2', [boardId, name]);
    return rows[0] ? rows[0].value : null;
  }

  async setControlState(boardId: string, name: string, value: unknown | null): Promise<void> {
    if (value === null) {
      await this.pool.query('DELETE FROM control_state WHERE board_id = $1 AND name = $2', [boardId, name]);
      return;
    }
    // Stringified here: node-postgres would send a top-level array as a PostgreSQL array.
    await this.pool.query(
      'INSERT INTO control_state (board_id, name, value) VALUES ($1, $2, $3::jsonb) ON CONFLICT (board_id, name) DO UPDATE SET value = excluded.value',
      [boardId, name, JSON.stringify(value)],
    );
  }

  /** `npm run migrate`: a whole board in one transaction (see pg-import.ts). */
  importBoard(data: BoardImport): Promise<void> {
    return importBoard(this.pool, data);
  }
  listBoardIds(): Promise<string[]> {
    return listBoardIds(this.pool);
  }
  listControlStateNames(boardId: string): Promise<string[]> {
    return listControlStateNames(this.pool, boardId);
  }

  /** Whether a write reaches the database now (this node's probe row), and how long it took. */
  async health(): Promise<PgHealth> {
    const pool = { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
    if (this.closed) return { kind: 'postgres', state: 'closed', writable: false, latencyMs: null, pool, lastError: this.lastError };
    const now = Date.now();
    if (!this.lastProbe || now - this.lastProbe.at > PROBE_CACHE_MS) this.lastProbe = { at: now, result: this.probe() };
    const { ok, latencyMs } = await this.lastProbe.result;
    return { kind: 'postgres', state: ok ? 'ok' : 'unreachable', writable: ok, latencyMs, pool, lastError: this.lastError };
  }

  private probe(): Promise<{ ok: boolean; latencyMs: number | null }> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ ok: boolean; latencyMs: null }>((resolve) => {
      timer = setTimeout(() => {
        this.lastError = `no answer in ${PROBE_TIMEOUT_MS} ms`;
        resolve({ ok: false, latencyMs: null });
      }, PROBE_TIMEOUT_MS);
    });
    const answer = this.pool
      .query('INSERT INTO health_probe (node_id, at) VALUES ($1, $2) ON CONFLICT (node_id) DO UPDATE SET at = excluded.at', [
        this.nodeId,
        Date.now(),
      ])
      .then(
        () => ({ ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 }),
        (err: Error) => {
          this.lastError = err.message;
          return { ok: false, latencyMs: null };
        },
      );
    return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.merger.close();
    await this.pool.end();
  }
}
