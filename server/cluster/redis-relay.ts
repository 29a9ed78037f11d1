import type { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { RelayChannel, RemoteSink, RoomRelay } from '../sync/room-relay';
import { decodeRelayMessage, encodeRelayMessage, RELAY_KIND, type RelayKind } from './relay-message';

interface Subscription {
  /** Remote changes heard before the board finished loading, applied at attach. */
  buffered: Array<{ kind: RelayKind; payload: Uint8Array }>;
  sink: RemoteSink | null;
}

/**
 * Boards' Yjs updates and presence between the nodes of a cluster, over Redis pub/sub: one
 * channel per board, subscribed by the nodes that have it loaded. Redis delivers each message
 * once per subscribed node; a node skips its own messages, so nothing is echoed back.
 *
 * Updates are published after they are stored, so a node that subscribes and then reads the
 * store misses nothing, and an update a node has heard survives its origin dying. Pub/sub
 * forgets what it could not deliver: after a lost connection a node reads its boards from the
 * store again and asks the others to do the same (RELAY_KIND.reload), which covers both sides
 * of the gap (Yjs updates are idempotent).
 */
export class RedisRoomRelay implements RoomRelay {
  private readonly subscriptions = new Map<string, Subscription>();
  private connectedOnce = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly store: Store,
    readonly nodeId: string,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
    // Connected already (joinCluster connects first): the next `ready` is a reconnect.
    this.connectedOnce = subscriber.status === 'ready';
    subscriber.on('ready', () => {
      // ioredis subscribes again by itself; what was published meanwhile is in the store.
      if (this.connectedOnce) void this.resyncAll();
      this.connectedOnce = true;
    });
  }

  async open(boardId: string): Promise<RelayChannel> {
    if (this.subscriptions.has(boardId)) throw new Error(`relay channel of board ${boardId} opened twice`);
    const subscription: Subscription = { buffered: [], sink: null };
    this.subscriptions.set(boardId, subscription);
    try {
      await this.subscriber.subscribe(this.channelOf(boardId));
    } catch (err) {
      this.subscriptions.delete(boardId);
      throw err;
    }
    return {
      attach: (sink) => {
        subscription.sink = sink;
        for (const { kind, payload } of subscription.buffered) this.deliver(boardId, sink, kind, payload);
        subscription.buffered = [];
      },
      publishAwareness: (update) => this.publish(boardId, RELAY_KIND.awareness, update),
      close: () => {
        if (this.subscriptions.get(boardId) !== subscription) return;
        this.subscriptions.delete(boardId);
        this.subscriber.unsubscribe(this.channelOf(boardId)).catch((err) => this.log.warn({ err, boardId }, 'unsubscribe failed'));
      },
    };
  }

  published(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): void {
    for (const { boardId, update } of batch) this.publish(boardId, RELAY_KIND.update, update);
  }

  /** Boards this node holds now (for health and tests). */
  get boardCount(): number {
    return this.subscriptions.size;
  }

  private channelOf(boardId: string): string {
    return `${this.prefix}board:${boardId}`;
  }

  private publish(boardId: string, kind: RelayKind, payload: Uint8Array): void {
    // Queued by ioredis while disconnected (sent on reconnect, or failed after its retries);
    // either way the reload after a reconnect makes up for anything that did not arrive.
    this.publisher
      .publish(this.channelOf(boardId), encodeRelayMessage(this.nodeId, kind, payload))
      .catch((err) => this.log.warn({ err: (err as Error).message, boardId }, 'relay publish failed'));
  }

  private onMessage(channel: string, message: Buffer): void {
    const boardId = channel.slice(`${this.prefix}board:`.length);
    const subscription = this.subscriptions.get(boardId);
    if (!subscription) return;
    const decoded = decodeRelayMessage(message);
    if (!decoded) return this.log.warn({ boardId, bytes: message.byteLength }, 'relay message does not parse; dropped');
    if (decoded.nodeId === this.nodeId) return;
    if (subscription.sink) this.deliver(boardId, subscription.sink, decoded.kind, decoded.payload);
    else subscription.buffered.push({ kind: decoded.kind, payload: decoded.payload });
  }

  private deliver(boardId: string, sink: RemoteSink, kind: RelayKind, payload: Uint8Array): void {
    try {
      switch (kind) {
        case RELAY_KIND.update:
          return sink.applyRemoteUpdate(payload);
        case RELAY_KIND.awareness:
          return sink.applyRemoteAwareness(payload);
        case RELAY_KIND.reload:
          return void this.reload(boardId, sink);
      }
    } catch (err) {
      // Nodes trust each other (THREAT_MODEL.md); a message that does not apply is a bug.
      this.log.error({ err, boardId, kind }, 'relayed change did not apply');
    }
  }

  /** Reads the board from the store again and applies what this node lacks. */
  private async reload(boardId: string, sink: RemoteSink): Promise<void> {
    try {
      const updates = await this.store.loadUpdates(boardId);
      if (updates.length > 0) sink.applyRemoteUpdate(Y.mergeUpdates(updates));
    } catch (err) {
      this.log.error({ err, boardId }, 'reloading board after a relay gap failed');
    }
  }

  private async resyncAll(): Promise<void> {
    this.log.info({ boards: this.subscriptions.size }, 'redis reconnected: reloading boards and asking other nodes to');
    for (const [boardId, subscription] of this.subscriptions) {
      if (!subscription.sink) continue;
      await this.reload(boardId, subscription.sink);
      this.publish(boardId, RELAY_KIND.reload, new Uint8Array(0));
    }
  }
}
