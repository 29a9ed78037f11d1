/**
 * The one place where the wire protocol of Refinery is declared: the sync endpoint's close
 * codes, and every socket.io event name with its payload schema and its acknowledgement. Client
 * and server both import from here; payloads are validated with zod at the server's edge.
 *
 * The protocol sits above the domain (lib/session, lib/board and the features): it imports the
 * types its payloads carry (a poker view, a meeting summary) and is never imported by them.
 */
import { z } from 'zod';
import {
  POKER_MAX_QUEUE,
  POKER_MAX_SPLIT,
  POKER_TIMER_MAX_SECONDS,
  POKER_TIMER_MIN_SECONDS,
  SORT_PREVIEW_MAX_MOVES,
  TRIM_MAX_ITEMS,
  TRIM_REASON_MAX,
  type ErrorCode,
} from './codes';
import { POKER_TARGETS, readDeckSpec, type DeckSpec } from '../board/estimation';
import { MAX_BOARD_TITLE_LENGTH } from '../board/schema';
import { MAX_TITLE_LENGTH } from '../board/schema';
import { PRIORITIZATION_METHODS } from '../board/settings';
import { MAX_AGENDA_STAGES, MAX_STAGE_MINUTES, MAX_STAGE_TITLE, MIN_STAGE_MINUTES, STAGE_KINDS } from '../meeting/agenda';
import type { MeetingSummary } from '../meeting/summary';
import type { MeetingView } from '../meeting/view';
import type { PokerPatch } from '../poker/patch';
import type { PokerView } from '../poker/redact';
import type { TrimStateView } from '../refinement/trim-consensus';
import { ROLES, type Participant, type Role } from '../session/roles';

// The names and numbers on the wire, without zod: what the browser's first load imports.
export * from './codes';

// ---------------------------------------------------------------------------------------------
// Sync endpoint: /yjs/<boardId>?key=<key>, the y-websocket protocol.

// ---------------------------------------------------------------------------------------------
// Shared value schemas.

export const boardIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'invalid board id');
export const itemIdSchema = z.string().min(1).max(64);
export const displayNameSchema = z.string().trim().min(1).max(40);
export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/);

export const createBoardRequestSchema = z.object({
  title: z
    .string({ error: 'title is required and must be a string' })
    .trim()
    .min(1, 'title must not be empty')
    .max(MAX_BOARD_TITLE_LENGTH, `title must be at most ${MAX_BOARD_TITLE_LENGTH} characters`),
});
export interface CreateBoardResponse {
  id: string;
  title: string;
  links: Record<Role, string>;
}
export interface BoardInfoResponse {
  id: string;
  title: string;
  role: Role;
}

// ---------------------------------------------------------------------------------------------
// socket.io: the control plane.

/** Sent as socket.io `auth` in the handshake. */
/** A browser's private planning-poker token; only its hash (the voter id) is ever shown. */
export const voterTokenSchema = z.string().min(16).max(128);

export const handshakeAuthSchema = z.object({
  boardId: boardIdSchema,
  key: z.string().min(1).max(200),
  protocolVersion: z.number().int(),
  name: displayNameSchema.optional(),
  color: colorSchema.optional(),
  /**
   * Ask for a lower role than the key grants (the projector page asks for 'spectator'). A
   * downgrade is always granted, an upgrade never (the key's role stands). The sync endpoint
   * takes the same request as the query `as=spectator`.
   */
  asRole: z.enum(ROLES).optional(),
  /**
   * The browser's private planning-poker token (what `poker:join` carries). Sent in the
   * handshake so the socket is a voter from its first event: socket.io-client sends what was
   * emitted while disconnected before its `connect` fires, so a vote queued during a network
   * blip would otherwise reach the server before any join. Ignored for spectators.
   */
  voterToken: voterTokenSchema.optional(),
});

export interface SessionInfo {
  boardId: string;
  title: string;
  /** The role this connection has: the key's, or the lower one it asked for (`asRole`). */
  role: Role;
  clientId: string;
  protocolVersion: number;
  /**
   * True only for a facilitator whose board derives its participant and spectator keys from the
   * facilitator key (lib/session/role-keys.ts): its page may then build the projector link itself.
   */
  derivedKeys: boolean;
}

/**
 * The roster is sent whole (`roster`) only to a socket that joins; everyone else gets one small
 * `roster:delta` per change (a join sent the full list to everyone: n² on a big meeting).
 * Spectators (projectors, viewers of a shared screen) are not listed one by one: `roster`
 * leaves them out and `spectators` carries their count, sent to the board at most every
 * `SPECTATOR_COUNT_INTERVAL_MS`, so 800 viewers joining cost 800 small messages, not 640,000.
 */
