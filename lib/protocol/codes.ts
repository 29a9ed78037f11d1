/**
 * The names and numbers of Refinery's wire protocol that both sides use at run time: close codes,
 * message types, error codes and limits. Every event, its payload schema and its acknowledgement
 * are declared in `./index.ts` (with zod, validated at the server's edge), which re-exports these.
 * They live apart so that the browser's first load, which needs only these values and the
 * protocol's types, does not evaluate zod and every schema (issue 15: the board's first-load JS).
 */
import { MAX_SPLIT_CHILDREN } from '../refinement/split';

/** Bumped on any incompatible change to the events below; the handshake states it. */
export const PROTOCOL_VERSION = 1;

/** y-websocket message types (first varUint of every frame). */
export const SYNC_MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** WebSocket close codes the sync endpoint uses (4000–4999 are for applications). */
export const CLOSE_CODES = {
  /** Server shutting down; the client should reconnect. */
  goingAway: 1001,
  /** Frame larger than MAX_MESSAGE_BYTES (sent by the ws library itself). */
  messageTooBig: 1009,
  /** A frame that does not parse as a y-websocket message, or an update Yjs rejects. */
  malformedMessage: 4400,
  /** The board was deleted while connected. */
  boardGone: 4404,
  /** The client does not read fast enough; its send buffer passed the limit. */
  tooSlow: 4408,
  /**
   * The change would take the board past its size cap (MAX_DOC_BYTES). Nothing of it was applied;
   * the client keeps it locally and must not resend it in a loop.
   */
  boardTooLarge: 4413,
  /** The connection spent its budget (bytes, messages or server time per second) and stayed over. */
  rateLimited: 4429,
  /** Unexpected server-side failure handling this connection's message. */
  internalError: 4500,
} as const;

/** Reasons a handshake is refused; `connect_error` carries one as `err.message`. */
export const HANDSHAKE_ERRORS = {
  badRequest: 'bad_request',
  protocolMismatch: 'protocol_mismatch',
  unknownBoard: 'unknown_board',
  wrongKey: 'wrong_key',
  /** This address has MAX_CONNECTIONS_PER_IP connections open (sync and socket.io together). */
  tooManyFromAddress: 'too_many_connections_from_address',
  /** This board key has MAX_CONNECTIONS_PER_KEY connections open (sync and socket.io together). */
  tooManyForKey: 'too_many_connections_for_key',
} as const;
export type HandshakeError = (typeof HANDSHAKE_ERRORS)[keyof typeof HANDSHAKE_ERRORS];

/**
 * A handshake refused because its address opened CONNECTS_PER_MINUTE new connections (sync and
 * socket.io together) in the last minute; counted before the key is looked up. Not one of
 * HANDSHAKE_ERRORS: it passes, so the client does not give up but tries again after a back-off.
 * A document socket refused for the same reason is answered 429.
 */
export const CONNECT_RATE_REFUSAL = 'too_many_connects_from_address';

/**
 * A connection opened by a page of another origin (its `Sec-Fetch-Site` is not `same-origin`);
 * the app's pages are served by the same server and never see it. A document socket is answered
 * 403 with it; a socket.io connection is refused by engine.io before its handshake, whose client
 * only sees a transport error. Not one of HANDSHAKE_ERRORS: no page of the app is refused so.
 */
export const CROSS_ORIGIN_REFUSAL = 'cross_origin_request';

/** Where the server serves the app's service worker (server/http/service-worker.ts). */
export const SERVICE_WORKER_PATH = '/sw.js';

export const SPECTATOR_COUNT_INTERVAL_MS = 500;

export const POKER_MAX_QUEUE = 50;
/** Splitting from the poker panel is the same act as from the item: the same limit. */
export const POKER_MAX_SPLIT = MAX_SPLIT_CHILDREN;
export const POKER_TIMER_MIN_SECONDS = 5;
export const POKER_TIMER_MAX_SECONDS = 3600;

export const TRIM_MAX_ITEMS = 100;
export const TRIM_REASON_MAX = 500;

/** The projector shows a few dozen moves at most; a plan of 2,000 moves is sent as its head. */
export const SORT_PREVIEW_MAX_MOVES = 200;

export const ERROR_CODES = {
  invalidPayload: 'invalid_payload',
  unknownEvent: 'unknown_event',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  internal: 'internal',
  /** Over the connection's event or byte budget; the event was not handled. Staying over disconnects. */
  rateLimited: 'rate_limited',
  /** meeting:end refused: a poker round holds votes nobody accepted (send `closePoker` to drop them). */
  pokerRoundOpen: 'poker_round_open',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
