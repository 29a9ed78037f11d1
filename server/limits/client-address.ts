import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The address a request's budgets are charged to. `X-Forwarded-For` is believed only when the
 * operator said a proxy sits in front (TRUST_PROXY=1): otherwise any client could name any
 * address and escape its own budget. Behind the proxy, the right-most entry is the one the
 * proxy itself added, so it is the only one a client cannot forge.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const direct = normaliseAddress(req.socket.remoteAddress ?? 'unknown');
  if (!trustProxy) return direct;
  const header = req.headers['x-forwarded-for'];
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  const entries = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const last = entries[entries.length - 1];
  return last && isIP(last) ? normaliseAddress(last) : direct;
}

/** `::ffff:1.2.3.4` and `1.2.3.4` are one client. */
function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
