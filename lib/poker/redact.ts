/**
 * What one recipient may see of the poker state. This is the secrecy boundary: the server sends
 * nothing but `viewFor(...)` to a client, and before the reveal a view carries no vote value but
 * the recipient's own — not for participants, not for the facilitator, not for spectators.
 */
import type { PokerSettings, PokerTarget } from '../board/estimation';
import { canVote } from '../session/permissions';
import type { Role } from '../session/roles';
import { type PokerState, type RoundBasics, roundTarget, votesOf } from './round';
import { type PokerStats, computeStats } from './stats';

// ---------------------------------------------------------------------------
// The view: what `poker:state` carries to one recipient

/** thinking: present, not voted yet; away: voted, then disconnected (the vote still counts). */
export type VoterStatus = 'voted' | 'thinking' | 'not-voting' | 'away';

export interface PokerVoterView {
  /** Public id (a hash of the private voter token). */
  voterId: string;
  name: string;
  color: string;
  status: VoterStatus;
  /** The card: only to its owner before the reveal, to everyone after. */
  vote: string | null;
  isMe: boolean;
  /** After the reveal: highest or lowest estimate, so they can explain. */
  outlier: 'high' | 'low' | null;
}

export interface PokerRoundView extends RoundBasics {
  /** What this round estimates; accepting writes that field of the item. */
  target: PokerTarget;
  voters: PokerVoterView[];
  /** Only after the reveal. */
  stats: PokerStats | null;
}

export interface PokerView {
  /** Server clock when sent, so clients can show the timer without trusting their own clock. */
  serverNow: number;
  settings: PokerSettings;
  round: PokerRoundView | null;
  /** Item ids queued after the current one. */
  queue: string[];
  me: { voterId: string; role: Role; notVoting: boolean; canVote: boolean; vote: string | null };
}

/** Someone connected to the board now, as the poker service knows them. */
export interface PresentMember {
  voterId: string;
  name: string;
  color: string;
  role: Role;
}

export interface Viewer {
  voterId: string;
  role: Role;
}

/**
 * The voter ids that must have voted before an auto-reveal: everyone present who may vote.
 * A spectator (the projector) never votes, so counting it would block the reveal for good.
 */
export function presentVoterIds(present: readonly PresentMember[]): string[] {
  return present.filter((m) => canVote(m.role)).map((m) => m.voterId);
}

export function viewFor(state: PokerState, viewer: Viewer, present: readonly PresentMember[], now: number): PokerView {
  const round = state.round;
  const notVoting = state.notVoting.includes(viewer.voterId);
  // A projector shares a browser (and so a voter id) with the facilitator's tab at times: it
  // must never show that tab's card on the wall before the reveal.
  const ownVote = round && canVote(viewer.role) ? (round.votes[viewer.voterId] ?? null) : null;
  return {
    serverNow: now,
    settings: state.settings,
    round: round ? roundView(state, viewer, present) : null,
    queue: [...state.queue],
    me: {
      voterId: viewer.voterId,
      role: viewer.role,
      notVoting,
      canVote: canVote(viewer.role) && !notVoting,
      vote: ownVote,
    },
  };
}

function roundView(state: PokerState, viewer: Viewer, present: readonly PresentMember[]): PokerRoundView {
  const round = state.round!;
  const mine = (voterId: string) => canVote(viewer.role) && voterId === viewer.voterId;
  const revealed = round.phase !== 'voting';
  const stats = revealed ? computeStats(round.deck, votesOf(round)) : null;

  const voters: PokerVoterView[] = [];
  const seen = new Set<string>();
  const add = (voterId: string, name: string, color: string, online: boolean) => {
    if (seen.has(voterId)) return;
    seen.add(voterId);
    const card = round.votes[voterId];
    const hasVoted = card !== undefined;
    let status: VoterStatus;
    if (hasVoted) status = online ? 'voted' : 'away';
    else if (state.notVoting.includes(voterId)) status = 'not-voting';
    else status = 'thinking';
    voters.push({
      voterId,
      name,
      color,
      status,
      // The one line that keeps the secret.
      vote: hasVoted && (revealed || mine(voterId)) ? card : null,
      isMe: mine(voterId),
      outlier: stats?.highVoterIds.includes(voterId) ? 'high' : stats?.lowVoterIds.includes(voterId) ? 'low' : null,
    });
  };
  for (const member of present) if (canVote(member.role)) add(member.voterId, member.name, member.color, true);
  for (const voterId of Object.keys(round.votes)) {
    const named = round.names[voterId] ?? { name: 'Someone', color: '#64748b' };
    add(voterId, named.name, named.color, false);
  }
  // Before the reveal the order must not hint at anything either: by name, then id.
  voters.sort((a, b) => a.name.localeCompare(b.name) || (a.voterId < b.voterId ? -1 : a.voterId > b.voterId ? 1 : 0));

  return {
    id: round.id,
    itemId: round.itemId,
    itemTitle: round.itemTitle,
    target: roundTarget(round),
    number: round.number,
    phase: round.phase,
    deck: round.deck,
    startedAt: round.startedAt,
    revealedAt: round.revealedAt,
    timer: round.timer,
    voters,
    stats,
    history: round.history,
    accepted: round.accepted,
  };
}
