import type * as Y from 'yjs';
import { ERROR_CODES } from '../../lib/protocol';
import type { BoardLock } from '../board-lock';
import type { Logger } from '../log';
import { ControlError } from './control-error';
import type { ControlHub, ControlSocket } from './control-hub';

/** Origin of the server's own writes into board documents. */
export const SERVER_ORIGIN = 'server';

/** What a feature's rules may reach of a board besides their own state. */
export interface BoardAccess {
  readonly boardId: string;
  /** The board's document. Loaded while anyone is connected (the hub holds the room). */
  doc(): Promise<Y.Doc>;
  /** The document if it is loaded, else null (never loads it). */
  docIfLoaded(): Promise<Y.Doc | null>;
}

/** Who is told after a change: one socket, everyone on the board, or nobody. */
export type Audience = ControlSocket | 'everyone' | 'nobody';

/**
 * One feature's server-held state of a board (a poker round, a trim proposal, the meeting) and
 * what the service needs to know of it. The rules decide; the service loads, queues, stores,
 * tells and unloads.
 */
export interface BoardStateRules<S> {
  /** Reads the board's state from the store, or makes the initial one. */
  load(board: BoardAccess): Promise<S>;
  /** Stores a state that changed (`next !== previous`); nobody hears of it before this resolves. */
  save(boardId: string, next: S, previous: S): Promise<void>;
  /**
   * Sends the state to one socket, or to everyone on the board: each its own view. `previous` is
   * the state before the change when this send follows one (a feature may send what changed).
   */
  send(boardId: string, state: S, to: ControlSocket | 'everyone', previous?: S): void;
  /** Rules that follow from the state and the room, applied after every change (auto-reveal). */
  settle?(boardId: string, state: S): S;
  /** When the state wants to be settled again with no event (a timer's end), in ms; null: never. */
  wakeAt?(state: S): number | null;
  /** Never stored (`load` makes it afresh): in a cluster the state itself goes to the other nodes. */
  memoryOnly?: boolean;
}

/**
 * Cluster mode (server/cluster/state-sharing.ts): the store holds the one state of a board for
 * every node; a change runs under the board's lock across the cluster, reads the state there,
 * and the other nodes hear of it and send it to their own sockets.
 */
export interface StateSharing {
  /** Runs `fn` holding the board's lock on every node. */
  locked<T>(boardId: string, fn: () => Promise<T>): Promise<T>;
  /** Tells the other nodes a feature's state of the board changed (memory-only states travel along). */
  changed(boardId: string, feature: string, state: unknown): void;
}

export interface ChangeOptions {
  /** Who is told when the state did not change (asked after the change ran). Default: nobody. */
  unchanged?: () => Audience;
}

interface Loaded<S> {
  state: S;
  timer: NodeJS.Timeout | null;
}

/**
 * The server-held state of every board, for every feature: load it once, change it one event
 * at a time per board (one lock for all features and for the attachment quota), store each
 * change before anyone hears of it, send each recipient its view, and drop it from memory
 * when the board's last connection leaves (the store keeps it).
 */
export class BoardStateService {
  private readonly features: Array<BoardStates<never>> = [];
  /** Cluster mode; null on one node. */
  sharing: StateSharing | null = null;

  constructor(
    readonly hub: ControlHub,
    readonly lock: BoardLock,
    readonly log: Logger,
    readonly now: () => number = Date.now,
  ) {
    // Registered before any feature's own leave listener: the state is gone from memory first,
    // and a change those listeners queue (a trim seat released) loads it, stores, and drops it.
    hub.onLeave((ctx) => {
      if (!this.isEmpty(ctx.boardId)) return;
      for (const feature of this.features) feature.unload(ctx.boardId);
    });
  }

  /** Registers one feature's state. */
  define<S>(name: string, rules: BoardStateRules<S>): BoardStates<S> {
    const states = new BoardStates(this, name, rules);
    this.features.push(states as unknown as BoardStates<never>);
    return states;
  }

