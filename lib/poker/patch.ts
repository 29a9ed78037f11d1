/**
 * The votes coming in, sent as what changed. While a round is voting, a vote changes one line of
 * every view (that voter: thinking → voted); sending each recipient its whole view per vote cost
 * every client of a 100-voter room 1.35 MB per round. A patch carries, for one recipient, the
 * fields of the voters that changed (and its own `me`), computed from the state before and after
 * by the same rules as the view (redact.ts), so it keeps the same secret: no other voter's card
 * before the reveal. Anything else that changes (start, reveal, re-vote, accept, settings, the
 * timer, the queue) is no patch: the recipient gets its whole view again.
 */
import { canVote } from '../session/permissions';
import type { Viewer, PokerVoterView, PokerView, PresentMember } from './redact';
import { asSeenBy, compareVoters, meFor, publicVoterEntries } from './redact';
import type { PokerState, StoredRound } from './round';

/** One voter's fields that changed; a voter new to the view comes with every field. */
export type PokerVoterChange = Pick<PokerVoterView, 'voterId'> & Partial<Omit<PokerVoterView, 'voterId'>>;

/** What changed of one recipient's view while a round is voting. */
export interface PokerPatchBody {
  /** The round it belongs to: a view of any other round (or phase) cannot take it. */
  roundId: string;
  /** Server clock when sent (as the view's `serverNow`). */
  serverNow: number;
  voters?: PokerVoterChange[];
  /** Voters no longer listed (left without voting, or took their vote back after leaving). */
  gone?: string[];
  /** The recipient itself, when that changed (its own card, sitting out). */
  me?: PokerView['me'];
}

/**
 * A patch as sent: `seq` numbers everything one connection receives of poker (full views too),
 * so a patch applies only to the view numbered `seq − 1`; one missed means asking for the view.
 */
export interface PokerPatch extends PokerPatchBody {
  seq: number;
}

/** A view as a client holds it: with the number of the last message it came from. */
export interface HeldPokerView {
  view: PokerView;
  seq: number;
}

/** The state and who is present: all a view is made of besides its recipient. */
export interface PokerSource {
  state: PokerState;
  present: readonly PresentMember[];
}

/** The round fields a patch does not carry: any change to them sends the whole view. */
const ROUND_FIXED: ReadonlyArray<Exclude<keyof StoredRound, 'votes' | 'names'>> = [
  'id',
  'itemId',
  'itemTitle',
  'target',
  'number',
  'phase',
  'deck',
  'startedAt',
  'revealedAt',
  'timer',
  'history',
  'accepted',
];

/** Whether only votes, who sits out, and who is present may differ: a voting round's churn. */
export function onlyVotingChurn(prev: PokerState, next: PokerState): boolean {
  const a = prev.round;
  const b = next.round;
  if (!a || !b || a.phase !== 'voting' || b.phase !== 'voting') return false;
  if (!sameValue(prev.settings, next.settings) || !sameValue(prev.queue, next.queue)) return false;
  return ROUND_FIXED.every((key) => sameValue(a[key], b[key]));
}

/**
 * What changed of a voting round between two states, as anyone may see it; made once for every
 * recipient of a board (patchWith makes each one's patch of it).
 */
export interface VotingChanges {
  prev: PokerSource;
  next: PokerSource;
  before: Map<string, PokerVoterView>;
  after: Map<string, PokerVoterView>;
  voters: PokerVoterChange[];
  gone: string[];
}

/** The round's changes from `prev` to `next`, or null when that is no patch (see onlyVotingChurn). */
export function votingChanges(prev: PokerSource, next: PokerSource): VotingChanges | null {
  if (!onlyVotingChurn(prev.state, next.state)) return null;
  const before = publicVoterEntries(prev.state, prev.present, null);
  const after = publicVoterEntries(next.state, next.present, null);
  const voters: PokerVoterChange[] = [];
  for (const [voterId, entry] of after) {
    const old = before.get(voterId);
    const change = old ? voterChange(old, entry) : entry;
    if (change) voters.push(change);
  }
  const gone = [...before.keys()].filter((voterId) => !after.has(voterId));
  return { prev, next, before, after, voters, gone };
}

/**
 * One recipient's patch of the round's changes: the public changes, its own line as it sees it
 * (its own card), and its `me` when that changed. A body that changes nothing for this viewer
 * (someone else changed their card) has neither voters, gone nor me: see isEmptyPatch.
 */