export type RosterDelta =
  | { op: 'join'; participant: Participant }
  | { op: 'update'; participant: Participant }
  | { op: 'leave'; clientId: string }
  | { op: 'spectators'; count: number };

export interface FocusState {
  itemId: string | null;
  by: string | null;
}

// ---------------------------------------------------------------------------------------------
// --- Planning poker ---
// Votes are held by the server; `poker:state` is redacted per recipient (lib/poker/redact.ts), so
// before the reveal a client learns only its own vote and *who* else has voted. While a round is
// voting, votes arrive as `poker:patch` (lib/poker/patch.ts): what changed of that recipient's
// view, numbered with the full views so that a client that missed one asks again (`poker:get`).

/** A whole poker view as sent: `seq` numbers every poker message one connection receives. */
export type PokerStateMessage = PokerView & { seq: number };

const roundIdSchema = z.string().min(1).max(64);
/** A deck, by the doc's one rule for decks (readDeckSpec), its labels trimmed; its problem is the message. */
const deckSpecSchema = z.unknown().transform((value, ctx): DeckSpec => {
  const read = readDeckSpec(value);
  if ('deck' in read) return read.deck;
  ctx.addIssue({ code: 'custom', message: read.problem });
  return z.NEVER;
});
const cardLabelSchema = z.string().min(1).max(12);

function pokerClientEventSchemas() {
  return {
    /** Any role: announces the browser's private voter token (stable across reconnects). */
    'poker:join': z.object({ voterToken: voterTokenSchema }),
    /** Any role: send me my whole view again (a patch did not follow the one I hold). */
    'poker:get': z.object({}),
    /** Participant or facilitator: a card label of the round's deck, or null to take it back. */
    'poker:vote': z.object({ roundId: roundIdSchema, card: cardLabelSchema.nullable() }),
    /** Participant or facilitator: sit out (or rejoin) the voting. */
    'poker:not-voting': z.object({ notVoting: z.boolean() }),
    /**
     * Facilitator: start on one card, or on a queue of the top N unestimated backlog items. On one
     * card, `target` picks what is estimated (default: the estimate; or one WSJF input).
     */
    'poker:start': z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('item'), itemId: itemIdSchema, target: z.enum(POKER_TARGETS).optional() }),
      z.object({ mode: z.literal('queue'), count: z.number().int().min(1).max(POKER_MAX_QUEUE) }),
    ]),
    /** Facilitator: move on to the next queued item (ends the round when the queue is empty). */
    'poker:next': z.object({}),
    /** Facilitator: end the round and clear the queue. */
    'poker:stop': z.object({}),
    'poker:reveal': z.object({ roundId: roundIdSchema }),
    /** Facilitator: a new round on the same card; the revealed one goes into its history. */
    'poker:revote': z.object({ roundId: roundIdSchema }),
    /** Facilitator: write the final card into the item, with the rounds' history. */
    'poker:accept': z.object({ roundId: roundIdSchema, card: cardLabelSchema }),
    /** Facilitator: countdown for the current round; null stops it. */
    'poker:timer': z.object({
      roundId: roundIdSchema,
      seconds: z.number().int().min(POKER_TIMER_MIN_SECONDS).max(POKER_TIMER_MAX_SECONDS).nullable(),
      revealAtEnd: z.boolean().default(true),
    }),
    /** Facilitator: board settings for estimation. */
    'poker:settings': z.object({
      deck: deckSpecSchema.optional(),
      autoReveal: z.boolean().optional(),
      sprintThreshold: z.number().min(0).max(10_000).nullable().optional(),
    }),
    /** Facilitator: split a too-big item into child stories, one per title, queued next. */
    'poker:split': z.object({
      itemId: itemIdSchema,
      titles: z.array(z.string().trim().min(1).max(MAX_TITLE_LENGTH)).min(1).max(POKER_MAX_SPLIT),
    }),
  } as const;
}

// ---------------------------------------------------------------------------------------------
// --- Tail trim consensus ---
// The facilitator proposes to trim parked items; everyone present at that moment (spectators
// excepted, the facilitator included) confirms or objects. The server counts and writes the result.

const trimProposalIdSchema = z.string().min(1).max(64);

function trimClientEventSchemas() {
  return {
    /** Facilitator: propose to trim these tail items. */
    'trim:propose': z.object({ itemIds: z.array(itemIdSchema).min(1).max(TRIM_MAX_ITEMS) }),
    /** Voter: confirm or object (an objection may say why). */
    'trim:respond': z.object({
      proposalId: trimProposalIdSchema,
      response: z.enum(['confirm', 'object']),
      reason: z.string().trim().max(TRIM_REASON_MAX).optional(),
      /** An objection to some of the items only: those are kept for discussion, the rest stay in the vote. */
      itemIds: z.array(itemIdSchema).min(1).max(TRIM_MAX_ITEMS).optional(),
    }),
    /** Facilitator: proceed without a voter disconnected for longer than the grace period (TRIM_AWAY_GRACE_MS). */
    'trim:proceed-without': z.object({ proposalId: trimProposalIdSchema, seatId: z.string().min(1).max(16) }),
    /** Facilitator: withdraw the open proposal. */
    'trim:cancel': z.object({ proposalId: trimProposalIdSchema }),
    /** Anyone: the current state (ack result), e.g. when a panel mounts after the join. */
    'trim:get': z.object({}),
  } as const;
}

