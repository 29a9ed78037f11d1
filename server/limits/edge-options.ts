import type { ServerLimits } from '../config';
import type { ConnectionLimiter } from './connection-limiter';

/**
 * What the HTTP edge hands to both connection endpoints (sync and socket.io): the one
 * process-wide connection limiter, the configured budgets, and whether `X-Forwarded-*` may be
 * believed. One object so the two endpoints cannot drift apart on who counts as one client.
 */
export interface EdgeOptions {
  limiter: ConnectionLimiter;
  limits: ServerLimits;
  trustProxy: boolean;
}
