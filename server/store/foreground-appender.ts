import Database from 'libsql';
import { CommitStatements, databaseFile } from './sqlite-store';

/**
 * A second connection to the store's SQLite file, on the main thread, for group commits only
 * (see WorkerSqliteStore.appendUpdates). A commit of a few rows costs SQLite ~0.1 ms; sending it
 * to the store's worker instead cost ~0.6 ms of CPU (a message each way, a thread woken 25 times
 * a second, its isolate's code and heap kept warm): bench:rooms, docs/DECISIONS.md.
 *
 * It never waits for a lock (busy_timeout 0: a commit either starts at once or is handed to the
 * worker) and never checkpoints the WAL (wal_autocheckpoint 0: a checkpoint writes the database
 * file and syncs it, which is the worker's job). Opened after the worker has created the file,
 * its schema and WAL mode.
 */
export class ForegroundAppender {
  private readonly db: Database.Database;
  private readonly statements: CommitStatements;

  constructor(dataDir: string) {
    this.db = new Database(databaseFile(dataDir));
    // NORMAL only: with SQLITE_SYNCHRONOUS=FULL every commit syncs, and WorkerSqliteStore keeps
    // commits off the main thread.
    this.db.exec('PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=0; PRAGMA wal_autocheckpoint=0;');
    this.statements = new CommitStatements(this.db);
  }

  /**
   * Appends the batch in one transaction and returns true; returns false, having written
   * nothing, when another connection holds the write lock. Throws anything else SQLite throws
   * (the transaction rolled back).
   */
  tryAppend(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): boolean {
    try {
      this.statements.append(batch);
      return true;
    } catch (err) {
      if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return false;
      throw err;
    }
  }

  close(): void {
    this.db.close();
  }
}
