import type { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { RelayChannel, RemoteSink, RoomRelay } from '../sync/room-relay';
import { decodeRelayMessage, decodeSequenced, encodeRelayMessage, encodeSequenced, RELAY_KIND, type RelayKind } from './relay-message';
import { holdsBeyond } from './state-vector';

/** A board asks the other nodes for missing changes at most this often. */
const ASK_INTERVAL_MS = 500;
/** Unconfirmed updates older than this are dropped (their node stored them; the notice was lost with Redis). */
const UNCONFIRMED_MAX_AGE_MS = 60_000;

interface Unconfirmed {
  seq: number;
  update: Uint8Array;
  at: number;
}

interface Subscription {
  /** Remote changes heard before the board finished loading, handled at attach. */
  buffered: Array<{ kind: RelayKind; from: string; payload: Uint8Array }>;
  sink: RemoteSink | null;
  /** Updates this node published for the board and has not stored yet, oldest first. */
  unstored: Array<{ seq: number; update: Uint8Array }>;
  /** Updates other nodes relayed and have not confirmed as stored, by node. */
  unconfirmed: Map<string, Unconfirmed[]>;
  /** When this node last asked the others for what it lacks (see askForMissing). */
  askedAt: number;
  /** An ask that came too soon after the last one, made when the interval is over. */
  askLater: NodeJS.Timeout | null;
}

/**
 * Boards' Yjs updates and presence between the nodes of a cluster, over Redis pub/sub: one
 * channel per board, subscribed by the nodes that have it loaded. Redis delivers each message
 * once per subscribed node; a node skips its own messages, so nothing is echoed back.
 *
 * An update is relayed the moment it is applied, numbered, and confirmed once the group commit
 * stored it. Until then the other nodes keep it; if its node dies first (ClusterRoster stops
 * hearing it), they store it themselves: an update some client saw is never lost, at the price
 * of a possible duplicate row (Yjs ignores it) in that failure only.
 *
 * A node loading a board cold subscribes, reads the store, then asks the nodes holding the
 * board for what it still lacks (a state vector; they answer with a diff): that covers what was
 * relayed before it subscribed and not stored yet. Pub/sub forgets what it could not deliver:
 * after a lost connection (either of its two) a node reads its boards from the store again and
 * asks likewise. A node whose publishes failed meanwhile holds edits the others never heard: a
 * node asked with a state vector that counts changes it lacks asks back, so the others get
 * them too, without waiting for an edit that builds on them.
 */
export class RedisRoomRelay implements RoomRelay {
  private readonly subscriptions = new Map<string, Subscription>();
  private seq = 0;
  /** A resync in progress, and whether another connection came back while it ran. */
  private resyncing: Promise<void> | null = null;
  private resyncAgain = false;
  /** Publishes fail (Redis away): logged once per outage, not once per message. */
  private publishFailing = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly store: Store,
    /** This process in the cluster (ClusterNode.instanceId). */
    readonly instanceId: string,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
    // The subscriber missed what was published while it was away (ioredis subscribes again by
    // itself); the publisher's queued messages may have failed after their retries (or only the
    // publisher dropped): either way, reload and ask.
    for (const connection of [subscriber, publisher]) this.onReconnect(connection, () => this.resync());
    publisher.on('ready', () => (this.publishFailing = false));
  }

  /** `then` on every `ready` after the first (joinCluster connects before the relay exists). */
  private onReconnect(connection: Redis, then: () => void): void {
    let connectedOnce = connection.status === 'ready';
    connection.on('ready', () => {
      if (connectedOnce) then();
      connectedOnce = true;
    });
  }

  async open(boardId: string): Promise<RelayChannel> {
    if (this.subscriptions.has(boardId)) throw new Error(`relay channel of board ${boardId} opened twice`);
    const subscription: Subscription = { buffered: [], sink: null, unstored: [], unconfirmed: new Map(), askedAt: 0, askLater: null };
    this.subscriptions.set(boardId, subscription);
    const subscribed = this.subscriber.subscribe(this.channelOf(boardId));
    if (this.subscriber.status === 'ready') {
      try {
        await subscribed;
      } catch (err) {
        this.subscriptions.delete(boardId);
        throw err;
      }
    } else {
      // Redis is away: the board opens from the store and serves this node's clients now
      // instead of waiting through every reconnect attempt (review S4). When Redis is back the
      // resync subscribes, reads the store again and asks the other nodes, as for every board
      // held through an outage.
      subscribed.catch((err: Error) =>
        this.log.warn({ err: err.message, boardId }, 'subscribing while Redis is away failed; the resync subscribes'),
      );
    }
    return {
      attach: (sink) => {
        subscription.sink = sink;
        for (const { kind, from, payload } of subscription.buffered) this.deliver(boardId, subscription, kind, from, payload);
        subscription.buffered = [];
        this.publish(boardId, RELAY_KIND.syncRequest, sink.stateVector());
      },
      publishUpdate: (update) => {
        this.seq = (this.seq + 1) >>> 0;
        subscription.unstored.push({ seq: this.seq, update });
        this.publish(boardId, RELAY_KIND.update, encodeSequenced(this.seq, update));
      },
      publishAwareness: (update) => this.publish(boardId, RELAY_KIND.awareness, update),
      close: () => {
        if (this.subscriptions.get(boardId) !== subscription) return;
        this.subscriptions.delete(boardId);
        if (subscription.askLater) clearTimeout(subscription.askLater);
        this.subscriber.unsubscribe(this.channelOf(boardId)).catch((err) => this.log.warn({ err, boardId }, 'unsubscribe failed'));
      },
    };
  }

  stored(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>): void {
    const confirmed = new Map<string, number>();
    for (const { boardId, update } of batch) {
      const unstored = this.subscriptions.get(boardId)?.unstored;
      // The persister stores in the order updates were appended, which is the order they were
      // published; an update it stores that was never published (an orphan) matches nothing.
      if (unstored?.[0]?.update !== update) continue;
      confirmed.set(boardId, unstored.shift()!.seq);
    }
    for (const [boardId, through] of confirmed) {
      const payload = new Uint8Array(4);
      new DataView(payload.buffer).setUint32(0, through);
      this.publish(boardId, RELAY_KIND.stored, payload);
    }
  }

  /** A node is gone (ClusterRoster stopped hearing it): what it relayed and never stored is stored here. */
  originGone(instance: string): void {
    for (const [boardId, subscription] of this.subscriptions) {
      const orphans = subscription.unconfirmed.get(instance);
      subscription.unconfirmed.delete(instance);
      if (!orphans?.length || !subscription.sink) continue;
      this.log.warn({ boardId, instance, updates: orphans.length }, 'storing updates a dead node relayed and did not confirm');
      subscription.sink.storeOrphans(orphans.map((o) => o.update));
    }
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
    // either way the resync after a reconnect makes up for anything that did not arrive.
    this.publisher.publish(this.channelOf(boardId), encodeRelayMessage(this.instanceId, kind, payload)).catch((err) => {
      if (!this.publishFailing) this.log.warn({ err: (err as Error).message, boardId }, 'relay publish failed');
      this.publishFailing = true;
    });
  }

  private onMessage(channel: string, message: Buffer): void {
    const boardId = channel.slice(`${this.prefix}board:`.length);
    const subscription = this.subscriptions.get(boardId);
    if (!subscription) return;
    const decoded = decodeRelayMessage(message);
    if (!decoded) return this.log.warn({ boardId, bytes: message.byteLength }, 'relay message does not parse; dropped');
    if (decoded.nodeId === this.instanceId) return;
    if (subscription.sink) this.deliver(boardId, subscription, decoded.kind, decoded.nodeId, decoded.payload);
    else subscription.buffered.push({ kind: decoded.kind, from: decoded.nodeId, payload: decoded.payload });
  }

  private deliver(boardId: string, subscription: Subscription, kind: RelayKind, from: string, payload: Uint8Array): void {
    const sink = subscription.sink!;
    try {
      switch (kind) {
        case RELAY_KIND.update: {
          const sequenced = decodeSequenced(payload);
          if (!sequenced) return;
          if (!sink.applyRemoteUpdate(sequenced.update)) this.askForMissing(boardId, subscription);
          this.remember(subscription, from, sequenced.seq, sequenced.update);
          return;
        }
        case RELAY_KIND.stored: {
          if (payload.byteLength < 4) return;
          const through = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0);
          const kept = subscription.unconfirmed.get(from)?.filter((u) => u.seq > through);
          if (kept?.length) subscription.unconfirmed.set(from, kept);
          else subscription.unconfirmed.delete(from);
          return;
        }
        case RELAY_KIND.awareness:
          return sink.applyRemoteAwareness(payload);
        case RELAY_KIND.syncRequest: {
          const diff = sink.diffFor(payload);
          if (diff) this.publish(boardId, RELAY_KIND.diff, diff);
          // The asker holds changes this node lacks (made while its Redis was away, say): ask back.
          if (holdsBeyond(payload, sink.stateVector())) this.askForMissing(boardId, subscription);
          return;
        }
        case RELAY_KIND.diff:
          if (!sink.applyRemoteUpdate(payload)) this.askForMissing(boardId, subscription);
          return;
      }
    } catch (err) {
      // Nodes trust each other (THREAT_MODEL.md); a message that does not apply is a bug.
      this.log.error({ err, boardId, kind }, 'relayed change did not apply');
    }
  }

  /**
   * This node lacks changes another node holds (an update arrived before one it builds on, or a
   * sync request counted more than this board has): asks for them, at most once per
   * ASK_INTERVAL_MS per board. An ask within the interval is made when it ends, not dropped: the
   * need it stands for may have come after the last ask went out.
   */
  private askForMissing(boardId: string, subscription: Subscription): void {
    if (subscription.askLater) return;
    const wait = subscription.askedAt + ASK_INTERVAL_MS - this.now();
    if (wait > 0) {
      subscription.askLater = setTimeout(() => {
        subscription.askLater = null;
        if (this.subscriptions.get(boardId) === subscription) this.askForMissing(boardId, subscription);
      }, wait);
      subscription.askLater.unref();
      return;
    }
    subscription.askedAt = this.now();
    this.publish(boardId, RELAY_KIND.syncRequest, subscription.sink!.stateVector());
  }

  private remember(subscription: Subscription, from: string, seq: number, update: Uint8Array): void {
    const now = this.now();
    let list = subscription.unconfirmed.get(from);
    if (!list) subscription.unconfirmed.set(from, (list = []));
    // A copy: the payload is a view into the Redis message buffer.
    list.push({ seq, update: update.slice(), at: now });
    while (list.length > 0 && now - list[0].at > UNCONFIRMED_MAX_AGE_MS) list.shift();
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

  /** One resync at a time; a connection back while one runs (the other one) runs it once more. */
  private resync(): void {
    if (this.resyncing) {
      this.resyncAgain = true;
      return;
    }
    this.resyncing = this.resyncAll().finally(() => {
      this.resyncing = null;
      if (!this.resyncAgain) return;
      this.resyncAgain = false;
      this.resync();
    });
  }

  private async resyncAll(): Promise<void> {
    this.log.info({ boards: this.subscriptions.size }, 'redis reconnected: reloading boards and asking other nodes for what they hold');
    for (const [boardId, subscription] of this.subscriptions) {
      if (!subscription.sink) continue;
      // A board opened while Redis was away may have no subscription (its subscribe failed
      // after ioredis's retries); subscribing twice is harmless.
      await this.subscriber
        .subscribe(this.channelOf(boardId))
        .catch((err: Error) => this.log.warn({ err: err.message, boardId }, 'subscribing after a Redis gap failed'));
      if (this.subscriptions.get(boardId) !== subscription) {
        // Unloaded meanwhile (and not loaded again): its channel is not wanted.
        if (!this.subscriptions.has(boardId)) this.subscriber.unsubscribe(this.channelOf(boardId)).catch(() => undefined);
        continue;
      }
      await this.reload(boardId, subscription.sink);
      this.publish(boardId, RELAY_KIND.syncRequest, subscription.sink.stateVector());
    }
  }
}