  /** Another node changed a feature's state of the board: this node's sockets get it. */
  remoteChanged(boardId: string, feature: string, state: unknown): Promise<void> {
    return this.features.find((f) => f.name === feature)?.refresh(boardId, state as never) ?? Promise.resolve();
  }

  /** Cluster mode, after Redis was away: every state held here is read again and sent. */
  refreshAll(): void {
    for (const feature of this.features) feature.refreshAll();
  }

  /**
   * Nobody on this node is connected to the board's control plane. In a cluster, people on other
   * nodes do not keep the state here: nobody here would be told of it, and their node holds it.
   */
  isEmpty(boardId: string): boolean {
    return !this.hub.hasLocal(boardId);
  }

  access(boardId: string): BoardAccess {
    const rooms = this.hub.rooms;
    return {
      boardId,
      async doc() {
        const room = await rooms.peek(boardId);
        if (!room) throw new ControlError(ERROR_CODES.internal, 'the board is not loaded');
        return room.doc;
      },
      async docIfLoaded() {
        return (await rooms.peek(boardId))?.doc ?? null;
      },
    };
  }

  close(): void {
    for (const feature of this.features) feature.close();
  }
}

/** One feature's state of every board (see BoardStateService). */
export class BoardStates<S> {
  private readonly loaded = new Map<string, Promise<Loaded<S>>>();

  constructor(
    private readonly service: BoardStateService,
    readonly name: string,
    private readonly rules: BoardStateRules<S>,
  ) {}

  /** The board's state as it is now, loaded if need be; for reads that change nothing. */
  async read(boardId: string): Promise<S> {
    return (await this.entry(boardId)).state;
  }

  /**
   * Sends one socket the state, in the board's turn: after any change under way, so what is
   * told after it (a poker patch) fits it. Nothing changes, so no store transaction: a projector
   * arriving or asking again costs a read.
   */
  tell(boardId: string, socket: ControlSocket): Promise<void> {
    return this.service.lock.run(boardId, async () => this.rules.send(boardId, await this.read(boardId), socket));
  }

  /**
   * Runs one change of the board's state after every other change of the board: apply, settle,
   * store, then tell. A change that returns the state it was given changed nothing: it is not
   * stored, and `options.unchanged` says who hears of it. A change that throws changes nothing.
   */
  change(boardId: string, fn: (state: S, board: BoardAccess) => S | Promise<S>, options: ChangeOptions = {}): Promise<void> {
    const sharing = this.service.sharing;
    return this.service.lock.run(boardId, async () => {
      if (!sharing) return this.changeNow(boardId, fn, options);
      // A board still loading here (its store read, its relay subscription) is waited for before
      // the cluster lock, not while holding it: every node's changes of the board would wait too.
      await this.service
        .access(boardId)
        .docIfLoaded()
        .catch(() => null);
      return sharing.locked(boardId, () => this.changeNow(boardId, fn, options));
    });
  }

  private async changeNow(boardId: string, fn: (state: S, board: BoardAccess) => S | Promise<S>, options: ChangeOptions): Promise<void> {
    const entry = this.entry(boardId);
    const loaded = await entry;
    // What this node's sockets were last sent, whatever the store holds now.
    const previous = loaded.state;
    // In a cluster another node may have changed it since: the store has the state, and this
    // node holds the board's lock, so it cannot change until this change is stored.
    if (this.service.sharing && !this.rules.memoryOnly) loaded.state = await this.rules.load(this.service.access(boardId));
    let next = (await fn(loaded.state, this.service.access(boardId))) as S;
    if (this.rules.settle) next = this.rules.settle(boardId, next);
    const changed = next !== loaded.state;
    if (changed) {
      await this.rules.save(boardId, next, loaded.state);
      loaded.state = next;
      this.service.sharing?.changed(boardId, this.name, this.rules.memoryOnly ? next : null);
    }
    if (this.loaded.get(boardId) !== entry || this.service.isEmpty(boardId)) {
      // Everyone left while this ran (the state was unloaded, or loaded again by a change
      // queued before the last leave). The change is stored; keep neither the state in memory
      // nor a timer on it, or the timer would load it again with nobody here. A timer's end
      // is applied when the board is next loaded.
      if (this.loaded.get(boardId) === entry) this.loaded.delete(boardId);
      this.clearTimer(loaded);
      return;
    }
    this.armTimer(boardId, entry, loaded);
    const changedHere = loaded.state !== previous;
    const audience = changed ? 'everyone' : (options.unchanged?.() ?? 'nobody');
    if (audience !== 'nobody') this.rules.send(boardId, loaded.state, audience, changedHere ? previous : undefined);
  }

