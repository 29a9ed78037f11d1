/**
 * Trim by consensus, as pure state transitions the server runs (and persists).
 *
 * Who votes: everyone present when the proposal is made, spectators excepted
 * and the facilitator included. Seats belong to people, not sockets: a voter
 * who reloads or reconnects gets the seat back by name and role
 * (`rebindSeat`), so a page reload neither blocks nor skips anyone. Absent
 * voters still have to answer (or the facilitator withdraws the proposal):
 * trimming is not something to decide behind someone's back.
 */
import type { Participant, Role } from '../session/roles';

// ---------------------------------------------------------------------------
// The view: what `trim:state` carries to everyone on the board

export type TrimResponse = 'pending' | 'confirm' | 'object';

/** How long a voter may be disconnected before the facilitator may proceed without them. */
export const TRIM_AWAY_GRACE_MS = 30_000;

export interface TrimVoterView {
  seatId: string;
  /** The voter's socket while present; compare with `SessionInfo.clientId` to find yourself. */
  clientId: string | null;
  name: string;
  role: Role;
  response: TrimResponse;
  reason: string | null;
  /** When their last socket went away (null while present); missing in states stored before. */
  awaySince?: number | null;
  /** Away past the grace period, and the facilitator proceeded without them (never answered). */
  excused?: boolean;
}

export interface TrimProposalView {
  id: string;
  proposedBy: string;
  createdAt: number;
  items: Array<{ id: string; title: string }>;
  voters: TrimVoterView[];
  /** Items someone objected to: taken out of the vote and kept for discussion. */
  kept?: TrimKeptItem[];
}

/** An item taken out of a trim vote by an objection, with who objected and why. */
export interface TrimKeptItem {
  id: string;
  title: string;
  by: string;
  reason: string | null;
}

export interface TrimOutcomeView {
  proposalId: string;
  result: 'trimmed' | 'kept' | 'cancelled';
  itemIds: string[];
  /** Who objected (kept) or withdrew it (cancelled); the proposer when trimmed. */
  by: string;
  reason: string | null;
  at: number;
  /** Voters the facilitator proceeded without (away); missing when nobody was. */
  without?: string[];
  /** Trimmed: the items objected to on the way, kept for discussion; missing when none. */
  kept?: TrimKeptItem[];
}

export interface TrimStateView {
  proposal: TrimProposalView | null;
  lastOutcome: TrimOutcomeView | null;
}

// ---------------------------------------------------------------------------
// The state the server holds

/** A voter's seat: what everyone sees of it, and when they answered. */
export interface TrimSeat extends TrimVoterView {
  respondedAt: number | null;
}

export interface TrimProposal {
  id: string;
  proposedBy: string;
  createdAt: number;
  items: Array<{ id: string; title: string }>;
  seats: TrimSeat[];
  kept?: TrimKeptItem[];
}

export interface TrimState {
  version: 1;
  proposal: TrimProposal | null;
  lastOutcome: TrimOutcomeView | null;
}

export const EMPTY_TRIM_STATE: TrimState = { version: 1, proposal: null, lastOutcome: null };

