import { SPECTATOR_COUNT_INTERVAL_MS, type RosterDelta } from '../../lib/protocol';
import type { PresentMember } from '../../lib/poker/redact';
import type { Participant } from '../../lib/session/roles';

/** How long a name or colour change may wait to be merged with the same client's next one. */
const ROSTER_UPDATE_DELAY_MS = 100;

/** The socket.io room of a board: every control socket of that board is in it. */
export function boardChannel(boardId: string): string {
  return `board:${boardId}`;
}

/** What this module needs of socket.io (kept structural: control-hub imports this module). */
interface RosterEmitter {
  emit(event: 'roster', participants: Participant[]): unknown;
  emit(event: 'roster:delta', delta: RosterDelta): unknown;
}
interface RosterServer {
  to(room: string): RosterEmitter;
  /** This node's sockets only (socket.io's `io.local`). */
  local: { to(room: string): RosterEmitter };
}
interface RosterSocket extends RosterEmitter {
  to(room: string): RosterEmitter;
}

/**
 * The people connected to other nodes of a cluster (server/cluster/cluster-roster.ts). Their
 * deltas reach this node's sockets through socket.io's adapter; this keeps the list, for the
 * full roster a joining socket gets and for the rules that count who is here.
 */
export interface RemoteRoster {
  everyone(boardId: string): Participant[];
  /** The poker voters among them (those whose handshake named a voter token). */
  voters(boardId: string): PresentMember[];
  /** Whether every other node's people are known here (false for a moment after a start or a gap). */
  complete(): boolean;
  /** Tell the other nodes about this node's sockets (the token is turned into its public voter id). */
  joined(boardId: string, participant: Participant, voterToken: string | null): void;
  left(boardId: string, clientId: string): void;
  updated(boardId: string, participant: Participant): void;
}

/**
 * Who is connected to each board's control plane, and how clients learn it. The whole roster
 * goes only to a socket that joins; everyone else gets one small `roster:delta` per change.
 * Spectators are not listed to clients: their count is sent, summed up over
 * SPECTATOR_COUNT_INTERVAL_MS, so a crowd of viewers joining costs the board a few messages
 * instead of one per viewer per person (n², then n³ bytes with full rosters).
 */
export class BoardRosters {
  private readonly rosters = new Map<string, Map<string, Participant>>();
  private readonly spectatorCountTimers = new Map<string, NodeJS.Timeout>();
  /** Name or colour changes waiting to go out, per board: the latest per client wins. */
  private readonly pendingUpdates = new Map<string, Map<string, Participant>>();

  /** Cluster mode: the other nodes' people (set once, before the first socket joins). */
  remote: RemoteRoster | null = null;

  constructor(private readonly io: RosterServer) {}

  /** Everyone connected to a board now, spectators included (server-side rules use it). */
  everyone(boardId: string): Participant[] {
    const local = Array.from(this.rosters.get(boardId)?.values() ?? []);
    return this.remote ? local.concat(this.remote.everyone(boardId)) : local;
  }

  /** Whether any socket on this node is on the board (in a cluster, people elsewhere do not count). */
  hasLocal(boardId: string): boolean {
    return (this.rosters.get(boardId)?.size ?? 0) > 0;
  }

  /** How many sockets are on a board now (without copying its roster, on one node). */
  size(boardId: string): number {
    const local = this.rosters.get(boardId)?.size ?? 0;
    return this.remote ? local + this.remote.everyone(boardId).length : local;
  }

  /** A person on another node this node's sockets may not know of: they are told (a join is an upsert). */
  remoteCame(boardId: string, entry: Participant): void {
    if (entry.role === 'spectator') return this.scheduleSpectatorCount(boardId, true);
    this.io.local.to(boardChannel(boardId)).emit('roster:delta', { op: 'join', participant: { ...entry } });
  }

  /** A person on another node is gone (its node died): this node's sockets are told. */
  remoteGone(boardId: string, entry: Participant): void {
    if (entry.role === 'spectator') return this.scheduleSpectatorCount(boardId, true);
    // Every node that saw the node die tells its own sockets.
    this.io.local.to(boardChannel(boardId)).emit('roster:delta', { op: 'leave', clientId: entry.clientId });
  }

