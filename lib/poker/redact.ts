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
  return {
    serverNow: now,
    settings: state.settings,
    round: round ? roundView(state, viewer, present) : null,
    queue: [...state.queue],
    me: meFor(state, viewer),
  };
}

/** What the view says of its recipient. */
export function meFor(state: PokerState, viewer: Viewer): PokerView['me'] {
  const round = state.round;
  const notVoting = state.notVoting.includes(viewer.voterId);
  // A projector shares a browser (and so a voter id) with the facilitator's tab at times: it
  // must never show that tab's card on the wall before the reveal.
  const ownVote = round && canVote(viewer.role) ? (round.votes[viewer.voterId] ?? null) : null;
  return {
    voterId: viewer.voterId,
    role: viewer.role,
    notVoting,
    canVote: canVote(viewer.role) && !notVoting,
    vote: ownVote,
  };
}

function roundView(state: PokerState, viewer: Viewer, present: readonly PresentMember[]): PokerRoundView {
  const round = state.round!;
  const revealed = round.phase !== 'voting';
  const stats = revealed ? computeStats(round.deck, votesOf(round)) : null;
  const voters = [...voterEntries(state, viewer, present, stats).values()].sort(compareVoters);

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

/**
 * Every voter of the round as `viewer` may see them, by voter id (unordered): those present who
 * may vote, then those who voted and left. `stats` are the revealed round's (outliers), else null.
 */
export function voterEntries(
  state: PokerState,
  viewer: Viewer,
  present: readonly PresentMember[],
  stats: PokerStats | null,
): Map<string, PokerVoterView> {
  const voters = publicVoterEntries(state, present, stats);
  const own = voters.get(viewer.voterId);
  if (own) voters.set(viewer.voterId, asSeenBy(own, state, viewer));
  return voters;
}

/**
 * Every voter of the round as anyone may see them: no card before the reveal. Only a voter's own
 * entry differs for that voter (asSeenBy).
 */
export function publicVoterEntries(
  state: PokerState,
  present: readonly PresentMember[],
  stats: PokerStats | null,
): Map<string, PokerVoterView> {
  const round = state.round!;
  const revealed = round.phase !== 'voting';
  const notVoting = new Set(state.notVoting);
  const voters = new Map<string, PokerVoterView>();
  const add = (voterId: string, name: string, color: string, online: boolean) => {
    if (voters.has(voterId)) return;
    const card = round.votes[voterId];
    const hasVoted = card !== undefined;
    let status: VoterStatus;
    if (hasVoted) status = online ? 'voted' : 'away';
    else if (notVoting.has(voterId)) status = 'not-voting';
    else status = 'thinking';
    voters.set(voterId, {
      voterId,
      name,
      color,
      status,
      // The one line that keeps the secret (a voter's own card: asSeenBy).
      vote: hasVoted && revealed ? card : null,
      isMe: false,
      outlier: stats?.highVoterIds.includes(voterId) ? 'high' : stats?.lowVoterIds.includes(voterId) ? 'low' : null,
    });
  };
  for (const member of present) if (canVote(member.role)) add(member.voterId, member.name, member.color, true);
  for (const voterId of Object.keys(round.votes)) {
    const named = round.names[voterId] ?? { name: 'Someone', color: '#64748b' };
    add(voterId, named.name, named.color, false);
  }
  return voters;
}

/**
 * A voter's entry as `viewer` sees it: its own entry shows its own card. Not to a spectator: a
 * projector may share a browser (and so a voter id) with a voting tab.
 */
export function asSeenBy(entry: PokerVoterView, state: PokerState, viewer: Viewer): PokerVoterView {
  if (entry.voterId !== viewer.voterId || !canVote(viewer.role)) return entry;
  return { ...entry, isMe: true, vote: state.round!.votes[viewer.voterId] ?? null };
}

/** The order voters are listed in. Before the reveal it must not hint at anything: by name, then id. */
export function compareVoters(a: PokerVoterView, b: PokerVoterView): number {
  return a.name.localeCompare(b.name) || (a.voterId < b.voterId ? -1 : a.voterId > b.voterId ? 1 : 0);
}