export class TrimConsensusError extends Error {
  constructor(
    readonly code: 'conflict' | 'forbidden' | 'not_found' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export function createProposal(input: {
  id: string;
  proposedBy: string;
  items: Array<{ id: string; title: string }>;
  roster: readonly Participant[];
  now: number;
}): TrimProposal {
  if (input.items.length === 0) throw new TrimConsensusError('invalid', 'Select at least one parked item to trim');
  const seen = new Set<string>();
  const seats: TrimSeat[] = [];
  for (const p of input.roster) {
    if (p.role === 'spectator' || seen.has(p.clientId)) continue;
    seen.add(p.clientId);
    seats.push({
      seatId: `s${seats.length + 1}`,
      clientId: p.clientId,
      name: p.name,
      role: p.role,
      response: 'pending',
      reason: null,
      respondedAt: null,
    });
  }
  if (seats.length === 0) throw new TrimConsensusError('invalid', 'Nobody is present to confirm');
  return { id: input.id, proposedBy: input.proposedBy, createdAt: input.now, items: input.items, seats };
}

/** `keptNow`: the items this answer objected to, taken out of the vote (mark them to discuss). */
export type RespondResult =
  | { status: 'pending'; proposal: TrimProposal; keptNow?: TrimKeptItem[] }
  | { status: 'confirmed'; proposal: TrimProposal; keptNow?: TrimKeptItem[] }
  | { status: 'objected'; proposal: TrimProposal; seat: TrimSeat };

/**
 * Records a voter's answer. An objection to every item decides (all kept); an objection to some
 * of them (`itemIds`) takes those out of the vote, kept for discussion, and counts as a yes to
 * the rest, which are trimmed once everyone agreed. The last confirmation decides too.
 */
export function respond(
  proposal: TrimProposal,
  clientId: string,
  response: 'confirm' | 'object',
  reason: string | null,
  now: number,
  itemIds?: readonly string[],
): RespondResult {
  const index = proposal.seats.findIndex((s) => s.clientId === clientId);
  if (index === -1) throw new TrimConsensusError('forbidden', 'You were not present when this trim was proposed');
  if (response === 'object' && itemIds && itemIds.length > 0) {
    const objected = proposal.items.filter((i) => itemIds.includes(i.id));
    if (objected.length === 0) throw new TrimConsensusError('invalid', 'Those items are no longer in this trim vote');
    if (objected.length < proposal.items.length) {
      const { excused: _e, ...seated } = proposal.seats[index];
      const keptNow = objected.map((i) => ({ ...i, by: seated.name, reason: reason || null }));
      const seat: TrimSeat = { ...seated, response: 'confirm', reason: null, respondedAt: now };
      const seats = proposal.seats.map((s, i) => (i === index ? seat : s));
      const next: TrimProposal = {
        ...proposal,
        items: proposal.items.filter((i) => !itemIds.includes(i.id)),
        seats,
        kept: [...(proposal.kept ?? []), ...keptNow],
      };
      return { status: decidedYes(seats) ? 'confirmed' : 'pending', proposal: next, keptNow };
    }
  }
  // Someone the facilitator proceeded without may still come back and answer: the answer counts.
  const { excused: _excused, ...seated } = proposal.seats[index];
  const seat: TrimSeat = { ...seated, response, reason: response === 'object' ? reason || null : null, respondedAt: now };
  const seats = proposal.seats.map((s, i) => (i === index ? seat : s));
  const next = { ...proposal, seats };
  if (response === 'object') return { status: 'objected', proposal: next, seat };
  return { status: decidedYes(seats) ? 'confirmed' : 'pending', proposal: next };
}

/** Everyone answered yes, or was excused while away. */
function decidedYes(seats: readonly TrimSeat[]): boolean {
  return seats.every((s) => s.response === 'confirm' || s.excused === true);
}

/**
 * The facilitator proceeds without a voter who dropped out: only a seat still waiting for an
 * answer whose person has been away for at least `graceMs`. Their seat counts as excused (the
 * outcome names them), never as a confirmation.
 */
export function proceedWithout(proposal: TrimProposal, seatId: string, now: number, graceMs = TRIM_AWAY_GRACE_MS): RespondResult {
  const index = proposal.seats.findIndex((s) => s.seatId === seatId);
  if (index === -1) throw new TrimConsensusError('not_found', 'No such voter on this proposal');
  const seat = proposal.seats[index];
  if (seat.response !== 'pending' || seat.excused) throw new TrimConsensusError('conflict', `${seat.name} has already answered`);
  const awaySince = seat.awaySince ?? null;
  if (seat.clientId !== null || awaySince === null) throw new TrimConsensusError('conflict', `${seat.name} is here: wait for their answer`);
  if (now - awaySince < graceMs) {
    throw new TrimConsensusError('conflict', `${seat.name} left ${Math.round((now - awaySince) / 1000)} s ago; wait a little longer`);
  }
  const excused: TrimSeat = { ...seat, excused: true, respondedAt: now };
  const seats = proposal.seats.map((s, i) => (i === index ? excused : s));
  const next = { ...proposal, seats };
  return { status: decidedYes(seats) ? 'confirmed' : 'pending', proposal: next };
}

/** Names of the voters the facilitator proceeded without. */
export function excusedNames(proposal: TrimProposal): string[] {
  return proposal.seats.filter((s) => s.excused === true).map((s) => s.name);
}

/** A voter's socket went away: the seat stays, waiting for them (since `now`). */
export function releaseSeat(proposal: TrimProposal, clientId: string, now: number = Date.now()): TrimProposal {
  if (!proposal.seats.some((s) => s.clientId === clientId)) return proposal;
  return { ...proposal, seats: proposal.seats.map((s) => (s.clientId === clientId ? { ...s, clientId: null, awaySince: now } : s)) };
}

/** Someone (re)joined: give them back an empty seat with their name and role, if there is one. */
export function rebindSeat(
  proposal: TrimProposal,
  participant: Pick<Participant, 'clientId' | 'name' | 'role'>,
  connected: (clientId: string) => boolean,
): TrimProposal {
  if (proposal.seats.some((s) => s.clientId === participant.clientId)) return proposal;
  const index = proposal.seats.findIndex(
    (s) => (s.clientId === null || !connected(s.clientId)) && s.name === participant.name && s.role === participant.role,
  );
  if (index === -1) return proposal;
  return {
    ...proposal,
    seats: proposal.seats.map((s, i) => (i === index ? { ...s, clientId: participant.clientId, awaySince: null } : s)),
  };
}

export function outcomeOf(
  proposal: TrimProposal,
  result: TrimOutcomeView['result'],
  by: string,
  reason: string | null,
  now: number,
  itemIds?: string[],
): TrimOutcomeView {
  const without = excusedNames(proposal);
  return {
    proposalId: proposal.id,
    result,
    itemIds: itemIds ?? proposal.items.map((i) => i.id),
    by,
    reason,
    at: now,
    ...(without.length > 0 ? { without } : {}),
    ...(proposal.kept?.length ? { kept: proposal.kept.map((k) => ({ ...k })) } : {}),
  };
}

function viewOfProposal(proposal: TrimProposal): TrimProposalView {
  return {
    id: proposal.id,
    proposedBy: proposal.proposedBy,
    createdAt: proposal.createdAt,
    items: proposal.items.map((i) => ({ ...i })),
    ...(proposal.kept?.length ? { kept: proposal.kept.map((k) => ({ ...k })) } : {}),
    voters: proposal.seats.map(({ seatId, clientId, name, role, response, reason, awaySince, excused }) => ({
      seatId,
      clientId,
      name,
      role,
      response,
      reason,
      awaySince: awaySince ?? null,
      ...(excused ? { excused } : {}),
    })),
  };
}

export function viewOfState(state: TrimState): TrimStateView {
  return { proposal: state.proposal ? viewOfProposal(state.proposal) : null, lastOutcome: state.lastOutcome };
}

/** Loose check of a stored state; anything odd is dropped rather than crashing the board. */
export function isTrimState(value: unknown): value is TrimState {
  if (!value || typeof value !== 'object') return false;
  const s = value as Partial<TrimState>;
  if (s.version !== 1) return false;
  if (s.proposal === null) return true;
  const p = s.proposal;
  return (
    !!p &&
    typeof p.id === 'string' &&
    Array.isArray(p.items) &&
    Array.isArray(p.seats) &&
    p.seats.every((seat) => !!seat && typeof seat.seatId === 'string' && typeof seat.name === 'string')
  );
}

/**
 * Whether the open proposal waits for this person's answer: they hold a seat and have not
 * answered. The board shows them a request wherever they are (a banner on phones).
 */
export function awaitsAnswerFrom(state: TrimStateView, clientId: string | null): boolean {
  if (!state.proposal || clientId === null) return false;
  return state.proposal.voters.some((v) => v.clientId === clientId && v.response === 'pending' && !v.excused);
}
