import pg from 'pg';
import type { Redis } from 'ioredis';
import type { StateSharing } from '../control/board-state';
import type { Logger } from '../log';

/** Advisory lock class of board-state changes (the store's own board lock uses another). */
const STATE_LOCK_CLASS = 0x5253;
/** Connections held by changes waiting for or holding a board's lock, at most. */
const LOCK_POOL_SIZE = 8;

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
 * the cluster: a change takes the board's PostgreSQL advisory lock (a session lock on a
 * connection of its own; a node that dies drops its connection, and with it the lock), reads
 * the state from the store, stores the result, then says "board X, feature F changed" on Redis.
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
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: LOCK_POOL_SIZE });
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

  async locked<T>(boardId: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection whose lock query failed may hold the lock or not: it is closed, not reused.
    let healthy = true;
    try {
      try {
        await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [STATE_LOCK_CLASS, boardId]);
      } catch (err) {
        healthy = false;
        throw err;
      }
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [STATE_LOCK_CLASS, boardId]).catch(() => (healthy = false));
      }
    } finally {
      client.release(!healthy);
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
