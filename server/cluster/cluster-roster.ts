import type { PresentMember } from '../../lib/poker/redact';
import type { Participant } from '../../lib/session/roles';
import { voterIdFor } from '../control/poker-voters';
import type { RemoteRoster } from '../control/roster';
import type { Logger } from '../log';

/** Each node says it is alive this often (with its roster's version). */
export const HEARTBEAT_MS = 1000;
/** A node not heard of for this long is dead: its people leave every roster. */
export const NODE_TIMEOUT_MS = 4000;
/** A node that just started has heard every live peer's heartbeat after this long. */
export const ROSTER_SETTLE_MS = HEARTBEAT_MS * 1.5;

/** One person on a board, as the node that holds their socket tells it. */
interface Seat {
  boardId: string;
  participant: Participant;
  /** Public poker voter id (a hash of the handshake's voter token), when it named one. */
  voterId: string | null;
}

/** A change of one node's roster; `version` counts its changes, so a gap shows. */
type RosterChange =
  | { op: 'join' | 'update'; boardId: string; participant: Participant; voterId: string | null }
  | { op: 'leave'; boardId: string; clientId: string };
type RosterDelta = RosterChange & { instance: string; version: number };

interface Alive {
  instance: string;
  version: number;
}

interface FullRoster {
  instance: string;
  version: number;
  seats: Seat[];
}

interface Peer {
  version: number;
  lastSeen: number;
  seats: Map<string, Seat>;
}

/** What this module needs of socket.io's server: events between nodes over its adapter. */
export interface ServerSideChannel {
  serverSideEmit(event: string, ...args: unknown[]): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

const EVENTS = { delta: 'cluster:roster', alive: 'cluster:alive', ask: 'cluster:roster-ask', full: 'cluster:roster-full' } as const;

/**
 * Who is on which board on the other nodes, kept on every node from their deltas (sent with
 * socket.io's `serverSideEmit`, so over the Redis adapter). Each node numbers its changes and
 * says every HEARTBEAT_MS how far it got: a node that missed a delta (Redis was away) asks for
 * the whole roster again, and a node not heard of for NODE_TIMEOUT_MS (killed, cut off) has its
 * people taken out of every roster, each node telling its own sockets.
 *
 * Instances, not node ids, name the peers: a node restarted under the same NODE_ID is a new
 * instance whose old sockets are gone.
 *
 * Only a node that can hear judges others dead: time its own Redis connections were not ready,
 * or its event loop stalled past a heartbeat (their messages queued behind the timer), does not
 * count as their silence.
 */
export class ClusterRoster implements RemoteRoster {
  readonly instance: string;
  private version = 0;
  private readonly mine = new Map<string, Seat>();
  private readonly peers = new Map<string, Peer>();
  private heartbeat: NodeJS.Timeout | null = null;
  private lastTick = 0;
  /** The board's poker voters on other nodes changed (one came, left, was renamed, or their node died). */
  votersChanged: (boardId: string) => void = () => undefined;
  /** This node came to know every other node's people (see complete()). */
  becameComplete: () => void = () => undefined;
  /** When start() ran; until then the roster is not complete. */
  private startedAt = Infinity;
  private wasComplete = false;

  constructor(
    private readonly io: ServerSideChannel,
    instanceId: string,
    /** Tells this node's sockets that a remote person is gone (their node died). */
    private readonly gone: (boardId: string, participant: Participant) => void,
    /** Tells this node's sockets of a remote person it may not have announced (after a gap). */
    private readonly came: (boardId: string, participant: Participant) => void,
    /** A peer is dead (not heard of for NODE_TIMEOUT_MS): what it relayed and did not store is stored here. */
    private readonly peerGone: (instance: string) => void,
    /** Whether this node's Redis connections are ready, so that it would hear its peers. */
    private readonly canHear: () => boolean,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.instance = instanceId;
  }

