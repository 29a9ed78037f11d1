import { BoardError, type BoardErrorCode } from '../../lib/board/errors';
import { AgendaError } from '../../lib/meeting/agenda';
import { MeetingError } from '../../lib/meeting/state';
import { PokerError, type PokerErrorCode } from '../../lib/poker/round';
import { ERROR_CODES, type ErrorCode } from '../../lib/protocol';
import { TrimConsensusError } from '../../lib/refinement/trim-consensus';

/** A refusal a handler throws; it reaches the sender as a `server:error` event, not a crash. */
export class ControlError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/*
 * The control code each domain error carries, one table per error class. Every code of a class
 * is listed (`satisfies Record<…>`): a new one breaks the build here until it is given its code.
 */

const BOARD_ERROR_CODES = {
  already_initialized: ERROR_CODES.conflict,
  invalid_board_title: ERROR_CODES.invalidPayload,
  invalid_id: ERROR_CODES.invalidPayload,
  duplicate_id: ERROR_CODES.invalidPayload,
  unknown_item: ERROR_CODES.notFound,
  unknown_kind: ERROR_CODES.invalidPayload,
  invalid_title: ERROR_CODES.invalidPayload,
  title_too_long: ERROR_CODES.invalidPayload,
  invalid_description: ERROR_CODES.invalidPayload,
  description_too_long: ERROR_CODES.invalidPayload,
  invalid_estimate: ERROR_CODES.invalidPayload,
  invalid_reason: ERROR_CODES.invalidPayload,
  invalid_position: ERROR_CODES.invalidPayload,
  not_trimmed: ERROR_CODES.conflict,
  invalid_detail: ERROR_CODES.invalidPayload,
  unknown_entry: ERROR_CODES.notFound,
} as const satisfies Record<BoardErrorCode, ErrorCode>;

const POKER_ERROR_CODES = {
  conflict: ERROR_CODES.conflict,
  not_found: ERROR_CODES.notFound,
  invalid_payload: ERROR_CODES.invalidPayload,
} as const satisfies Record<PokerErrorCode, ErrorCode>;

const MEETING_ERROR_CODES = {
  not_running: ERROR_CODES.conflict,
  unknown_stage: ERROR_CODES.notFound,
  invalid_agenda: ERROR_CODES.invalidPayload,
} as const satisfies Record<MeetingError['code'], ErrorCode>;

const AGENDA_ERROR_CODES = {
  unknown_stage: ERROR_CODES.notFound,
  invalid_agenda: ERROR_CODES.invalidPayload,
} as const satisfies Record<AgendaError['code'], ErrorCode>;

const TRIM_ERROR_CODES = {
  conflict: ERROR_CODES.conflict,
  forbidden: ERROR_CODES.forbidden,
  not_found: ERROR_CODES.notFound,
  invalid: ERROR_CODES.invalidPayload,
} as const satisfies Record<TrimConsensusError['code'], ErrorCode>;

/**
 * The refusal an error stands for: a ControlError as it is, a domain error (a rule of lib/ said
 * no) with its control code; null for anything else, which is a bug of ours, not the client's.
 */
export function toControlError(err: unknown): ControlError | null {
  if (err instanceof ControlError) return err;
  if (err instanceof BoardError) return new ControlError(BOARD_ERROR_CODES[err.code], err.message);
  if (err instanceof PokerError) return new ControlError(POKER_ERROR_CODES[err.code], err.message);
  if (err instanceof MeetingError) return new ControlError(MEETING_ERROR_CODES[err.code], err.message);
  if (err instanceof AgendaError) return new ControlError(AGENDA_ERROR_CODES[err.code], err.message);
  if (err instanceof TrimConsensusError) return new ControlError(TRIM_ERROR_CODES[err.code], err.message);
  return null;
}
