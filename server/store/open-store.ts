import type { ServerConfig } from '../config';
import { DiskAttachmentStore, type AttachmentStore } from './attachment-store';
import type { Logger } from '../log';
import type { MonitoredStore } from './store';
import { WorkerSqliteStore } from './worker-store';

export type StoreKind = 'sqlite' | 'postgres';

export interface OpenedStore {
  store: MonitoredStore;
  /** Uploaded images: rows in PostgreSQL, files in DATA_DIR on SQLite. */
  attachments: AttachmentStore;
  kind: StoreKind;
  /** Where the data is, for logs and /healthz (a URL without its password, or the SQLite folder). */
  location: string;
  /** The SQLite worker, for the test hooks that break it; null on PostgreSQL. */
  sqliteWorker: WorkerSqliteStore | null;
}

/** The one place the store is chosen: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export async function openStore(config: ServerConfig, log: Logger): Promise<OpenedStore> {
  if (config.databaseUrl) {
    // Loaded only for PostgreSQL: pg costs ~50 ms of every start of an embedded (SQLite) server.
    const { PgStore, redactUrl } = await import('./pg-store');
    const store = await PgStore.open(config.databaseUrl, {
      poolSize: config.databasePoolSize,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      nodeId: config.nodeId,
      log,
    });
    return { store, attachments: store.attachments, kind: 'postgres', location: redactUrl(config.databaseUrl), sqliteWorker: null };
  }
  const store = new WorkerSqliteStore(config.dataDir, { callTimeoutMs: config.limits.storeCallTimeoutMs, log });
  await store.ready();
  return { store, attachments: new DiskAttachmentStore(config.dataDir), kind: 'sqlite', location: config.dataDir, sqliteWorker: store };
}
