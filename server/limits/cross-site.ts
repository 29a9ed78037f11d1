import type { IncomingMessage } from 'node:http';

/**
 * Whether a page on another site opened this connection, as the browser says in
 * `Sec-Fetch-Site` (sent with every request by current browsers, WebSocket handshakes included).
 * The app's own pages are on this site, so such a connection is refused before its key is looked
 * up or it is charged to its address's budget of new connections: otherwise any page, open in one
 * browser at a venue, could spend the budget of the address the whole venue shares. Clients that
 * are not browsers send no such header; they spend their own address's budget.
 */
export function openedByAnotherSite(req: IncomingMessage): boolean {
  return req.headers['sec-fetch-site'] === 'cross-site';
}
