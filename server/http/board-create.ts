/**
 * Creating a board: its id, its three keys (only their hashes are stored), its first document
 * and the links that carry the keys. One way for every route that creates a board (`POST
 * /api/boards` with a title, `POST /api/boards/restore` with a backup), each counted against the
 * same per-address budget.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CreateBoardResponse } from '../../lib/protocol';
import type { Role } from '../../lib/session/roles';
import { hashKey, mintBoardId, mintBoardKeys } from '../keys';
import { clientAddress } from '../limits/client-address';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import type { RequestBudgets } from './request-budgets';
import { sendJson, sendTooMany } from './respond';

export interface BoardCreateDeps {
  store: Store;
  log: Logger;
  publicUrl: string | null;
  /** Believe X-Forwarded-* (for link origins and the client's address). */
  trustProxy: boolean;
  /** The port we listen on, for `http://localhost:<port>` links when nothing better is known. */
  fallbackPort: number;
  budgets: RequestBudgets;
}

/** A DNS name or an IPv4 address, or a bracketed IPv6 address, with an optional port. Nothing else. */
const HOST_PATTERN =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]{2,45}\])(?::(\d{1,5}))?$/i;

function validHost(value: string | undefined): value is string {
  if (!value || value.length > 255) return false;
  const match = HOST_PATTERN.exec(value);
  return match !== null && (match[1] === undefined || Number(match[1]) <= 65535);
}

function firstHeaderValue(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  return (raw ?? '').split(',')[0].trim();
}

/**
 * Origin of share links. PUBLIC_URL, when set, is the only source. Otherwise the request's own
 * headers, which a client writes itself: X-Forwarded-* only behind a proxy we were told about
 * (TRUST_PROXY=1), and each value only if it is a plain http(s) scheme and a plain host[:port],
 * so a forged `X-Forwarded-Proto: javascript` or a Host with a path never reaches a link.
 */
export function linkOrigin(req: IncomingMessage, deps: Pick<BoardCreateDeps, 'publicUrl' | 'trustProxy' | 'fallbackPort'>): string {
  if (deps.publicUrl) return deps.publicUrl;
  const socketProto = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  if (deps.trustProxy) {
    const proto = firstHeaderValue(req.headers['x-forwarded-proto']).toLowerCase() || socketProto;
    const host = firstHeaderValue(req.headers['x-forwarded-host']) || req.headers.host;
    if ((proto === 'http' || proto === 'https') && validHost(host)) return `${proto}://${host}`;
  }
  if (validHost(req.headers.host)) return `${socketProto}://${req.headers.host}`;
  return `http://localhost:${deps.fallbackPort}`;
}

export function boardLink(base: string, boardId: string, role: Role, key: string): string {
  const path = role === 'spectator' ? `/b/${boardId}/present` : `/b/${boardId}`;
  return `${base}${path}?key=${encodeURIComponent(key)}`;
}

/**
 * Charges one board creation to the client's address. Call it before reading the body, so a
 * refused client costs nothing more; false means the 429 has been sent.
 */
export function takeBoardCreateBudget(
  req: IncomingMessage,
  res: ServerResponse,
  deps: Pick<BoardCreateDeps, 'budgets' | 'trustProxy'>,
): boolean {
  const budget = deps.budgets.takeBoardCreate(clientAddress(req, deps.trustProxy));
  if (budget.ok) return true;
  sendTooMany(res, budget.retryAfterSeconds, `too many boards created from this address; try again in ${budget.retryAfterSeconds} s`);
  return false;
}

/** Stores a new board whose document is `doc`'s content, under fresh keys, and answers 201 with its links. */
export async function storeNewBoard(
  req: IncomingMessage,
  res: ServerResponse,
  deps: BoardCreateDeps,
  title: string,
  /** The new board's whole document, as one update. */
  update: Uint8Array,
): Promise<void> {
  const id = mintBoardId();
  // Participant and spectator keys derive from the facilitator key, so the facilitator's page can
  // build the projector link with the spectator key (server/keys.ts).
  const keys: Record<Role, string> = mintBoardKeys();
  await deps.store.createBoard(
    {
      id,
      title,
      createdAt: Date.now(),
      keyHashes: {
        facilitator: hashKey(keys.facilitator),
        participant: hashKey(keys.participant),
        spectator: hashKey(keys.spectator),
      },
    },
    update,
  );
  const base = linkOrigin(req, deps);
  const body: CreateBoardResponse = {
    id,
    title,
    links: {
      facilitator: boardLink(base, id, 'facilitator', keys.facilitator),
      participant: boardLink(base, id, 'participant', keys.participant),
      spectator: boardLink(base, id, 'spectator', keys.spectator),
    },
  };
  deps.log.info({ boardId: id }, 'board created');
  sendJson(res, 201, body);
}
