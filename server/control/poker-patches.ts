import { isEmptyPatch, onlyVotingChurn, patchWith, samePokerState, votingChanges, type PokerSource } from '../../lib/poker/patch';
import { viewFor, type PresentMember } from '../../lib/poker/redact';
import type { PokerState } from '../../lib/poker/round';
import type { PokerVoters, Voter } from './poker-voters';

/**
 * How long votes are collected before one patch per recipient goes out. A burst of votes (a
 * room voting at once) costs one message per recipient, not one per vote. bench:poker at 100
 * voters, load ~20: 2 ms made more flushes (p99 vote → counted 129 ms), 10 ms added its own wait
 * (p50 12–14 ms); 5 ms: p50 9–11 ms, p99 45 ms.
 */
export const POKER_PATCH_WINDOW_MS = 5;

interface Pending {
  /** The state now. */
  to: PokerState;
  timer: NodeJS.Timeout;
}

/**
 * What this node's sockets at a board's poker table are told, and how: each change as whole
 * views, or, while a round is voting, as patches (lib/poker/patch.ts) collected over
 * POKER_PATCH_WINDOW_MS. A patch is made against what every socket here was last told (the
 * state and who was present then), kept per board and changed only when all of them are told,
 * by whole views or by a flush. Never against the state before the change: in a cluster this
 * node may have read a newer state from the store (a refused vote, a poker:get) without telling
 * anyone, and a patch from that would lose the other node's vote. Who is present is part of
 * each side, so a voter arriving or leaving (here or on another node) is a patch too.
 */
export class PokerPatches {
  /** Per board: what every socket here that was told anything was last told. */
  private readonly told = new Map<string, PokerSource>();
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly voters: PokerVoters,
    private readonly now: () => number,
  ) {}

  /** The state after a change, or who is present changed: everyone here hears of it. */
  tell(boardId: string, state: PokerState): void {
    const told = this.told.get(boardId);
    if (told && onlyVotingChurn(told.state, state)) return this.queue(boardId, state);
    this.drop(boardId);
    const present = this.voters.present(boardId);
    const now = this.now();
    for (const voter of this.voters.atBoard(boardId)) this.sendView(voter, state, present, now);
    this.told.set(boardId, { state, present });
  }

  /**
   * One socket's whole view (it joined, or asked). A state newer than what the others were told
   * (read from the store in a cluster) goes to everyone first: they all keep one base.
   */
  tellOne(voter: Voter, state: PokerState): void {
    const told = this.told.get(voter.boardId);
    if (told && !samePokerState(told.state, state)) this.tell(voter.boardId, state);
    // Patches still pending go first: they were made against the views sent before.
    this.flush(voter.boardId);
    this.sendView(voter, state, this.voters.present(voter.boardId), this.now());
  }

  /** Sends what is pending now. */
  flush(boardId: string): void {
    const pending = this.drop(boardId);
    const told = this.told.get(boardId);
    if (!pending || !told) return;
    const next = { state: pending.to, present: this.voters.present(boardId) };
    const now = this.now();
    // What anyone may see of the changes, once; each recipient's own line on top of it.
    const changes = votingChanges(told, next);
    for (const voter of this.voters.atBoard(boardId)) {
      // A socket told nothing yet (it is joining) has no view a patch could apply to.
      if (changes === null || voter.sent === 0) {
        this.sendView(voter, next.state, next.present, now);
        continue;
      }
      const body = patchWith(changes, { voterId: voter.voterId, role: voter.role }, now);
      if (!isEmptyPatch(body)) voter.socket.emit('poker:patch', { ...body, seq: ++voter.sent });
    }
    this.told.set(boardId, next);
  }

  /** Nobody here is at the board's table any more: what they were told is nobody's base. */
  forget(boardId: string): void {
    this.drop(boardId);
    this.told.delete(boardId);
  }

  close(): void {
    for (const boardId of [...this.pending.keys()]) this.drop(boardId);
    this.told.clear();
  }

  /** A change onlyVotingChurn allows from what everyone was told: told at the end of the window. */
  private queue(boardId: string, to: PokerState): void {
    const pending = this.pending.get(boardId);
    if (pending) {
      pending.to = to;
      return;
    }
    const timer = setTimeout(() => this.flush(boardId), POKER_PATCH_WINDOW_MS);
    timer.unref();
    this.pending.set(boardId, { to, timer });
  }

  private sendView(voter: Voter, state: PokerState, present: readonly PresentMember[], now: number): void {
    voter.socket.emit('poker:state', numberedView(voter, state, present, now));
  }

  private drop(boardId: string): Pending | undefined {
    const pending = this.pending.get(boardId);
    if (!pending) return undefined;
    clearTimeout(pending.timer);
    this.pending.delete(boardId);
    return pending;
  }
}

/** A socket's whole view, numbered (the recipient's next `seq`). */
function numberedView(voter: Voter, state: PokerState, present: readonly PresentMember[], now: number) {
  return { ...viewFor(state, { voterId: voter.voterId, role: voter.role }, present, now), seq: ++voter.sent };
}
