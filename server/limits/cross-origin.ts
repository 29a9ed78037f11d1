import type { IncomingMessage } from 'node:http';

/**
 * Whether a page of another origin opened this connection, as the browser says in
 * `Sec-Fetch-Site` (WebSocket handshakes and polls included). The app's own pages are served by
 * this same server, so their connections say `same-origin`; any other value (`cross-site`, or
 * `same-site`: a sibling host of the same site) is a page elsewhere, and its connection is
 * refused before its key is looked up or it is charged to its address's budget of new
 * connections. Otherwise any page, open in one browser at a venue, could spend the budget (and
 * the open-connection slots) of the address the whole venue shares.
 *
 * Browsers send the header only over HTTPS and to localhost, and not before Safari 16.4 or
 * Firefox 90: without it a connection is treated as any client's (one that is not a browser
 * sends none and spends its own address's budget). THREAT_MODEL.md, "Exhausting connections".
 */
export function openedByAnotherOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin';
}
