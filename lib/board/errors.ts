/**
 * Errors thrown by board mutations on bad input.
 *
 * Mutations validate everything before they write, so a thrown BoardError
 * always means "nothing was changed". The `code` is stable and meant for
 * programs (the server maps it to a rejection reason, the UI to a message);
 * the message is for humans and logs.
 */
export type BoardErrorCode =
  | 'already_initialized'
  | 'invalid_board_title'
  | 'invalid_id'
  | 'duplicate_id'
  | 'unknown_item'
  | 'unknown_kind'
  | 'invalid_title'
  | 'title_too_long'
  | 'invalid_description'
  | 'description_too_long'
  | 'invalid_estimate'
  | 'invalid_reason'
  | 'invalid_position'
  | 'not_trimmed'
  // Refinement details (item-details.ts, item-entries.ts, roadmap.ts, dor.ts, settings.ts, input.ts, entries.ts)
  | 'invalid_detail'
  | 'unknown_entry';

export class BoardError extends Error {
  readonly code: BoardErrorCode;

  constructor(code: BoardErrorCode, message: string) {
    super(message);
    this.name = 'BoardError';
    this.code = code;
  }
}