  /** Adds a socket (already in the board's channel): its full roster to it, a delta to the rest. */
  join(socket: RosterSocket, boardId: string, entry: Participant, voterToken: string | null = null): void {
    const roster = this.rosters.get(boardId) ?? new Map<string, Participant>();
    this.rosters.set(boardId, roster);
    roster.set(entry.clientId, entry);
    this.remote?.joined(boardId, entry, voterToken);
    socket.emit('roster', this.listed(boardId));
    socket.emit('roster:delta', { op: 'spectators', count: this.spectatorCount(boardId) });
    if (entry.role === 'spectator') return this.scheduleSpectatorCount(boardId);
    const delta: RosterDelta = { op: 'join', participant: { ...entry } };
    socket.to(boardChannel(boardId)).emit('roster:delta', delta);
  }

  leave(boardId: string, clientId: string): void {
    const roster = this.rosters.get(boardId);
    const entry = roster?.get(clientId);
    if (!roster || !entry) return;
    roster.delete(clientId);
    this.remote?.left(boardId, clientId);
    if (roster.size === 0) this.rosters.delete(boardId);
    if (entry.role === 'spectator') return this.scheduleSpectatorCount(boardId);
    this.io.to(boardChannel(boardId)).emit('roster:delta', { op: 'leave', clientId });
  }

  /**
   * A name or colour change. Sent within ROSTER_UPDATE_DELAY_MS, the latest per client only: a
   * client sending presence:set as fast as its budget allows costs the board a few deltas, not
   * one per event per person.
   */
  update(boardId: string, clientId: string, name: string, color: string): void {
    const entry = this.rosters.get(boardId)?.get(clientId);
    if (!entry) return;
    entry.name = name;
    entry.color = color;
    if (entry.role === 'spectator') return;
    let pending = this.pendingUpdates.get(boardId);
    if (!pending) {
      pending = new Map();
      this.pendingUpdates.set(boardId, pending);
      setTimeout(() => this.flushUpdates(boardId), ROSTER_UPDATE_DELAY_MS).unref();
    }
    pending.set(clientId, entry);
  }

  private flushUpdates(boardId: string): void {
    const pending = this.pendingUpdates.get(boardId);
    this.pendingUpdates.delete(boardId);
    const roster = this.rosters.get(boardId);
    for (const [clientId, entry] of pending ?? []) {
      // Gone since: its leave delta already went out.
      if (roster?.get(clientId) !== entry) continue;
      this.remote?.updated(boardId, entry);
      this.io.to(boardChannel(boardId)).emit('roster:delta', { op: 'update', participant: { ...entry } });
    }
  }

  /** The roster as clients see it: everyone but spectators (they are a count). */
  private listed(boardId: string): Participant[] {
    return this.everyone(boardId).filter((p) => p.role !== 'spectator');
  }

  private spectatorCount(boardId: string): number {
    let count = 0;
    for (const p of this.everyone(boardId)) if (p.role === 'spectator') count++;
    return count;
  }

  /** `anyNode`: sent even when none of the board's sockets is on this node (a remote one left). */
  private scheduleSpectatorCount(boardId: string, anyNode = false): void {
    if (this.spectatorCountTimers.has(boardId)) return;
    const timer = setTimeout(() => {
      this.spectatorCountTimers.delete(boardId);
      if (!anyNode && !this.rosters.has(boardId)) return;
      this.io.to(boardChannel(boardId)).emit('roster:delta', { op: 'spectators', count: this.spectatorCount(boardId) });
    }, SPECTATOR_COUNT_INTERVAL_MS);
    timer.unref();
    this.spectatorCountTimers.set(boardId, timer);
  }

  close(): void {
    for (const timer of this.spectatorCountTimers.values()) clearTimeout(timer);
    this.spectatorCountTimers.clear();
    this.pendingUpdates.clear();
  }
}
