import { CLOSE_CODES } from '../protocol/codes';

/**
 * What the board connection does when the server closes its document socket, by close code.
 * y-websocket 3 by default stops for good on every 4400–4499 code and reconnects on the rest;
 * we decide per code instead, because some of ours are "not now" rather than "never".
 */
export type CloseReaction =
  /** Reconnect on y-websocket's own short backoff (server restart, slow reader, network). */
  | { kind: 'reconnect' }
  /** Reconnect, but only after `delayMs`: the server asked this connection to slow down. */
  | { kind: 'wait'; delayMs: number; status: 'slowed' | 'connecting' }
  /**
   * Do not reconnect by itself: the same edits would be sent and refused again, in a loop.
   * `blocked` keeps the board on screen (the local copy holds the edit); `error` replaces it.
   */
  | { kind: 'stop'; status: 'blocked' }
  | { kind: 'stop'; status: 'error'; reason: string };

/** First wait after a rate-limit close, then doubled per repeated close, up to the maximum. */
export const RATE_LIMIT_WAIT_MS = 5_000;
export const RATE_LIMIT_MAX_WAIT_MS = 60_000;
/** A frame the server could not parse is likely to come again; do not retry it every 2 s. */
export const MALFORMED_WAIT_MS = 15_000;

/**
 * @param repeats how many closes with this code came in a row before this one (0 for the first)
 * @param jitter a number in [0, 1), so that a room slowed down together does not return together
 */
export function closeReaction(code: number, repeats = 0, jitter = 0): CloseReaction {
  switch (code) {
    case CLOSE_CODES.boardTooLarge:
      return { kind: 'stop', status: 'blocked' };
    case CLOSE_CODES.rateLimited: {
      const base = Math.min(RATE_LIMIT_WAIT_MS * 2 ** Math.min(repeats, 10), RATE_LIMIT_MAX_WAIT_MS);
      return { kind: 'wait', delayMs: Math.round(base * (1 + 0.2 * jitter)), status: 'slowed' };
    }
    case CLOSE_CODES.boardGone:
      return { kind: 'stop', status: 'error', reason: 'unknown_board' };
    case CLOSE_CODES.malformedMessage:
      return { kind: 'wait', delayMs: MALFORMED_WAIT_MS, status: 'connecting' };
    default:
      return { kind: 'reconnect' };
  }
}