// ---------------------------------------------------------------------------------------------
// --- Meeting agenda ---
// The guided refinement meeting: the facilitator drives the agenda (checked on the server); the
// server holds the meeting, its clock and its log, and sends everyone `meeting:state`.
// Types of the agenda, the meeting and the summary live in lib/meeting (pure modules).

/** Stage ids key plain objects (time per stage); names of Object.prototype are not ids. */
const RESERVED_IDS = new Set(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']);
const meetingStageSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .refine((id) => !RESERVED_IDS.has(id), 'reserved stage id'),
  kind: z.enum(STAGE_KINDS),
  title: z.string().trim().min(1).max(MAX_STAGE_TITLE),
  minutes: z.number().int().min(MIN_STAGE_MINUTES).max(MAX_STAGE_MINUTES),
});
const meetingAgendaSchema = z.array(meetingStageSchema).min(1).max(MAX_AGENDA_STAGES);
const meetingStageIdSchema = z.string().min(1).max(40);
const meetingIdSchema = z.string().min(1).max(64);

function meetingClientEventSchemas() {
  return {
    /** Any role: the current meeting view (also pushed on join and on every change). */
    'meeting:get': z.object({}),
    /** Facilitator: start a meeting with this agenda, or the board's saved one. */
    'meeting:start': z.object({ agenda: meetingAgendaSchema.optional() }),
    /** Facilitator: go to a stage. */
    'meeting:goto': z.object({ stageId: meetingStageIdSchema }),
    /**
     * Facilitator: next / previous stage. `fromStageId` makes a double click (or two
     * facilitators clicking at once) move one stage, not two: ignored unless it is current.
     */
    'meeting:next': z.object({ fromStageId: meetingStageIdSchema.optional() }),
    'meeting:prev': z.object({ fromStageId: meetingStageIdSchema.optional() }),
    /** Facilitator: mark a stage skipped (moves on when it is the current one). */
    'meeting:skip': z.object({ stageId: meetingStageIdSchema }),
    /**
     * Facilitator: replace the agenda (reorder, drop, add, timeboxes) of the running meeting,
     * or of the next one when none runs; `save` also keeps it as the board's agenda.
     */
    'meeting:agenda': z.object({ agenda: meetingAgendaSchema, save: z.boolean().default(false) }),
    /** Facilitator: forget the board's saved agenda and use the default one again. */
    'meeting:agenda-reset': z.object({}),
    /**
     * Facilitator: end the meeting; the summary is computed and kept with the board. An open poker
     * round is closed with it (refused with `poker_round_open` if that would drop votes).
     */
    'meeting:end': z.object({
      /** Also when the open poker round holds votes nobody accepted: they are dropped. */
      closePoker: z.boolean().optional(),
    }),
    /** Any role: one past meeting's full summary (acknowledged with `{ summary }`). */
    'meeting:summary': z.object({ meetingId: meetingIdSchema }),
  } as const;
}

// ---------------------------------------------------------------------------------------------
// --- Sort preview ---
// The facilitator's "sort by score" preview is computed in their browser (lib/refinement/sort.ts);
// the room sees it through the server: the facilitator sends what the dialog shows, the server
// relays it to the whole board (the projector above all) and hands the latest one to a joiner.
// It is a moment of the meeting, held in memory only; nothing of it is written to the board.

const backlogPositionSchema = z.number().int().min(0).max(1_000_000);

const sortPreviewMoveSchema = z.object({
  id: itemIdSchema,
  title: z.string().max(MAX_TITLE_LENGTH),
  /** 0-based backlog positions, as in SortMove. */
  from: backlogPositionSchema,
  to: backlogPositionSchema,
  /** The card's score under the method, null for an unscored card. */
  score: z.number().finite().nullable(),
});
export type SortPreviewMove = z.infer<typeof sortPreviewMoveSchema>;