  start(): void {
    this.io.on(EVENTS.delta, (delta: RosterDelta) => this.onDelta(delta));
    this.io.on(EVENTS.alive, (alive: Alive) => this.onAlive(alive));
    this.io.on(EVENTS.ask, (target: string, asker?: Alive) => {
      // The asker is alive too. A node that just started is known to the others by its
      // question alone until its first heartbeat: cut off within that second (or dead), it
      // would otherwise never be judged dead, and what it relayed unstored never stored.
      if (asker) this.onAlive(asker);
      if (target === this.instance || target === '*') this.sendFull();
    });
    this.io.on(EVENTS.full, (full: FullRoster) => this.onFull(full));
    // Whoever is already running tells us who is where.
    this.emitAsk('*');
    this.startedAt = this.now();
    this.lastTick = this.now();
    this.heartbeat = setInterval(() => this.tick(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Whether this node knows every other node's people: it has listened for a heartbeat since
   * it started, and holds the whole roster of every peer it heard of (a peer heard for the
   * first time, or after a gap, is asked for it). Until then someone on another node may be
   * missing from the rosters, so poker's auto-reveal waits (a round revealed before a voter it
   * did not know of had voted cannot be taken back); it settles once this turns true.
   */
  complete(): boolean {
    if (this.now() - this.startedAt < ROSTER_SETTLE_MS) return false;
    for (const peer of this.peers.values()) if (peer.version < 0) return false;
    return true;
  }

  /** Tells becameComplete when complete() turns true. */
  private checkComplete(): void {
    const complete = this.complete();
    if (complete && !this.wasComplete) this.becameComplete();
    this.wasComplete = complete;
  }

  everyone(boardId: string): Participant[] {
    const people: Participant[] = [];
    for (const peer of this.peers.values()) {
      for (const seat of peer.seats.values()) if (seat.boardId === boardId) people.push(seat.participant);
    }
    return people;
  }

  voters(boardId: string): PresentMember[] {
    const members: PresentMember[] = [];
    for (const peer of this.peers.values()) {
      for (const { boardId: board, participant: p, voterId } of peer.seats.values()) {
        if (board === boardId && voterId) members.push({ voterId, name: p.name, color: p.color, role: p.role });
      }
    }
    return members;
  }

  joined(boardId: string, participant: Participant, voterToken: string | null): void {
    // A projector never votes (as PokerVoters.seat): it has no voter id.
    const voterId = voterToken && participant.role !== 'spectator' ? voterIdFor(boardId, voterToken) : null;
    const seat: Seat = { boardId, participant: { ...participant }, voterId };
    this.mine.set(participant.clientId, seat);
    this.emitDelta({ op: 'join', ...seat });
  }

  updated(boardId: string, participant: Participant): void {
    const seat: Seat = { boardId, participant: { ...participant }, voterId: this.mine.get(participant.clientId)?.voterId ?? null };
    this.mine.set(participant.clientId, seat);
    this.emitDelta({ op: 'update', ...seat });
  }

  left(boardId: string, clientId: string): void {
    this.mine.delete(clientId);
    this.emitDelta({ op: 'leave', boardId, clientId });
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private emitDelta(change: RosterChange): void {
    this.version++;
    this.io.serverSideEmit(EVENTS.delta, { ...change, instance: this.instance, version: this.version });
  }

  private sendFull(): void {
    this.io.serverSideEmit(EVENTS.full, { instance: this.instance, version: this.version, seats: [...this.mine.values()] });
  }

  /**
   * Applied even after a gap (a join or leave is news either way, and a peer that dies before
   * it answers must still have its people removed); the gap is filled by asking for it all.
   */
  private onDelta(delta: RosterDelta): void {
    const peer = this.peer(delta.instance);
    if (delta.version === peer.version + 1) peer.version = delta.version;
    else this.ask(delta.instance);
    const clientId = delta.op === 'leave' ? delta.clientId : delta.participant.clientId;
    const before = peer.seats.get(clientId);
    if (delta.op === 'leave') peer.seats.delete(delta.clientId);
    else peer.seats.set(clientId, { boardId: delta.boardId, participant: delta.participant, voterId: delta.voterId });
    if (before?.voterId || (delta.op !== 'leave' && delta.voterId)) this.votersChanged(delta.boardId);
  }

  private onAlive({ instance, version }: Alive): void {
    if (this.peer(instance).version !== version) this.ask(instance);
  }

  /** The peer's record, heard of now; a new one has no version yet (its whole roster is asked for). */
  private peer(instance: string): Peer {
    let peer = this.peers.get(instance);
    if (!peer) {
      peer = { version: -1, lastSeen: 0, seats: new Map() };
      this.peers.set(instance, peer);
    }
    peer.lastSeen = this.now();
    return peer;
  }

  private onFull(full: FullRoster): void {
    const before = this.peers.get(full.instance);
    const seats = new Map(full.seats.map((seat) => [seat.participant.clientId, seat]));
    this.peers.set(full.instance, { version: full.version, lastSeen: this.now(), seats });
    // Changes this node missed: its sockets may not have heard them either (a join for someone
    // a client already lists is an update there).
    for (const [clientId, seat] of before?.seats ?? []) if (!seats.has(clientId)) this.gone(seat.boardId, seat.participant);
    for (const [clientId, seat] of seats) if (!before?.seats.has(clientId)) this.came(seat.boardId, seat.participant);
    const boards = new Set<string>();
    for (const seat of [...(before?.seats.values() ?? []), ...seats.values()]) if (seat.voterId) boards.add(seat.boardId);
    for (const boardId of boards) this.votersChanged(boardId);
    this.checkComplete();
  }

  private asked = new Map<string, number>();

  /** Asks one peer for its whole roster, at most once per heartbeat. */
  private ask(instance: string): void {
    const now = this.now();
    if (now - (this.asked.get(instance) ?? 0) < HEARTBEAT_MS) return;
    this.asked.set(instance, now);
    this.emitAsk(instance);
  }

  /**
   * Asks `target` ('*': every node) for its whole roster, naming the asker: of a node that just
   * started, the others may hear nothing else before its first heartbeat.
   */
  private emitAsk(target: string): void {
    const asker: Alive = { instance: this.instance, version: this.version };
    this.io.serverSideEmit(EVENTS.ask, target, asker);
  }

  private tick(): void {
    this.io.serverSideEmit(EVENTS.alive, { instance: this.instance, version: this.version });
    const now = this.now();
    const sinceLast = now - this.lastTick;
    this.lastTick = now;
    // Since the last tick this node heard nothing (Redis away), or heard late (a stalled event
    // loop runs this timer before the messages that came meanwhile): that time is not held
    // against the peers.
    const deaf = this.canHear() ? Math.max(0, sinceLast - HEARTBEAT_MS) : sinceLast;
    for (const peer of this.peers.values()) peer.lastSeen = Math.min(now, peer.lastSeen + deaf);
    for (const [instance, peer] of this.peers) {
      if (now - peer.lastSeen < NODE_TIMEOUT_MS) continue;
      this.peers.delete(instance);
      this.asked.delete(instance);
      this.log.warn({ instance, people: peer.seats.size }, 'node not heard of: its people leave the rosters');
      for (const seat of peer.seats.values()) this.gone(seat.boardId, seat.participant);
      for (const boardId of new Set([...peer.seats.values()].filter((seat) => seat.voterId).map((seat) => seat.boardId))) {
        this.votersChanged(boardId);
      }
      this.peerGone(instance);
    }
    this.checkComplete();
  }
}
