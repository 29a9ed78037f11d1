import { isEmptyPatch, patchWith, votingChanges } from '../../lib/poker/patch';
import { viewFor } from '../../lib/poker/redact';
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
  /** The state every recipient was last told of. */
  from: PokerState;
  /** The state now. */
  to: PokerState;
  timer: NodeJS.Timeout;
}

/**
 * The votes of a board's voting round, sent as patches (lib/poker/patch.ts): changes within
 * POKER_PATCH_WINDOW_MS are collected, then each socket at the table gets what changed of its own
 * view between the state it was last told of and the state now. Each patch is a function of those
 * two states, who is present and the recipient, so any node holding the sockets can make it.
 */
export class PokerPatches {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly voters: PokerVoters,
    private readonly now: () => number,
    /** Sends one socket its whole view (a patch that cannot be made). */
    private readonly sendView: (voter: Voter, state: PokerState) => void,
  ) {}

  /** A change from `from` to `to` that onlyVotingChurn allows: told at the end of the window. */
  queue(boardId: string, from: PokerState, to: PokerState): void {
    const pending = this.pending.get(boardId);
    if (pending) {
      pending.to = to;
      return;
    }
    const timer = setTimeout(() => this.flush(boardId), POKER_PATCH_WINDOW_MS);
    timer.unref();
    this.pending.set(boardId, { from, to, timer });
  }

  /** Sends what is pending now: before a single socket's whole view, so its patches stay in order. */
  flush(boardId: string): void {
    const pending = this.drop(boardId);
    if (!pending) return;
    const present = this.voters.present(boardId);
    const now = this.now();
    // What anyone may see of the changes, once; each recipient's own line on top of it.
    const changes = votingChanges({ state: pending.from, present }, { state: pending.to, present });
    for (const voter of this.voters.atBoard(boardId)) {
      // A socket told nothing yet gets its whole view as it joins; a patch would not apply.
      if (voter.sent === 0) continue;
      if (changes === null) {
        this.sendView(voter, pending.to);
        continue;
      }
      const body = patchWith(changes, { voterId: voter.voterId, role: voter.role }, now);
      if (!isEmptyPatch(body)) voter.socket.emit('poker:patch', { ...body, seq: ++voter.sent });
    }
  }

  close(): void {
    for (const boardId of [...this.pending.keys()]) this.drop(boardId);
  }

  /** Forgets what is pending: everyone is about to get a whole view. */
  cancel(boardId: string): void {
    this.drop(boardId);
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
export function numberedView(voter: Voter, state: PokerState, present: ReturnType<PokerVoters['present']>, now: number) {
  return { ...viewFor(state, { voterId: voter.voterId, role: voter.role }, present, now), seq: ++voter.sent };
}
