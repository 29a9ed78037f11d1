import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The address a request's budgets are charged to. `X-Forwarded-For` is believed only when the
 * operator said a proxy sits in front (TRUST_PROXY=1): otherwise any client could name any
 * address and escape its own budget. Behind the proxy, the right-most entry is the one the
 * proxy itself added, so it is the only one a client cannot forge. IPv6 clients are counted
 * per /64 (see normaliseAddress), so the answer is a budget key, not always an address.
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

/**
 * The key a client's budgets are counted under. IPv4: the address. IPv6: its /64, written one
 * way (`2001:db8:0:0::/64`), since one customer gets a whole /64 and could take a fresh address
 * from it for every request. An IPv4-mapped address (`::ffff:1.2.3.4`, as a dual-stack socket
 * reports IPv4 clients) is the IPv4 client it names.
 */
function normaliseAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  const prefix = groups.slice(0, 4).map((group) => group.toString(16));
  return `${prefix.join(':')}::/64`;
}

/** The eight 16-bit groups of an address `isIP` calls IPv6: `::` filled in, a dotted tail as two groups, no zone. */
function ipv6Groups(address: string): number[] {
  const [head, tail] = address.split('%')[0].split('::');
  const left = groupsOf(head);
  if (tail === undefined) return left;
  const right = groupsOf(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function groupsOf(part: string): number[] {
  if (part === '') return [];
  return part.split(':').flatMap((group) => {
    if (!group.includes('.')) return [parseInt(group, 16)];
    const [a, b, c, d] = group.split('.').map(Number);
    return [(a << 8) | b, (c << 8) | d];
  });
}
