import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import * as Y from 'yjs';
import { boardFromRow } from './board-row';
import { compactInSteps, type CompactProgress } from './compact-steps';
import type { BoardRecord, CompactResult, Store } from './store';

type Row = Record<string, unknown>;

/** Rows one INSERT statement of a group commit holds at most (CommitStatements.append). */
const MULTI_ROW_INSERT = 32;

/** This connection's own group commits between two absorbInbox (the worker's, when the main thread's connection does not take them). */
const ABSORB_EVERY = 128;

/** Rows one compaction step merges at most: Y.mergeUpdates costs more than linear time in their number. */
const COMPACT_STEP_ROWS = 256;
/** Bytes one step merges at most (unless two rows alone are more), so a step of large rows stays short too. */
const COMPACT_STEP_BYTES = 4 * 1024 * 1024;

/** A Buffer over the same bytes (libsql binds Buffers as BLOBs); no copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** libsql returns BLOBs as Buffer from get() and as ArrayBuffer from all(). */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new Error('expected a BLOB column');
}

/** The database file of a store in `dataDir`. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'refinery.db');
}

/** The busy_timeout pragma's value: whole milliseconds, 5 s unless given (a value that is not a number is not given). */
function busyTimeoutPragma(ms: number | undefined): number {
  return ms !== undefined && Number.isFinite(ms) ? Math.max(0, Math.floor(ms)) : 5000;
}

/** SQLITE_SYNCHRONOUS=FULL survives power loss too, at an fsync per commit (see SqliteStore). */
export function synchronousMode(): 'FULL' | 'NORMAL' {
  return process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL';
}

/**
 * The statements of every group commit on one connection, prepared once: preparing (and libsql's
 * transaction() wrapper, which builds its closures) cost more than the few rows a commit inserts.
 *
 * Every write is in an IMMEDIATE transaction whose BEGIN, COMMIT and ROLLBACK run through
 * `exec`, never as a statement kept prepared, and nothing writes outside one. libsql 0.5 leaves
 * a statement that failed with SQLITE_BUSY in progress until it is run again or garbage-collected
 * (tursodatabase/libsql-client-ts#352), and while it is, SQLite commits none of the connection's
 * later writes: they are acknowledged, no other connection sees them, and this connection keeps
 * the write lock, so every other writer fails "database is locked" (an e2e run's server did, in
 * stop 31: docs/DECISIONS.md, "A refused write that held the lock"). `exec` finalizes what it
 * ran, failed or not. In a write, BEGIN IMMEDIATE is the statement that waits for the lock, so
 * a refusal ends with nothing left open, and once it has the lock nothing after it is refused
 * for the lock; a read takes its snapshot the same way (read()). Parsing BEGIN and COMMIT costs
 * a few microseconds a commit.
 *
 * A group commit goes to the `inbox` table, not to `updates`: `updates` is indexed by board,
 * and a commit of one update each from 8 boards wrote 8 index pages besides the table's (about
 * 13 WAL frames, ~450 µs of CPU per commit measured alone, against ~250 µs into a table with
 * no index). The store's worker moves the inbox into `updates` now and then
 * (SqliteStore.absorbInbox): one transaction per ~128 commits, each index page written once.
 *
 * Rows go in by INSERT statements of up to MULTI_ROW_INSERT rows each, a row of values per
 * update: one call instead of a call per row.
 */
export class CommitStatements {
  readonly insertUpdate: Database.Statement;
  /** `INSERT INTO inbox` of n rows, at index n - 1, prepared when first needed. */
  private readonly insertInbox: Database.Statement[] = [];