export function patchWith(changes: VotingChanges, viewer: Viewer, now: number): PokerPatchBody {
  const { prev, next } = changes;
  let voters = changes.voters;
  const ownAfter = changes.after.get(viewer.voterId);
  if (ownAfter && canVote(viewer.role)) {
    const ownBefore = changes.before.get(viewer.voterId);
    const after = asSeenBy(ownAfter, next.state, viewer);
    const change = ownBefore ? voterChange(asSeenBy(ownBefore, prev.state, viewer), after) : after;
    voters = voters.filter((v) => v.voterId !== viewer.voterId);
    if (change) voters = [...voters, change];
  }
  const meAfter = meFor(next.state, viewer);
  return {
    roundId: next.state.round!.id,
    serverNow: now,
    ...(voters.length > 0 ? { voters } : {}),
    ...(changes.gone.length > 0 ? { gone: changes.gone } : {}),
    ...(sameMe(meFor(prev.state, viewer), meAfter) ? {} : { me: meAfter }),
  };
}

/**
 * What `viewer` must be told so that its view of `prev` becomes its view of `next`, or null when
 * that is no patch (see onlyVotingChurn): send the whole view then.
 */
export function patchFor(prev: PokerSource, next: PokerSource, viewer: Viewer, now: number): PokerPatchBody | null {
  const changes = votingChanges(prev, next);
  return changes && patchWith(changes, viewer, now);
}

/** Whether a patch changes nothing of the view (no need to send it). */
export function isEmptyPatch(body: PokerPatchBody): boolean {
  return !body.voters && !body.gone && !body.me;
}

/**
 * The held view with the patch applied, or null when the patch does not follow it (a message
 * was missed, the round moved on, a new voter came incomplete): ask for the whole view then.
 */
export function applyPokerPatch(held: HeldPokerView, patch: PokerPatch): HeldPokerView | null {
  const round = held.view.round;
  if (patch.seq !== held.seq + 1 || !round || round.id !== patch.roundId || round.phase !== 'voting') return null;
  const changes = new Map((patch.voters ?? []).map((change) => [change.voterId, change]));
  const gone = new Set(patch.gone ?? []);
  const voters: PokerVoterView[] = [];
  // Changed in place keeps the order unless a name changed or someone new came: then sort again.
  let reorder = false;
  for (const voter of round.voters) {
    if (gone.has(voter.voterId)) continue;
    const change = changes.get(voter.voterId);
    changes.delete(voter.voterId);
    if (change?.name !== undefined && change.name !== voter.name) reorder = true;
    voters.push(change ? { ...voter, ...change } : voter);
  }
  for (const entry of changes.values()) {
    if (!isWholeVoter(entry)) return null;
    voters.push(entry);
    reorder = true;
  }
  if (reorder) voters.sort(compareVoters);
  return {
    seq: patch.seq,
    view: { ...held.view, serverNow: patch.serverNow, me: patch.me ?? held.view.me, round: { ...round, voters } },
  };
}

/** The voter's fields that changed (with its id), or null if none did. */
function voterChange(prev: PokerVoterView, next: PokerVoterView): PokerVoterChange | null {
  const change: Record<string, unknown> = { voterId: next.voterId };
  let changed = false;
  for (const key of VOTER_FIELDS) {
    if (prev[key] === next[key]) continue;
    change[key] = next[key];
    changed = true;
  }
  return changed ? (change as PokerVoterChange) : null;
}

function sameMe(a: PokerView['me'], b: PokerView['me']): boolean {
  return (Object.keys(b) as Array<keyof PokerView['me']>).every((key) => a[key] === b[key]);
}

const VOTER_FIELDS: ReadonlyArray<keyof PokerVoterView> = ['voterId', 'name', 'color', 'status', 'vote', 'isMe', 'outlier'];

function isWholeVoter(entry: PokerVoterChange): entry is PokerVoterView {
  return VOTER_FIELDS.every((key) => entry[key] !== undefined);
}

/** Whether two states are the same round as stored (in a cluster each read from the store is a new object). */
export function samePokerState(a: PokerState, b: PokerState): boolean {
  return sameValue(a, b);
}

/** Equal as stored JSON; the same object most of the time (a vote keeps the rest of the state). */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
