/**
 * The planning-poker round as a state machine of pure functions. The server holds one
 * `PokerState` per board (persisted as JSON after every change) and runs every action through
 * these functions; the UI never sees this state, only `viewFor` of it (redact.ts).
 *
 *   (no round) --start--> voting --reveal--> revealed --accept--> accepted
 *                            ^                  |  |                 |
 *                            +----- revote -----+  +------ next -----+--> next queued item
 */
import { DEFAULT_PEOPLE_PER_KEY } from '../session/limits';
import { DEFAULT_ESTIMATION_SETTINGS, type DeckSpec, type PokerCard, type PokerSettings, type PokerTarget } from '../board/estimation';
import { deckCards, findCard } from './decks';
import { type PokerStats, computeStats } from './stats';

export type PokerPhase = 'voting' | 'revealed' | 'accepted';

/** A revealed round, as the round view's history lists it. */
export interface PokerRoundRecord {
  roundId: string;
  number: number;
  revealedAt: number;
  votes: Array<{ voterId: string; name: string; vote: string }>;
  stats: PokerStats;
}

export interface PokerTimer {
  endsAt: number;
  seconds: number;
  revealAtEnd: boolean;
}

export const POKER_STATE_VERSION = 1;

/** What the server keeps of a round and every recipient's view shows of it alike. */
export interface RoundBasics {
  id: string;
  itemId: string;
  itemTitle: string;
  /** 1 for the first round on this item, 2 after a re-vote, … */
  number: number;
  phase: PokerPhase;
  /** The deck when the round started: changing the board's deck never invalidates cast votes. */
  deck: PokerCard[];
  startedAt: number;
  revealedAt: number | null;
  timer: PokerTimer | null;
  /** Earlier (revealed) rounds on this item, oldest first. */
  history: PokerRoundRecord[];
  accepted: PokerCard | null;
}

export interface StoredRound extends RoundBasics {
  /** Missing in states stored before WSJF rounds existed: read it through `roundTarget`. */
  target?: PokerTarget;
  /** voterId -> card label. Secret until the reveal. */
  votes: Record<string, string>;
  /** Names of everyone who voted, so a vote still has a name after its owner left. */
  names: Record<string, { name: string; color: string }>;
}

export interface PokerState {
  version: typeof POKER_STATE_VERSION;
  settings: PokerSettings;
  round: StoredRound | null;
  /** Item ids to estimate after the current round. */
  queue: string[];
  /** Voters who chose "not voting"; kept across rounds until they switch back. */
  notVoting: string[];
}

export type PokerErrorCode = 'conflict' | 'not_found' | 'invalid_payload';

