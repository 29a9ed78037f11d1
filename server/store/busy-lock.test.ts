import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { ForegroundAppender } from './foreground-appender';
import { databaseFile, SqliteStore } from './sqlite-store';

/**
 * A write that finds another connection holding SQLite's write lock fails with SQLITE_BUSY, and
 * libsql 0.5 leaves such a statement in progress until it is run again or garbage-collected.
 * While it is, SQLite does not commit that connection's later writes: they are acknowledged,
 * other connections never see them, and the connection holds the write lock from then on, so
 * every write of the other connection fails "database is locked" (an e2e run's server, stop 31).
 * Each test here takes the lock with a third connection, lets one write fail, gives the lock
 * back, and then asks whether the next writes are committed and the lock is free.
 */
const update = (n: number) => new Uint8Array([n, n, n]);

describe('a write refused for a held lock leaves nothing open', () => {
  // Each test on a file of its own: a connection left holding the lock would fail the next test.
  const opened: Array<{ close(): unknown }> = [];
  const dirs: string[] = [];
  after(async () => {
    for (const connection of opened.reverse()) await connection.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  function setUp() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-busy-'));
    dirs.push(dir);
    const store = new SqliteStore(dir, { busyTimeoutMs: 50 });
    const holder = new Database(databaseFile(dir));
    holder.exec('PRAGMA busy_timeout=0');
    const reader = new Database(databaseFile(dir));
    opened.push(store, holder, reader);

    /** Rows of the board as another connection sees them: committed ones only. */
    const committedRows = (boardId: string) =>
      Number(
        (
          reader
            .prepare('SELECT (SELECT count(*) FROM inbox WHERE board_id = ?) + (SELECT count(*) FROM updates WHERE board_id = ?) AS n')
            .get([boardId, boardId]) as { n: number }
        ).n,
      );

    /** Whether another connection can write now (it waits for no lock). */
    const lockIsFree = () => {
      try {
        holder.prepare('INSERT INTO health_probe (id, at) VALUES (1, 0) ON CONFLICT(id) DO UPDATE SET at = excluded.at').run();
        return true;
      } catch (err) {
        if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return false;
        throw err;
      }
    };
    return { dir, store, holder, reader, committedRows, lockIsFree };
  }

  it('a commit on the main thread (it waits for no lock): refused, then the next one is committed and the lock is free', () => {
    const { dir, holder, committedRows, lockIsFree } = setUp();
    const appender = new ForegroundAppender(dir);
    opened.push(appender);
    holder.exec('BEGIN IMMEDIATE');
    assert.equal(
      appender.tryAppend([
        { boardId: 'fg', update: update(1) },
        { boardId: 'fg', update: update(2) },
      ]),
      false,
    );
    holder.exec('COMMIT');

    // A batch of another size: another prepared statement than the one that was refused.
    assert.equal(appender.tryAppend([{ boardId: 'fg', update: update(3) }]), true);
    assert.equal(committedRows('fg'), 1, 'the accepted commit is visible to another connection');
    assert.equal(lockIsFree(), true, 'the write lock is free once the commit returned');
  });

  it("the store's own writes (busy timeout passed): refused, then the next ones are committed and the lock is free", async () => {
    const { store, holder, reader, committedRows, lockIsFree } = setUp();
    holder.exec('BEGIN IMMEDIATE');
    await assert.rejects(
      store.appendUpdates([
        { boardId: 'st', update: update(1) },
        { boardId: 'st', update: update(2) },
      ]),
      { code: 'SQLITE_BUSY' },
    );
    await assert.rejects(store.setControlState('st', 'poker', { round: 1 }), { code: 'SQLITE_BUSY' });
    await assert.rejects(store.probe(), { code: 'SQLITE_BUSY' });
    holder.exec('COMMIT');

    await store.appendUpdates([{ boardId: 'st', update: update(3) }]);
    assert.equal(committedRows('st'), 1, 'the accepted append is visible to another connection');
    assert.equal(lockIsFree(), true, 'the write lock is free after the append');
    await store.setControlState('st', 'poker', { round: 2 });
    assert.deepEqual(
      JSON.parse(String((reader.prepare('SELECT value FROM control_state WHERE board_id = ?').get(['st']) as { value: string }).value)),
      {
        round: 2,
      },
    );
    assert.equal(lockIsFree(), true, 'the write lock is free after the control state');
    await store.probe();
    assert.equal(lockIsFree(), true, 'the write lock is free after the probe');
  });
});
