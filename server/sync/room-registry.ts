import * as Y from 'yjs';
import type { Store } from '../store/store';
import type { Logger } from '../log';
import { Persister } from './persister';
import { Room, type RoomLimits } from './room';
import type { RelayChannel, RoomRelay } from './room-relay';

const UNLOAD_RETRY_MS = 1000;
/** Boards up to this size are snapshotted from the doc when they unload (a few ms to encode). */
const SNAPSHOT_ON_UNLOAD_MAX_BYTES = 4 * 1024 * 1024;

interface Entry {
  room: Promise<Room>;
  /** The board's link to the other nodes (cluster mode), opened before it was loaded. */
  channel?: RelayChannel;
  /** Connections (sync or socket.io) holding the room, counted before the load finishes. */
  holders: number;
}

/**
 * Loads boards into memory on first use and unloads them when the last holder leaves and their
 * writes are stored. A room is loaded completely before anyone gets it, so no sync message is
 * ever answered from a half-loaded document.
 */
export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  /** Boards whose compaction is running now. */
  private readonly compacting = new Map<string, Promise<void>>();
  readonly persister: Persister;
  /** Set by close(); nothing should acquire a room after that. */
  closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: { commitWindowMs: number; compactThreshold: number; limits: RoomLimits; unloadGraceMs?: number },
    private readonly log: Logger,
    /** Cluster mode: boards hear and tell the other nodes (server/cluster). */
    private readonly relay: RoomRelay | null = null,
  ) {
    this.persister = new Persister(store, options.commitWindowMs, log.child({ module: 'persister' }));
    this.persister.onCommitted = (counts, batch) => {
      this.relay?.stored(batch);
      void this.afterCommit(counts).catch((err) => this.log.error({ err }, 'compaction failed; updates stay stored as they are'));
    };
  }

  get loadedCount(): number {
    return this.entries.size;
  }

  isLoaded(boardId: string): boolean {
    return this.entries.has(boardId);
  }

  /** Returns the loaded room; every acquire must be paired with one release. */
  acquire(boardId: string): Promise<Room> {
    let entry = this.entries.get(boardId);
    if (!entry) {
      const created: Entry = { room: this.load(boardId, (channel) => (created.channel = channel)), holders: 0 };
      entry = created;
      this.entries.set(boardId, entry);
      created.room.catch(() => this.entries.delete(boardId));
    }
    entry.holders += 1;
    return entry.room;
  }

  release(boardId: string): void {
    const entry = this.entries.get(boardId);
    if (!entry) return;
    entry.holders -= 1;
    if (entry.holders !== 0) return;
    const unload = () => {
      if (entry.holders !== 0 || this.entries.get(boardId) !== entry) return;
      void this.unloadWhenIdle(boardId, entry).catch((err) => this.log.error({ err, boardId }, 'unloading board failed; it stays loaded'));
    };
    // A board stays loaded a few seconds after its last holder leaves: a reload, a reconnect
    // after a network blip, or a client that reconnects in a loop would otherwise make the
    // server snapshot and reload the whole board each time, on the event loop, on nobody's budget.
    const grace = this.options.unloadGraceMs ?? 0;
    if (grace > 0) setTimeout(unload, grace).unref();
    else unload();
  }

  /** The room if it is loaded now, for server-side writes that must not load a board. */
  async peek(boardId: string): Promise<Room | null> {
    const entry = this.entries.get(boardId);
    return entry ? entry.room : null;
  }

  private async load(boardId: string, opened: (channel: RelayChannel) => void): Promise<Room> {
    const started = performance.now();
    // Subscribed before the store is read: an update another node relays meanwhile is heard
    // (and one it relayed before but has not stored yet is asked for once loaded).
    const channel = this.relay ? await this.relay.open(boardId) : null;
    // Whatever fails from here (the store, a corrupt stored update, the room) closes the
    // channel: a subscription left open would buffer the board's traffic for nobody and refuse
    // the next load ("opened twice").
    try {
      const updates = await this.store.loadUpdates(boardId);
      const doc = new Y.Doc({ gc: true });
      doc.transact(() => {
        for (const update of updates) Y.applyUpdate(doc, update);
      });
      let bytes = 0;
      for (const update of updates) bytes += update.byteLength;
      const room = new Room(
        boardId,
        doc,
        { updates: updates.length, bytes },
        (id, update) => {
          this.persister.append(id, update);
          channel?.publishUpdate(update);
        },
        this.options.limits,
        this.log.child({ module: 'room', boardId }),
      );
      if (channel) {
        room.relayAwareness = (update) => channel.publishAwareness(update);
        channel.attach({
          applyRemoteUpdate: (update) => room.applyRemoteUpdate(update),
          applyRemoteAwareness: (update) => room.applyRemoteAwareness(update),
          diffFor: (stateVector) => room.diffFor(stateVector),
          stateVector: () => Y.encodeStateVector(room.doc),
          storeOrphans: (updates) => {
            for (const update of updates) this.persister.append(boardId, update);
          },
        });
        opened(channel);
      }
      this.log.debug({ boardId, updates: updates.length, ms: Math.round(performance.now() - started) }, 'room loaded');
      return room;
    } catch (err) {
      channel?.close();
      throw err;
    }
  }

  private async afterCommit(counts: Map<string, number>): Promise<void> {
    for (const [boardId, count] of counts) {
      const entry = this.entries.get(boardId);
      if (!entry) continue;
      const room = await entry.room;
      room.storedUpdateCount += count;
      if (room.storedUpdateCount >= this.options.compactThreshold && !this.compacting.has(boardId)) {
        // One compaction per board at a time: commits keep arriving while one runs, and each
        // would otherwise start another full encode of the board (a storm on a large board).
        const run = this.compact(room).finally(() => this.compacting.delete(boardId));
        this.compacting.set(boardId, run);
        await run;
      }
    }
  }

  /**
   * Merges a board's stored updates into one row, in the store's own thread (Store.compact),
   * so a large board never blocks the event loop here. Flushed first, so the merge holds every
   * update this process applied so far and the size estimate can be reset from it.
   */
  private async compact(room: Room): Promise<void> {
    // Read before the flush: whatever is applied from here on (during the flush too) is not in
    // the merge, and is added back below. Read after it, the updates applied while the flush
    // ran were in neither, and the board could pass its size cap by that much.
    const bytesBefore = room.approxBytes;
    const failuresBefore = this.persister.failures;
    await this.persister.flush();
    // A batch that failed to store went back to wait: it is in neither the merge nor the
    // count since bytesBefore. Compact once the store takes writes again.
    if (this.persister.failures !== failuresBefore) return;
    const result = await this.store.compact(room.boardId);
    room.storedUpdateCount = Math.max(1, room.storedUpdateCount - result.before + 1);
    room.approxBytes = result.bytes + (room.approxBytes - bytesBefore);
    this.log.info({ boardId: room.boardId, replaced: result.before, bytes: result.bytes }, 'compacted');
  }

  private async unloadWhenIdle(boardId: string, entry: Entry): Promise<void> {
    let room: Room;
    try {
      room = await entry.room;
    } catch {
      return;
    }
    await this.persister.flush();
    // Someone may have joined while the flush ran; then the room stays.
    if (entry.holders > 0 || this.entries.get(boardId) !== entry) return;
    if (this.persister.hasPending(boardId)) {
      // The store refused the write (disk full, busy). Unloading now would drop edits that
      // exist only in this doc; keep the room and try again later.
      this.log.warn({ boardId }, 'board has unstored updates; keeping it in memory');
      setTimeout(() => {
        if (entry.holders === 0 && this.entries.get(boardId) === entry) {
          void this.unloadWhenIdle(boardId, entry).catch((err) => this.log.error({ err, boardId }, 'unloading board failed'));
        }
      }, UNLOAD_RETRY_MS).unref();
      return;
    }
    if (room.storedUpdateCount > 1) {
      // A snapshot of the doc drops deleted content (a merge of updates keeps it), but encoding
      // it runs here, on the event loop; a large board is merged in the store's thread instead.
      // In a cluster another node may have stored an update this doc has not heard yet; a
      // snapshot would replace it, a merge keeps it.
      if (!this.relay && room.approxBytes <= SNAPSHOT_ON_UNLOAD_MAX_BYTES) {
        await this.store.replaceWithSnapshot(boardId, Y.encodeStateAsUpdate(room.doc));
      } else {
        await this.store.compact(boardId);
      }
      if (entry.holders > 0 || this.entries.get(boardId) !== entry) return;
    }
    this.entries.delete(boardId);
    entry.channel?.close();
    room.destroy();
    this.log.debug({ boardId }, 'room unloaded');
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.persister.close();
    for (const entry of this.entries.values()) {
      entry.channel?.close();
      try {
        (await entry.room).destroy();
      } catch {
        // A room that failed to load has nothing to destroy.
      }
    }
    this.entries.clear();
  }
}
