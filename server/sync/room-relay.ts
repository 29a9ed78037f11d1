/**
 * Origin of document updates and awareness that came from another node of a cluster: applied
 * and fanned out to this node's connections, but neither stored (the node that received them
 * from its client did) nor relayed again (every node hears the origin node itself).
 */
export const REMOTE_ORIGIN = Symbol('remote node');

/** What the relay feeds a loaded board with. */
export interface RemoteSink {
  applyRemoteUpdate(update: Uint8Array): void;
  applyRemoteAwareness(update: Uint8Array): void;
}

/** One board's link to the other nodes, from before its load until it unloads. */
export interface RelayChannel {
  /** From now on remote changes go to `sink`, the ones heard since `open` first. */
  attach(sink: RemoteSink): void;
  /** Presence changes made by this node's connections. */
  publishAwareness(update: Uint8Array): void;
  close(): void;
}

/**
 * How boards reach the other nodes of a cluster (server/cluster); absent on a single node.
 * Document updates are published after they are stored (`published`), so whatever any node
 * has heard is in the store: a node loading a board cold opens its channel first, then reads
 * the store, and misses nothing.
 */
export interface RoomRelay {
  /** Starts hearing the board's remote changes; resolves once subscribed. */
  open(boardId: string): Promise<RelayChannel>;
  /** Updates this node just stored (one group commit), to be heard by every other node. */
  published(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): void;
}
