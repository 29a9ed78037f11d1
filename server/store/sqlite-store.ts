import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import * as Y from 'yjs';
import { boardFromRow } from './board-row';
import type { BoardRecord, CompactResult, Store } from './store';

type Row = Record<string, unknown>;

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
  /**
   * Statements of every group commit, prepared once: preparing (and libsql's transaction()
   * wrapper, which builds its closures and runs BEGIN and COMMIT through exec, parsing them
   * each time) cost more than the few rows a commit inserts.
   */
  private readonly statements: Record<'insertUpdate' | 'begin' | 'commit' | 'rollback', Database.Statement>;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'refinery.db'));
    const synchronous = process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL';
    this.db.exec(`PRAGMA journal_mode=WAL; PRAGMA synchronous=${synchronous}; PRAGMA busy_timeout=5000;`);
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
    this.statements = {
      insertUpdate: this.db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)'),
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
    };
  }

  /** Runs `work` in one IMMEDIATE transaction (see the class comment), rolled back if it throws. */
  private immediate<T>(work: () => T): T {
    this.statements.begin.run();
    try {
      const result = work();
      this.statements.commit.run();
      return result;
    } catch (err) {
      // SQLite may have rolled back already (a full disk does); a second ROLLBACK would throw
      // and hide the first error.
      if (this.db.inTransaction) this.statements.rollback.run();
      throw err;
    }
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
    const row = this.db.prepare('SELECT * FROM boards WHERE id = ?').get([id]) as Row | undefined;
    if (!row) return null;
    return boardFromRow(row);
  }

  async loadUpdates(boardId: string): Promise<Uint8Array[]> {
    const rows = this.db.prepare('SELECT data FROM updates WHERE board_id = ? ORDER BY seq').all([boardId]) as Row[];
    return rows.map((row) => toBytes(row.data));
  }

  async appendUpdates(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): Promise<void> {
    if (batch.length === 0) return;
    const insert = this.statements.insertUpdate;
    this.immediate(() => {
      for (const { boardId, update } of batch) insert.run([boardId, asBuffer(update)]);
    });
  }

  async replaceWithSnapshot(boardId: string, snapshot: Uint8Array): Promise<void> {
    const remove = this.db.prepare('DELETE FROM updates WHERE board_id = ?');
    this.immediate(() => {
      remove.run([boardId]);
      this.statements.insertUpdate.run([boardId, asBuffer(snapshot)]);
    });
  }

  async compact(boardId: string): Promise<CompactResult> {
    const select = this.db.prepare('SELECT seq, data FROM updates WHERE board_id = ? ORDER BY seq');
    const remove = this.db.prepare('DELETE FROM updates WHERE board_id = ? AND seq <= ?');
    const insert = this.db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)');
    return this.db
      .transaction((): CompactResult => {
        const rows = select.all([boardId]) as Row[];
        if (rows.length === 0) return { before: 0, bytes: 0 };
        if (rows.length === 1) return { before: 1, bytes: toBytes(rows[0].data).byteLength };
        const merged = Y.mergeUpdates(rows.map((row) => toBytes(row.data)));
        remove.run([boardId, Number(rows[rows.length - 1].seq)]);
        insert.run([boardId, Buffer.from(merged)]);
        return { before: rows.length, bytes: merged.byteLength };
      })
      .immediate();
  }

  /** A real write (one row, overwritten), so "healthy" means a commit can reach the disk. */
  async probe(): Promise<void> {
    this.db.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at').run([Date.now()]);
  }

  async getControlState(boardId: string, name: string): Promise<unknown | null> {
    const row = this.db.prepare('SELECT value FROM control_state WHERE board_id = ? AND name = ?').get([boardId, name]) as Row | undefined;
    return row ? JSON.parse(String(row.value)) : null;
  }

  async setControlState(boardId: string, name: string, value: unknown | null): Promise<void> {
    if (value === null) {
      this.db.prepare('DELETE FROM control_state WHERE board_id = ? AND name = ?').run([boardId, name]);
      return;
    }
    this.db
      .prepare(
        'INSERT INTO control_state (board_id, name, value) VALUES (?, ?, ?) ON CONFLICT(board_id, name) DO UPDATE SET value = excluded.value',
      )
      .run([boardId, name, JSON.stringify(value)]);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
