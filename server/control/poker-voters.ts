import { createHash, randomBytes } from 'node:crypto';
import type { PresentMember } from '../../lib/poker/redact';
import { ERROR_CODES } from '../../lib/protocol';
import type { Role } from '../../lib/session/roles';
import { ControlError } from './control-error';
import type { ControlSocket, EventContext } from './control-hub';

/** A socket at the poker table. */
export interface Voter {
  socket: ControlSocket;
  boardId: string;
  role: Role;
  /**
   * Public id: a hash of the private token, so knowing someone's id does not let you act as them.
   * Until the socket joins, a hash of a secret the server minted and never sends: an identity
   * nobody (not even this socket) can claim elsewhere, which may not vote.
   */
  voterId: string;
  /** Whether `voterId` comes from a token this socket presented (only then may it vote). */
  joined: boolean;
  /** Poker messages sent to this socket (views and patches): the last one's `seq`. */
  sent: number;
}

export function voterIdFor(boardId: string, token: string): string {
  return createHash('sha256').update(`${boardId}\0${token}`).digest('base64url').slice(0, 16);
}

/**
 * Who sits at each board's poker table, by socket: the identity behind a vote. Every socket of
 * a board has a seat (its view is built for it); only a socket that presented a voter token (in
 * the handshake or with poker:join) may vote and counts for auto-reveal.
 */
export class PokerVoters {
  private readonly bySocket = new Map<string, Voter>();

  /** The socket's seat, made on its first event. */
  seat(ctx: EventContext): Voter {
    let voter = this.bySocket.get(ctx.socket.id);
    if (!voter) {
      // The handshake carried the token: a voter from its first event, whatever order the
      // client's first events arrive in.
      // Otherwise not the socket id (it is public in the roster, so anyone could have joined as
      // it): a secret minted here and never sent, so no one else can name or claim this identity.
      const token = ctx.role === 'spectator' ? null : (ctx.socket.data.voterToken ?? null);
      const voterId = voterIdFor(ctx.boardId, token ?? `minted:${randomBytes(24).toString('base64url')}`);
      voter = { socket: ctx.socket, boardId: ctx.boardId, role: ctx.role, voterId, joined: token !== null, sent: 0 };
      this.bySocket.set(ctx.socket.id, voter);
    }
    return voter;
  }

  /** The seat of a socket that has presented its voter token; votes need one. */
  joined(ctx: EventContext): Voter {
    // Runs inside the board's queue, possibly after the socket left: never re-create its
    // seat then (nothing would delete it again).
    const voter = this.bySocket.get(ctx.socket.id) ?? (ctx.socket.connected ? this.seat(ctx) : undefined);
    if (!voter?.joined) {
      throw new ControlError(ERROR_CODES.conflict, 'announce your voter token (poker:join) before voting');
    }
    return voter;
  }

  /** Frees the socket's seat; returns it, if it had one. */
  leave(socketId: string): Voter | undefined {
    const voter = this.bySocket.get(socketId);
    this.bySocket.delete(socketId);
    return voter;
  }

  of(socket: ControlSocket): Voter | undefined {
    return this.bySocket.get(socket.id);
  }

  /** Every seat at the board's table, spectators' included. */
  *atBoard(boardId: string): Iterable<Voter> {
    for (const voter of this.bySocket.values()) if (voter.boardId === boardId) yield voter;
  }

  /** No socket on this node sits at the board's table. */
  nobodyAt(boardId: string): boolean {
    for (const _ of this.atBoard(boardId)) return false;
    return true;
  }

  /** Those who may vote: a socket that has not joined must not hold up an auto-reveal either. */
  present(boardId: string): PresentMember[] {
    const members: PresentMember[] = [];
    for (const v of this.atBoard(boardId)) {
      if (v.joined) members.push({ voterId: v.voterId, name: v.socket.data.name, color: v.socket.data.color, role: v.role });
    }
    // Cluster mode: voters on other nodes are present too (one entry per voter, as here).
    for (const m of this.remote?.(boardId) ?? []) if (!members.some((p) => p.voterId === m.voterId)) members.push(m);
    return members;
  }

  /** Cluster mode: the board's voters on other nodes (ControlHub.remoteVoters). */
  remote: ((boardId: string) => PresentMember[]) | null = null;
}

/**
 * Binds a socket to the voter a token names. One token per socket: a different one is refused
 * while a round is voting (one socket cycling through tokens cast 300 votes in a round); between
 * rounds it may change (the browser's stored token was reset). Taking over a voter another
 * socket holds needs that voter's token itself: the public voterId is a hash of it.
 */
export function bindVoterToken(voter: { voterId: string; joined: boolean }, voterId: string, roundOpen: boolean): void {
  if (voter.joined && voter.voterId !== voterId && roundOpen) {
    throw new ControlError(
      ERROR_CODES.conflict,
      'this connection already votes with another voter token in the open round; a new token is accepted between rounds',
    );
  }
  voter.voterId = voterId;
  voter.joined = true;
}
