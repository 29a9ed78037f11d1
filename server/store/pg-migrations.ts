import type pg from 'pg';
import type { Logger } from '../log';

/**
 * The PostgreSQL schema, as numbered migrations applied in order at start-up and recorded in
 * `schema_migrations`. A migration, once released, is never edited: a change is a new one.
 * Each runs in its own transaction with its record, so a crash leaves it either done or not.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'boards, updates, control state, health probe',
    sql: `
      CREATE TABLE boards (
        id text PRIMARY KEY,
        title text NOT NULL,
        created_at bigint NOT NULL,
        facilitator_hash text NOT NULL,
        participant_hash text NOT NULL,
        spectator_hash text NOT NULL
      );
      -- No foreign key to boards, as in SQLite: the persister may append to a board the same
      -- moment it is created, and an orphan update row is harmless.
      CREATE TABLE updates (
        seq bigserial PRIMARY KEY,
        board_id text NOT NULL,
        data bytea NOT NULL
      );
      CREATE INDEX updates_by_board ON updates (board_id, seq);
      CREATE TABLE control_state (
        board_id text NOT NULL,
        name text NOT NULL,
        value jsonb NOT NULL,
        PRIMARY KEY (board_id, name)
      );
      -- One row per node: the health probe is a real write, and nodes must not contend for one row.
      CREATE TABLE health_probe (
        node_id text PRIMARY KEY,
        at bigint NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'attachments',
    sql: `
      -- Uploaded images, shared by every node (on SQLite they are files in DATA_DIR).
      CREATE TABLE attachments (
        board_id text NOT NULL,
        name text NOT NULL,
        size integer NOT NULL,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (board_id, name)
      );
    `,
  },
];

/** pg_advisory_lock key for migrating ("refinery" in ASCII): one node migrates, the others wait. */
const MIGRATION_LOCK_KEY = 0x726566696e657279n;

export interface MigrationResult {
  applied: number[];
  version: number;
}

/**
 * Brings the database to the newest schema. Safe when several nodes start at once: the first
 * takes the advisory lock and migrates, the others wait for it and then find nothing to do.
 */
export async function migrate(pool: pg.Pool, log?: Logger, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  const client = await pool.connect();
  /** Set when the connection may hold the session lock after all: it is closed, not pooled. */
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]).catch((err: Error) => {
      broken = err;
      throw err;
    });
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((row) => row.version));
      const known = Math.max(0, ...migrations.map((m) => m.version));
      const newest = Math.max(0, ...done);
      if (newest > known) {
        // A newer node migrated already (a rolling deploy): its migrations only add, so run on.
        log?.warn({ databaseVersion: newest, codeVersion: known }, 'database schema is newer than this node knows');
      }
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`database migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(migration.version);
        log?.info({ version: migration.version, name: migration.name }, 'database migrated');
      }
      return { applied, version: Math.max(newest, known) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch((err: Error) => (broken = err));
    }
  } finally {
    client.release(broken);
  }
}