function sortClientEventSchemas() {
  return {
    /**
     * Facilitator: what the sort preview shows, while it is open (`previewing`, sent again as the
     * plan changes), once applied (`applied`: the moves that were made), or `closed` (cancelled).
     */
    'sort:preview': z.discriminatedUnion('phase', [
      z.object({ phase: z.literal('closed') }),
      z.object({
        phase: z.enum(['previewing', 'applied']),
        method: z.enum(PRIORITIZATION_METHODS),
        moves: z.array(sortPreviewMoveSchema).max(SORT_PREVIEW_MAX_MOVES),
        /** How many cards move in all (moves may be only the first SORT_PREVIEW_MAX_MOVES). */
        total: backlogPositionSchema,
      }),
    ]),
  } as const;
}

/** What the board is told of the facilitator's sort preview (`sort:preview`); null: none open. */
export type SortPreviewView = Exclude<z.infer<ReturnType<typeof sortClientEventSchemas>['sort:preview']>, { phase: 'closed' }> & {
  /** The facilitator who sent it. */
  by: string;
  /** Server clock when it was sent (an applied result is shown for a while after). */
  at: number;
  /** Server clock when this message left, for the client's clock offset. */
  serverNow: number;
};

/** Client → server events: name → payload schema. */
export const clientEventSchemas = {
  'presence:set': z.object({ name: displayNameSchema, color: colorSchema }),
  /** Facilitator only: the card everyone following is shown. */
  'focus:set': z.object({ itemId: itemIdSchema.nullable() }),
  // --- Planning poker (client events; see the section below for the schemas) ---
  ...pokerClientEventSchemas(),
  // --- Tail trim consensus (client events; schemas in the section below) ---
  ...trimClientEventSchemas(),
  // --- Meeting agenda (client events; schemas in the section above) ---
  ...meetingClientEventSchemas(),
  // --- Sort preview (client event; schema in the section above) ---
  ...sortClientEventSchemas(),
} as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientEventPayload<E extends ClientEventName> = z.infer<(typeof clientEventSchemas)[E]>;

export interface ServerErrorPayload {
  code: ErrorCode;
  message: string;
  /** The client event that caused it, when there was one. */
  event?: string;
}

// ---------------------------------------------------------------------------------------------
// Acknowledgements: every client event is acknowledged (socket.io's ack callback) with
// `{ ok: true, result? }` or `{ ok: false, error }`. The results are declared here per event, so
// a client reads them without a cast; an event not listed acknowledges with no result.

/** How a trim response left the proposal: still open, or decided (kept, or trimmed these ids). */
export interface TrimRespondResult {
  status: 'pending' | 'kept' | 'trimmed';
  trimmed?: string[];
}

/** The result each client event is acknowledged with, for the events that have one. */
export interface ClientEventResults {
  'meeting:get': { view: MeetingView };
  'meeting:summary': { summary: MeetingSummary };
  /** Null only when no meeting was running. */
  'meeting:end': { summary: MeetingSummary | null };
  'trim:get': TrimStateView;
  'trim:propose': { proposalId: string };
  'trim:respond': TrimRespondResult;
  'trim:proceed-without': TrimRespondResult;
}

export type ClientEventResult<E extends ClientEventName> = E extends keyof ClientEventResults ? ClientEventResults[E] : undefined;

/** The acknowledgement of one client event, `E`. */
export type AckResult<E extends ClientEventName = ClientEventName> =
  | ({ ok: true; error?: undefined } & ([ClientEventResult<E>] extends [undefined]
      ? { result?: undefined }
      : { result: ClientEventResult<E> }))
  | { ok: false; error: { code: ErrorCode; message: string }; result?: undefined };

/** Server → client events with their payload types. */
export interface ServerToClientEvents {
  session: (info: SessionInfo) => void;
  /** The whole roster (spectators left out), to a socket that joins. */
  roster: (participants: Participant[]) => void;
  /** One change of the roster, to everyone else on the board. */
  'roster:delta': (delta: RosterDelta) => void;
  focus: (focus: FocusState) => void;
  'server:error': (error: ServerErrorPayload) => void;
  // --- Planning poker ---
  /** The round as this recipient may see it (redacted per recipient). */
  'poker:state': (view: PokerStateMessage) => void;
  /** While a round is voting: what changed of this recipient's view since the message `seq − 1`. */
  'poker:patch': (patch: PokerPatch) => void;
  // --- Tail trim consensus ---
  /** The open trim proposal and the last outcome; sent to the board on every change. */
  'trim:state': (state: TrimStateView) => void;
  // --- Meeting agenda ---
  /** The meeting as it stands (or none), the board's agenda and its past meetings. */
  'meeting:state': (view: MeetingView) => void;
  /** Sent to the board once when a meeting ends: its summary, for everyone to see. */
  'meeting:ended': (summary: MeetingSummary) => void;
  // --- Sort preview ---
  /** The facilitator's sort preview, to the whole board on every change and to a joiner. */
  'sort:preview': (preview: SortPreviewView | null) => void;
}

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>) => void;
};
