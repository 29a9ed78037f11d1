'use client';

import type { Role } from '../session/roles';
import type { SessionInfo } from '../protocol';
import { deriveRoleKey } from '../session/role-keys';
import type { BoardConnection } from './board-connection';

/**
 * Asks the server for a lower role than the key grants on both of a new connection's sockets:
 * `asRole` in the socket.io handshake and `as=<role>` on /yjs (PROTOCOL.md). The projector page
 * does this, so a facilitator's key opened there (old boards: their spectator key cannot be
 * derived) is read-only and never a voter. The server grants a downgrade and ignores an upgrade.
 *
 * BoardConnection opens its sockets in its constructor without this option, so it is applied
 * right after: socket.io sends `auth` only once the transport is open (a later task), and the
 * sync socket, still connecting, is reopened with the parameter before it carried anything.
 */
export function requestRole(connection: BoardConnection, role: Role): void {
  const socket = connection.socket;
  const auth = typeof socket.auth === 'object' ? socket.auth : {};
  socket.auth = { ...auth, asRole: role };
  const provider = connection.provider;
  provider.params = { ...provider.params, as: role };
  if (provider.ws !== null && !provider.wsconnected) {
    provider.disconnect();
    provider.connect();
  }
}

/**
 * The "Open projector view" link. A facilitator of a board whose keys derive from its own
 * (`SessionInfo.derivedKeys`) links with the spectator key, so the projected URL bar never shows
 * the facilitator key. Everyone else (and older boards) links with their own key: the projector
 * page asks for the spectator role, which the server grants as a downgrade.
 */
export function projectorHref(boardId: string, key: string, session: Pick<SessionInfo, 'role' | 'derivedKeys'> | null): string {
  const linkKey = session?.role === 'facilitator' && session.derivedKeys ? deriveRoleKey(key, 'spectator') : key;
  return `/b/${encodeURIComponent(boardId)}/present?key=${encodeURIComponent(linkKey)}`;
}
