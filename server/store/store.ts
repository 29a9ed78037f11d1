import type { RoleKeyHashes } from '../keys';

export interface BoardRecord {
  id: string;
  title: string;
  createdAt: number;
  keyHashes: RoleKeyHashes;
}

/** What one compaction did: how many stored rows it replaced, and the size of the one it wrote. */
export interface CompactResult {
  before: number;
  bytes: number;
}

/**
 * Where boards live between restarts. Async on purpose: the embedded SQLite store answers at
 * once, but a PostgreSQL store (same interface) will not.
 */
export interface Store {
  createBoard(board: BoardRecord, initialUpdate: Uint8Array): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | null>;
  /** Every stored update of a board, oldest first (a compacted snapshot counts as one). */
  loadUpdates(boardId: string): Promise<Uint8Array[]>;
  /** Appends all updates in one durable transaction. */
  appendUpdates(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): Promise<void>;
  /** Replaces all of a board's stored updates by one snapshot, atomically. */
  replaceWithSnapshot(boardId: string, snapshot: Uint8Array): Promise<void>;
  /**
   * Merges every stored update of a board into one row (`Y.mergeUpdates`) where the store runs:
   * no Y.Doc and no main-thread time. PostgreSQL does it in one transaction; SQLite in bounded
   * steps, each a transaction that leaves the board loadable as the same doc, so appends are
   * answered between them. Updates appended after it started are kept, after the merged row.
   */
  compact(boardId: string): Promise<CompactResult>;
  /** Server-held state of the control plane (poker rounds, meetings), as JSON. */
  getControlState(boardId: string, name: string): Promise<unknown | null>;
  setControlState(boardId: string, name: string, value: unknown | null): Promise<void>;
  close(): Promise<void>;
}

/** The part of a store's health that every store reports: /healthz and /readyz turn on it. */
export interface StoreStatus {
  /** A write went through just now (a probe row), so what people type is being kept. */
  writable: boolean;
}

/** A store the server runs on: the Store calls, plus its health. */
export interface MonitoredStore extends Store {
  health(): Promise<StoreStatus>;
}
