import pg from 'pg';
import type { Redis } from 'ioredis';
import type { StateSharing } from '../control/board-state';
import { ControlError } from '../control/control-error';
import { ERROR_CODES } from '../../lib/protocol';
import type { Logger } from '../log';

/** Advisory lock class of board-state changes (the store's own board lock uses another). */
const STATE_LOCK_CLASS = 0x5253;
/** Connections held by changes waiting for or holding a board's lock, at most. */
const LOCK_POOL_SIZE = 8;
/** Longest wait for a lock connection (a free one in the pool, or a new one) and for the lock itself; a change holds it for a read and a write, tens of ms. */
const LOCK_WAIT_MS = 3000;
/** Longest statement on a lock connection (taking the lock is the only one that can wait). */
const LOCK_STATEMENT_TIMEOUT_MS = 10_000;
/**
 * A lock's transaction idle this long (its holder's process stalled, or its host vanished
 * without closing the connection) is ended by PostgreSQL, and the lock with it. Above the store
 * calls' own timeout (STORE_CALL_TIMEOUT_MS, 30 s), so a slow holder that is alive is not cut off.
 */
const LOCK_IDLE_IN_TRANSACTION_MS = 60_000;
/** PostgreSQL's lock_not_available: lock_timeout ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

interface StateChanged {
  node: string;
  boardId: string;
  feature: string;
  state: unknown;
}

/** Where remote changes go (BoardStateService.remoteChanged / refreshAll). */
export interface StateListener {
  remoteChanged(boardId: string, feature: string, state: unknown): Promise<void>;
  /** Redis was away: any change may have gone unheard. */
  refreshAll(): void;
}

/**
 * Server-held state (poker rounds, trim proposals, the meeting) with one source of truth for
 * the cluster: a change takes the board's PostgreSQL advisory lock (a transaction lock on a
 * connection of its own: it ends with the transaction, so it can never outlive it; a node that
 * dies drops its connection, and PostgreSQL ends a transaction left idle), reads the state from
 * the store, stores the result, then says "board X, feature F changed" on Redis.
 * Every other node reads it and sends its own sockets their views. A timer armed on every node
 * fires on each, and the second settle under the lock finds nothing to do.
 */
export class RedisStateSharing implements StateSharing {
  private readonly pool: pg.Pool;
  private readonly channel: string;
  private connectedOnce = false;

  constructor(
    databaseUrl: string,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly nodeId: string,
    prefix: string,
    private readonly log: Logger,
  ) {
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: LOCK_POOL_SIZE,
      connectionTimeoutMillis: LOCK_WAIT_MS,
      // A database host that vanished is noticed by TCP keepalive instead of never.
      keepAlive: true,
      lock_timeout: LOCK_WAIT_MS,
      statement_timeout: LOCK_STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: LOCK_IDLE_IN_TRANSACTION_MS,
    });
    // An idle connection that dies (a database restart) must not crash the process.
    this.pool.on('error', (err) => log.warn({ err: err.message }, 'lock connection lost'));
    this.channel = `${prefix}state`;
  }

  async start(listener: StateListener): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      let change: StateChanged;
      try {
        change = JSON.parse(message) as StateChanged;
      } catch {
        return this.log.warn({ bytes: message.length }, 'state message does not parse; dropped');
      }
      if (change.node === this.nodeId) return;
      listener
        .remoteChanged(change.boardId, change.feature, change.state)
        .catch((err) => this.log.error({ err, boardId: change.boardId, feature: change.feature }, 'remote state change failed'));
    });
    // Connected already (joinCluster connects first): the next `ready` is a reconnect.
    this.connectedOnce = this.subscriber.status === 'ready';
    this.subscriber.on('ready', () => {
      if (this.connectedOnce) listener.refreshAll();
      this.connectedOnce = true;
    });
    await this.subscriber.subscribe(this.channel);
  }

  /**
   * Runs `fn` holding the board's lock. A lock (or a lock connection) not had within
   * LOCK_WAIT_MS refuses the change with a control error instead of making it wait: another
   * node holds the board, or the database is out of reach.
   */
  async locked<T>(boardId: string, fn: () => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      this.log.warn({ err: (err as Error).message, boardId }, 'no lock connection');
      throw busy();
    }
    // A connection whose transaction did not end cleanly is closed, not reused.
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STATE_LOCK_CLASS, boardId]);
      } catch (err) {
        if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw err;
        this.log.warn({ boardId }, 'board lock not had in time');
        throw busy();
      }
      const result = await fn();
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  changed(boardId: string, feature: string, state: unknown): void {
    const message: StateChanged = { node: this.nodeId, boardId, feature, state };
    this.publisher
      .publish(this.channel, JSON.stringify(message))
      .catch((err) => this.log.warn({ err: (err as Error).message, boardId, feature }, 'state change not announced'));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function busy(): ControlError {
  return new ControlError(
    ERROR_CODES.internal,
    `the board is busy: its cluster lock was not had within ${LOCK_WAIT_MS / 1000} s; try again`,
  );
}