  /**
   * Another node changed the board's state (cluster mode): read it (or take it, for a
   * memory-only state), arm its timer here too (so it fires even if that node dies; settling
   * under the lock makes the second firing a no-op), and send this node's sockets their views.
   * A board this node does not hold is read when it is next needed.
   */
  refresh(boardId: string, carried: S): Promise<void> {
    if (!this.loaded.has(boardId)) return Promise.resolve();
    return this.service.lock.run(boardId, async () => {
      const entry = this.loaded.get(boardId);
      if (!entry) return;
      const loaded = await entry;
      const previous = loaded.state;
      loaded.state = this.rules.memoryOnly ? carried : await this.rules.load(this.service.access(boardId));
      this.armTimer(boardId, entry, loaded);
      this.rules.send(boardId, loaded.state, 'everyone', previous);
    });
  }

  /** Reads every board's state held here again (memory-only states have nothing to read). */
  refreshAll(): void {
    if (this.rules.memoryOnly) return;
    for (const boardId of this.loaded.keys()) {
      this.refresh(boardId, undefined as S).catch((err) => this.service.log.error({ err, boardId }, `${this.name} refresh failed`));
    }
  }

  /** The boards whose state is held in memory now. */
  loadedBoardIds(): string[] {
    return [...this.loaded.keys()];
  }

  /** Whether the board's state is held in memory (for tests: it must go when everyone left). */
  isLoaded(boardId: string): boolean {
    return this.loaded.has(boardId);
  }

  /** Drops the board's state from memory (stored after every change already). */
  unload(boardId: string): void {
    const entry = this.loaded.get(boardId);
    this.loaded.delete(boardId);
    void entry?.then((loaded) => this.clearTimer(loaded)).catch(() => undefined);
  }

  close(): void {
    for (const boardId of [...this.loaded.keys()]) this.unload(boardId);
  }

  private entry(boardId: string): Promise<Loaded<S>> {
    let entry = this.loaded.get(boardId);
    if (!entry) {
      const loading = this.rules.load(this.service.access(boardId)).then((state): Loaded<S> => ({ state, timer: null }));
      entry = loading;
      this.loaded.set(boardId, loading);
      // A failed load is retried at the next event rather than kept.
      loading.catch(() => {
        if (this.loaded.get(boardId) === loading) this.loaded.delete(boardId);
      });
    }
    return entry;
  }

  /** `entry` is the board's loaded state as `this.loaded` held it when the timer was armed. */
  private armTimer(boardId: string, entry: Promise<Loaded<S>>, loaded: Loaded<S>): void {
    this.clearTimer(loaded);
    const at = this.rules.wakeAt?.(loaded.state) ?? null;
    if (at === null) return;
    loaded.timer = setTimeout(
      () => {
        loaded.timer = null;
        // Unloaded since (everyone left): loading it again for nobody would keep it in memory.
        if (this.loaded.get(boardId) !== entry) return;
        this.change(boardId, (state) => state).catch((err) => this.service.log.error({ err, boardId }, `${this.name} timer failed`));
      },
      Math.max(0, at - this.service.now()) + 5,
    );
    loaded.timer.unref();
  }

  private clearTimer(loaded: Loaded<S>): void {
    if (loaded.timer) clearTimeout(loaded.timer);
    loaded.timer = null;
  }
}