  constructor(private readonly db: Database.Database) {
    this.insertUpdate = db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)');
  }

  /** Runs `work` in one IMMEDIATE transaction, rolled back if it throws (see the class comment). */
  immediate<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      // SQLite may have rolled back already (a full disk does); a second ROLLBACK would throw
      // and hide the first error.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /**
   * Runs `work` in one read transaction whose snapshot is taken through `exec` (a one-row read
   * of the schema): a read refused for a lock (SQLITE_BUSY while another connection recovers the
   * WAL) then leaves no statement in progress that would pin an old snapshot, under which this
   * connection's next BEGIN IMMEDIATE would fail. The reads in `work` run on that snapshot and
   * ask for no lock.
   */
  read<T>(work: () => T): T {
    this.db.exec('BEGIN');
    try {
      this.db.exec('SELECT 1 FROM sqlite_schema LIMIT 1');
      return work();
    } finally {
      if (this.db.inTransaction) this.db.exec('COMMIT');
    }
  }

  /** Appends a batch of updates in one transaction, to the inbox. */
  append(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): void {
    this.immediate(() => {
      for (let i = 0; i < batch.length; i += MULTI_ROW_INSERT) this.insertRows(batch.slice(i, i + MULTI_ROW_INSERT));
    });
  }

  /** One INSERT of 1 to MULTI_ROW_INSERT rows. */
  private insertRows(rows: ReadonlyArray<{ boardId: string; update: Uint8Array }>): void {
    const values: unknown[] = new Array(rows.length * 2);
    for (let i = 0; i < rows.length; i++) {
      values[2 * i] = rows[i].boardId;
      values[2 * i + 1] = asBuffer(rows[i].update);
    }
    this.insertInbox[rows.length - 1] ??= this.db.prepare(
      `INSERT INTO inbox (board_id, data) VALUES ${Array(rows.length).fill('(?, ?)').join(', ')}`,
    );
    this.insertInbox[rows.length - 1].run(values);
  }
}

/**
 * The embedded default store: one SQLite file in WAL mode. `synchronous=NORMAL` survives a
 * killed process (the WAL is in the OS page cache); FULL would also survive power loss at the
 * cost of an fsync per group commit — set SQLITE_SYNCHRONOUS=FULL for that.
 *
 * Write transactions begin IMMEDIATE: a deferred one that reads first (compact) and then writes
 * fails with SQLITE_BUSY_SNAPSHOT, busy_timeout or not, when another connection wrote in between
 * — a replaced worker still finishing its write, a second process on the same folder (the store
 * contract suite found it with two stores on one file).
 */
export class SqliteStore implements Store {
  private db: Database.Database;
  private readonly statements: CommitStatements;