export class PokerError extends Error {
  constructor(
    readonly code: PokerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function initialPokerState(settings: PokerSettings = DEFAULT_ESTIMATION_SETTINGS): PokerState {
  return { version: POKER_STATE_VERSION, settings, round: null, queue: [], notVoting: [] };
}

function requireRound(state: PokerState, roundId: string, ...phases: PokerPhase[]): StoredRound {
  const round = state.round;
  if (!round) throw new PokerError('conflict', 'no round is in progress');
  if (round.id !== roundId) throw new PokerError('conflict', 'that round is over; a newer one is in progress');
  if (phases.length && !phases.includes(round.phase)) {
    throw new PokerError('conflict', `the round is ${round.phase}; this needs it to be ${phases.join(' or ')}`);
  }
  return round;
}

export interface StartInput {
  roundId: string;
  itemId: string;
  itemTitle: string;
  now: number;
  /** What the round estimates; the estimate unless given. */
  target?: PokerTarget;
  /** Replaces the queue when given (a queue start); otherwise the queue is kept. */
  queue?: string[];
}

/** A round opening for votes: the board's deck now, no votes, no timer. */
function freshVoting(
  state: PokerState,
  now: number,
): Pick<StoredRound, 'phase' | 'deck' | 'startedAt' | 'revealedAt' | 'timer' | 'votes' | 'names'> {
  return { phase: 'voting', deck: deckCards(state.settings.deck), startedAt: now, revealedAt: null, timer: null, votes: {}, names: {} };
}

export function startRound(state: PokerState, input: StartInput): PokerState {
  const queue = (input.queue ?? state.queue).filter((id) => id !== input.itemId);
  return {
    ...state,
    queue,
    round: {
      id: input.roundId,
      itemId: input.itemId,
      itemTitle: input.itemTitle,
      target: input.target ?? 'estimate',
      number: 1,
      ...freshVoting(state, input.now),
      history: [],
      accepted: null,
    },
  };
}

/** What a round estimates; rounds stored before targets existed estimated the estimate. */
export function roundTarget(round: Pick<StoredRound, 'target'>): PokerTarget {
  return round.target ?? 'estimate';
}

export interface VoteInput {
  roundId: string;
  voterId: string;
  name: string;
  color: string;
  /** null takes the vote back. */
  card: string | null;
}

export function castVote(state: PokerState, input: VoteInput): PokerState {
  const round = requireRound(state, input.roundId, 'voting');
  if (state.notVoting.includes(input.voterId)) throw new PokerError('conflict', 'you chose not to vote in this round');
  const votes = { ...round.votes };
  const names = { ...round.names };
  if (input.card === null) {
    delete votes[input.voterId];
  } else {
    if (!findCard(round.deck, input.card)) throw new PokerError('invalid_payload', `"${input.card}" is not a card of this deck`);
    votes[input.voterId] = input.card;
    names[input.voterId] = { name: input.name, color: input.color };
  }
  return { ...state, round: { ...round, votes, names } };
}

/**
 * Sits a voter out (or back in). `present`: the voter ids connected now, whose places the cap
 * (`max` voters) keeps (withRoomForOne).
 */
export function setNotVoting(
  state: PokerState,
  voterId: string,
  notVoting: boolean,
  present: readonly string[],
  max = DEFAULT_PEOPLE_PER_KEY,
): PokerState {
  const others = state.notVoting.filter((id) => id !== voterId);
  const list = notVoting ? [...withRoomForOne(others, present, max), voterId] : others;
  let round = state.round;
  // Sitting out during voting withdraws the vote; after the reveal the vote is history.
  if (notVoting && round?.phase === 'voting' && voterId in round.votes) {
    const votes = { ...round.votes };
    delete votes[voterId];
    round = { ...round, votes };
  }
  return { ...state, notVoting: list, round };
}

/**
 * The not-voting list with room for one more. It is kept across rounds for people who step away,
 * but a client can mint voter tokens at will (one socket held each in turn between rounds): at
 * `max`, the voters who are not present make room (all of them: the list then stays below its
 * cap until they come back). Only a list of people all present is full, and then the newcomer
 * is refused.
 */
function withRoomForOne(list: string[], present: readonly string[], max: number): string[] {
  if (list.length < max) return list;
  const here = new Set(present);
  const kept = list.filter((id) => here.has(id));
  if (kept.length >= max) {
    throw new PokerError('conflict', `${max} voters here already sit out; nobody more can`);
  }
  return kept;
}

export function revealRound(state: PokerState, roundId: string, now: number): PokerState {
  const round = requireRound(state, roundId, 'voting');
  return { ...state, round: { ...round, phase: 'revealed', revealedAt: now, timer: null } };
}

/** The record of a revealed round, as kept in a re-vote's history and written into the item. */
function roundRecord(round: StoredRound): PokerRoundRecord {
  const votes = Object.entries(round.votes).map(([voterId, vote]) => ({ voterId, name: round.names[voterId]?.name ?? 'Someone', vote }));
  return {
    roundId: round.id,
    number: round.number,
    revealedAt: round.revealedAt ?? round.startedAt,
    votes,
    stats: computeStats(round.deck, votesOf(round)),
  };
}

export function votesOf(round: StoredRound): Array<{ voterId: string; card: string }> {
  return Object.entries(round.votes).map(([voterId, card]) => ({ voterId, card }));
}

export function revote(state: PokerState, input: { roundId: string; newRoundId: string; now: number }): PokerState {
  const round = requireRound(state, input.roundId, 'revealed', 'accepted');
  return {
    ...state,
    round: {
      ...round,
      id: input.newRoundId,
      number: round.number + 1,
      ...freshVoting(state, input.now),
      history: [...round.history, roundRecord(round)],
      accepted: null,
    },
  };
}

/** Marks the accepted card; the server then writes it (and `acceptedHistory`) into the item. */
export function acceptCard(state: PokerState, input: { roundId: string; card: string }): { state: PokerState; card: PokerCard } {
  const round = requireRound(state, input.roundId, 'revealed', 'accepted');
  const card = findCard(round.deck, input.card);
  if (!card) throw new PokerError('invalid_payload', `"${input.card}" is not a card of this deck`);
  if (card.value === null && round.deck.some((c) => c.value !== null)) {
    throw new PokerError('invalid_payload', `"${card.label}" is not an estimate; re-vote or pick a card with points`);
  }
  return { state: { ...state, round: { ...round, phase: 'accepted', accepted: card } }, card };
}

/** Every round on the item, oldest first, including the one being accepted. */
export function acceptedHistory(round: StoredRound): PokerRoundRecord[] {
  return [...round.history, roundRecord(round)];
}

/** The next queued item that still exists, or null when the queue is done. */
export function nextQueuedItem(state: PokerState, exists: (itemId: string) => boolean): { itemId: string; queue: string[] } | null {
  const queue = [...state.queue];
  while (queue.length) {
    const itemId = queue.shift()!;
    if (exists(itemId) && itemId !== state.round?.itemId) return { itemId, queue };
  }
  return null;
}

export function stopRound(state: PokerState): PokerState {
  return { ...state, round: null, queue: [] };
}

/**
 * What ending the meeting does to planning poker: nothing without a round; a round is closed
 * (with its queue) when nothing in it would be lost; a round holding votes nobody accepted waits
 * for the facilitator to say they may be dropped.
 */
export function roundAtMeetingEnd(state: PokerState): 'none' | 'close' | 'ask' {
  const round = state.round;
  if (!round) return state.queue.length > 0 ? 'close' : 'none';
  return round.phase !== 'accepted' && Object.keys(round.votes).length > 0 ? 'ask' : 'close';
}

/** Puts items at the front of the queue (split children are estimated next). */
export function queueNext(state: PokerState, itemIds: string[]): PokerState {
  const rest = state.queue.filter((id) => !itemIds.includes(id));
  return { ...state, queue: [...itemIds, ...rest] };
}

export function setTimer(
  state: PokerState,
  input: { roundId: string; seconds: number | null; revealAtEnd: boolean; now: number },
): PokerState {
  const round = requireRound(state, input.roundId, 'voting');
  const timer =
    input.seconds === null ? null : { endsAt: input.now + input.seconds * 1000, seconds: input.seconds, revealAtEnd: input.revealAtEnd };
  return { ...state, round: { ...round, timer } };
}

export function updateSettings(state: PokerState, patch: Partial<PokerSettings>): PokerState {
  const settings: PokerSettings = {
    deck: patch.deck ?? state.settings.deck,
    autoReveal: patch.autoReveal ?? state.settings.autoReveal,
    sprintThreshold: patch.sprintThreshold !== undefined ? patch.sprintThreshold : state.settings.sprintThreshold,
  };
  if (settings.deck.kind === 'custom' && deckCards(settings.deck).length < 2) {
    throw new PokerError('invalid_payload', 'a custom deck needs at least two different cards');
  }
  // A new deck applies to the next round (or re-vote); votes already cast stay valid.
  return { ...state, settings: { ...settings, deck: normalizeDeck(settings.deck) } };
}

function normalizeDeck(deck: DeckSpec): DeckSpec {
  return deck.kind === 'custom'
    ? {
        kind: 'custom',
        custom: deckCards(deck).map((c) =>
          c.value !== null && String(c.value) !== c.label && c.label !== '½' ? `${c.label}=${c.value}` : c.label,
        ),
      }
    : { kind: deck.kind };
}

/**
 * Whether the round should reveal itself now: every voter present (and not sitting out) has
 * voted, and at least one vote is in. `presentVoterIds` are the non-spectators connected now.
 */
export function everyoneHasVoted(state: PokerState, presentVoterIds: readonly string[]): boolean {
  const round = state.round;
  if (!round || round.phase !== 'voting') return false;
  if (Object.keys(round.votes).length === 0) return false;
  const eligible = presentVoterIds.filter((id) => !state.notVoting.includes(id));
  return eligible.every((id) => id in round.votes);
}

export function timerExpired(state: PokerState, now: number): boolean {
  const round = state.round;
  return !!round && round.phase === 'voting' && round.timer !== null && round.timer.endsAt <= now;
}
