/**
 * Origin of document updates and awareness that came from another node of a cluster: applied
 * and fanned out to this node's connections, but neither stored (the node that received them
 * from its client does) nor relayed again (every node hears the origin node itself).
 */
export const REMOTE_ORIGIN = Symbol('remote node');

/** What the relay feeds a loaded board with, and asks of it. */
export interface RemoteSink {
  /** False: it needs changes this node has not heard yet (kept aside until they come). */
  applyRemoteUpdate(update: Uint8Array): boolean;
  applyRemoteAwareness(update: Uint8Array): void;
  /** What this board holds beyond `stateVector` (another node asks after a cold load), or null: nothing. */
  diffFor(stateVector: Uint8Array): Uint8Array | null;
  /** The board's state vector, to ask the other nodes for what this node lacks. */
  stateVector(): Uint8Array;
  /** Updates another node relayed and then died before storing: this node stores them. */
  storeOrphans(updates: Uint8Array[]): void;
}

/** One board's link to the other nodes, from before its load until it unloads. */
export interface RelayChannel {
  /** From now on remote changes go to `sink`, the ones heard since `open` first. */
  attach(sink: RemoteSink): void;
  /** A change this node's connections (or the server) made, handed to the store just now. */
  publishUpdate(update: Uint8Array): void;
  /** Presence changes made by this node's connections. */
  publishAwareness(update: Uint8Array): void;
  close(): void;
}

/**
 * How boards reach the other nodes of a cluster (server/cluster); absent on a single node.
 * An update is relayed as soon as it is applied (the other nodes' clients see it without
 * waiting for the store) and confirmed once stored (`stored`); the other nodes keep what is
 * not confirmed yet, and store it themselves if its node dies first.
 */
export interface RoomRelay {
  /** Starts hearing the board's remote changes; resolves once subscribed. */
  open(boardId: string): Promise<RelayChannel>;
  /** Updates this node just stored (one group commit, in the order they were published). */
  stored(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): void;
}
