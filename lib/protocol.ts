/**
 * The one place where the wire protocol of Refinery is declared: roles, the sync endpoint's
 * close codes, and every socket.io event name with its payload schema. Client and server both
 * import from here; payloads are validated with zod at the server's edge.
 */
import { z } from 'zod';

/** Bumped on any incompatible change to the events below; the handshake states it. */
export const PROTOCOL_VERSION = 1;

export const ROLES = ['facilitator', 'participant', 'spectator'] as const;
export type Role = (typeof ROLES)[number];

export function canEdit(role: Role): boolean {
  return role !== 'spectator';
}

// ---------------------------------------------------------------------------------------------
// Sync endpoint: /yjs/<boardId>?key=<key>, the y-websocket protocol.

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
  /** Unexpected server-side failure handling this connection's message. */
  internalError: 4500,
} as const;

// ---------------------------------------------------------------------------------------------
// Shared value schemas.

export const boardIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'invalid board id');
export const itemIdSchema = z.string().min(1).max(64);
export const displayNameSchema = z.string().trim().min(1).max(40);
export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/);

export const BOARD_TITLE_MAX = 200;
export const createBoardRequestSchema = z.object({
  title: z
    .string({ error: 'title is required and must be a string' })
    .trim()
    .min(1, 'title must not be empty')
    .max(BOARD_TITLE_MAX, `title must be at most ${BOARD_TITLE_MAX} characters`),
});
export type CreateBoardRequest = z.infer<typeof createBoardRequestSchema>;
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
export const handshakeAuthSchema = z.object({
  boardId: boardIdSchema,
  key: z.string().min(1).max(200),
  protocolVersion: z.number().int(),
  name: displayNameSchema.optional(),
  color: colorSchema.optional(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** Reasons a handshake is refused; `connect_error` carries one as `err.message`. */
export const HANDSHAKE_ERRORS = {
  badRequest: 'bad_request',
  protocolMismatch: 'protocol_mismatch',
  unknownBoard: 'unknown_board',
  wrongKey: 'wrong_key',
} as const;

export interface Participant {
  /** socket id: one entry per open tab. */
  clientId: string;
  name: string;
  color: string;
  role: Role;
}

export interface SessionInfo {
  boardId: string;
  title: string;
  role: Role;
  clientId: string;
  protocolVersion: number;
}

export interface FocusState {
  itemId: string | null;
  by: string | null;
}

/** Client → server events: name → payload schema. */
export const clientEventSchemas = {
  'presence:set': z.object({ name: displayNameSchema, color: colorSchema }),
  /** Facilitator only: the card everyone following is shown. */
  'focus:set': z.object({ itemId: itemIdSchema.nullable() }),
} as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientEventPayload<E extends ClientEventName> = z.infer<(typeof clientEventSchemas)[E]>;

export const ERROR_CODES = {
  invalidPayload: 'invalid_payload',
  unknownEvent: 'unknown_event',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface ServerErrorPayload {
  code: ErrorCode;
  message: string;
  /** The client event that caused it, when there was one. */
  event?: string;
}

/** Server → client events with their payload types. */
export interface ServerToClientEvents {
  session: (info: SessionInfo) => void;
  roster: (participants: Participant[]) => void;
  focus: (focus: FocusState) => void;
  'server:error': (error: ServerErrorPayload) => void;
}

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>) => void;
};

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