  /** `busyTimeoutMs`: how long a write waits for another connection's write lock before it fails SQLITE_BUSY. */
  constructor(dataDir: string, options: { busyTimeoutMs?: number } = {}) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(databaseFile(dataDir));
    this.db.exec(
      `PRAGMA journal_mode=WAL; PRAGMA synchronous=${synchronousMode()}; PRAGMA busy_timeout=${busyTimeoutPragma(options.busyTimeoutMs)};`,
    );
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS boards (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        facilitator_hash TEXT NOT NULL,
        participant_hash TEXT NOT NULL,
        spectator_hash TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        board_id TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS updates_by_board ON updates(board_id, seq);
      -- Group commits land here first (CommitStatements); every row of a board here is newer
      -- than all of its rows in updates, and absorbInbox moves them there in order.
      CREATE TABLE IF NOT EXISTS inbox (
        board_id TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE TABLE IF NOT EXISTS health_probe (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS control_state (
        board_id TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (board_id, name)
      );
    `);
    this.statements = new CommitStatements(this.db);
    this.inboxStatements = {
      move: this.db.prepare('INSERT INTO updates (board_id, data) SELECT board_id, data FROM inbox ORDER BY rowid'),
      clear: this.db.prepare('DELETE FROM inbox'),
      load: this.db.prepare('SELECT data FROM inbox WHERE board_id = ? ORDER BY rowid'),
      removeBoard: this.db.prepare('DELETE FROM inbox WHERE board_id = ?'),
    };
    // What a process killed before its worker absorbed it left behind.
    this.tryAbsorbInbox();
  }

  private readonly inboxStatements: Record<'move' | 'clear' | 'load' | 'removeBoard', Database.Statement>;
  /** Group commits this connection made since it last absorbed the inbox. */
  private appendsSinceAbsorb = 0;

  /**
   * Moves every row of the inbox to the end of `updates`, in the order they were committed, in
   * one transaction. Runs when the inbox's writer asks (checkpoint), every ABSORB_EVERY commits
   * of this connection's own, before a compaction and at open.
   */
  private absorbInbox(): void {
    this.appendsSinceAbsorb = 0;
    this.immediate(() => {
      if (this.inboxStatements.move.run().changes > 0) this.inboxStatements.clear.run();
    });
  }

  /**
   * absorbInbox where it is only housekeeping (at open and close, after this connection's own
   * commits): loads read the inbox as well, so a failure (a full disk, a lock held elsewhere
   * past busy_timeout) must not fail the open or an append whose rows are already committed;
   * the next absorb takes the rows. Before a compaction it must succeed, and a checkpoint's
   * caller logs its failure.
   */
  private tryAbsorbInbox(): void {
    try {
      this.absorbInbox();
    } catch {
      // Left for the next absorb; nothing is lost.
    }
  }

  /** Runs `work` in one IMMEDIATE transaction (see the class comment), rolled back if it throws. */
  private immediate<T>(work: () => T): T {
    return this.statements.immediate(work);
  }

  async createBoard(board: BoardRecord, initialUpdate: Uint8Array): Promise<void> {
    const insertBoard = this.db.prepare(
      'INSERT INTO boards (id, title, created_at, facilitator_hash, participant_hash, spectator_hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.immediate(() => {
      insertBoard.run([
        board.id,
        board.title,
        board.createdAt,
        board.keyHashes.facilitator,
        board.keyHashes.participant,
        board.keyHashes.spectator,
      ]);
      this.statements.insertUpdate.run([board.id, asBuffer(initialUpdate)]);
    });
  }

  async getBoard(id: string): Promise<BoardRecord | null> {
    const select = this.db.prepare('SELECT * FROM boards WHERE id = ?');
    const row = this.statements.read(() => select.get([id]) as Row | undefined);
    if (!row) return null;
    return boardFromRow(row);
  }

  async loadUpdates(boardId: string): Promise<Uint8Array[]> {
    // One read transaction, so both tables are read at one moment: another store on the same
    // file (a replaced worker, a second process) may absorb the inbox in between.
    const stored = this.db.prepare('SELECT data FROM updates WHERE board_id = ? ORDER BY seq');
    return this.statements.read(() => {
      const rows = [...(stored.all([boardId]) as Row[]), ...(this.inboxStatements.load.all([boardId]) as Row[])];
      return rows.map((row) => toBytes(row.data));
    });
  }

  async appendUpdates(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): Promise<void> {
    if (batch.length === 0) return;
    this.statements.append(batch);
    if (++this.appendsSinceAbsorb >= ABSORB_EVERY) this.tryAbsorbInbox();
  }

  async replaceWithSnapshot(boardId: string, snapshot: Uint8Array): Promise<void> {
    const remove = this.db.prepare('DELETE FROM updates WHERE board_id = ?');
    this.immediate(() => {
      remove.run([boardId]);
      this.inboxStatements.removeBoard.run([boardId]);
      this.statements.insertUpdate.run([boardId, asBuffer(snapshot)]);
    });
  }

  /** Merges every row of the board into one, a bounded step at a time (see compactStep). */
  async compact(boardId: string): Promise<CompactResult> {
    return compactInSteps((progress) => this.compactStep(boardId, progress));
  }

  /**
   * One step of a compaction, in one transaction: merges the next run of at most
   * COMPACT_STEP_ROWS rows (and COMPACT_STEP_BYTES) after `progress.afterSeq` into the first of
   * them, in place, so the board's rows keep their order. When a pass reaches `upToSeq` the
   * next one starts again from the board's first row, until one row is left: a few passes, each
   * merging COMPACT_STEP_ROWS times fewer rows. Rows appended after the first step (later seqs)
   * are never touched, and every step leaves rows that load as the same doc, so a compaction
   * cut short (a crash, a restart) loses nothing and is merely less compact.
   *
   * Merging all of a board's rows in one go took 45 s at 20,000 rows (Y.mergeUpdates grows
   * faster than linearly in the number of updates), longer than the worker's call timeout,
   * and every append waited behind it; a step takes what merging COMPACT_STEP_ROWS rows takes.
   */
  compactStep(boardId: string, progress: CompactProgress | null): CompactProgress {
    const { span, sizes, data, setData, removeAfter } = this.compactStatements();
    // Every row stored when the compaction begins is in it, those still in the inbox too.
    if (progress === null) this.absorbInbox();
    return this.immediate((): CompactProgress => {
      const upToSeq = progress?.upToSeq ?? Number.MAX_SAFE_INTEGER;
      const { count, last } = span.get([boardId, upToSeq]) as { count: number; last: number | null };
      const before = progress?.before ?? count;
      if (count <= 1) {
        const only = sizes.get([boardId, -1, upToSeq, 1]) as { seq: number; size: number } | undefined;
        return { upToSeq, before, afterSeq: -1, done: true, bytes: only ? Number(only.size) : 0 };
      }
      const bounds = progress ?? { upToSeq: Number(last), afterSeq: -1 };
      // A pass that reached upToSeq starts over from the first row (count > 1: it has two).
      const chunk = this.compactChunk(boardId, bounds.afterSeq, bounds.upToSeq) ?? this.compactChunk(boardId, -1, bounds.upToSeq)!;
      const rows = data.all([boardId, chunk.first, chunk.last]) as Row[];
      const merged = Y.mergeUpdates(rows.map((row) => toBytes(row.data)));
      setData.run([asBuffer(merged), chunk.first]);
      removeAfter.run([boardId, chunk.first, chunk.last]);
      return { upToSeq: bounds.upToSeq, before, afterSeq: chunk.first, done: rows.length === count, bytes: merged.byteLength };
    });
  }

  /** The seqs of the next run of rows to merge after `afterSeq`, or null if fewer than two are left. */
  private compactChunk(boardId: string, afterSeq: number, upToSeq: number): { first: number; last: number } | null {
    const rows = this.compactStatements().sizes.all([boardId, afterSeq, upToSeq, COMPACT_STEP_ROWS]) as Row[];
    if (rows.length < 2) return null;
    let end = 2;
    let bytes = Number(rows[0].size) + Number(rows[1].size);
    while (end < rows.length && bytes + Number(rows[end].size) <= COMPACT_STEP_BYTES) bytes += Number(rows[end++].size);
    return { first: Number(rows[0].seq), last: Number(rows[end - 1].seq) };
  }

  private compactStatementsCache: Record<'span' | 'sizes' | 'data' | 'setData' | 'removeAfter', Database.Statement> | null = null;

  private compactStatements() {
    this.compactStatementsCache ??= {
      span: this.db.prepare('SELECT COUNT(*) AS count, MAX(seq) AS last FROM updates WHERE board_id = ? AND seq <= ?'),
      sizes: this.db.prepare(
        'SELECT seq, length(data) AS size FROM updates WHERE board_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      ),
      data: this.db.prepare('SELECT data FROM updates WHERE board_id = ? AND seq >= ? AND seq <= ? ORDER BY seq'),
      setData: this.db.prepare('UPDATE updates SET data = ? WHERE seq = ?'),
      removeAfter: this.db.prepare('DELETE FROM updates WHERE board_id = ? AND seq > ? AND seq <= ?'),
    };
    return this.compactStatementsCache;
  }

  /**
   * For commits made on another connection, which neither absorbs nor checkpoints
   * (ForegroundAppender): absorbs the inbox, then copies the WAL's committed pages into the
   * database file. RESTART, not PASSIVE: a
   * WAL starts again from its beginning only when a writer finds it wholly checkpointed, and
   * with the other connection committing all the while a passive checkpoint never catches up
   * (the WAL grew by 10 MB per 128 commits in a test). RESTART holds new writers off until it
   * is done; the other connection does not wait for it but hands those commits to this one.
   */
  async checkpoint(): Promise<void> {
    // A RESTART that cannot finish (a reader on an older snapshot past busy_timeout) says so only
    // in its result row, which exec does not return: it copies what it can, and the next
    // checkpoint tries again.
    this.absorbInbox();
    this.db.exec('PRAGMA wal_checkpoint(RESTART)');
  }

  /** A real write (one row, overwritten), so "healthy" means a commit can reach the disk. */
  async probe(): Promise<void> {
    const upsert = this.db.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at');
    this.immediate(() => upsert.run([Date.now()]));
  }

  async getControlState(boardId: string, name: string): Promise<unknown | null> {
    const select = this.db.prepare('SELECT value FROM control_state WHERE board_id = ? AND name = ?');
    const row = this.statements.read(() => select.get([boardId, name]) as Row | undefined);
    return row ? JSON.parse(String(row.value)) : null;
  }

  async setControlState(boardId: string, name: string, value: unknown | null): Promise<void> {
    if (value === null) {
      const remove = this.db.prepare('DELETE FROM control_state WHERE board_id = ? AND name = ?');
      this.immediate(() => remove.run([boardId, name]));
      return;
    }
    const upsert = this.db.prepare(
      'INSERT INTO control_state (board_id, name, value) VALUES (?, ?, ?) ON CONFLICT(board_id, name) DO UPDATE SET value = excluded.value',
    );
    const text = JSON.stringify(value);
    this.immediate(() => upsert.run([boardId, name, text]));
  }

  async close(): Promise<void> {
    // So the file holds every row in updates when this process is gone (an older build, which
    // knows no inbox, may open it next).
    this.tryAbsorbInbox();
    this.db.close();
  }
}
