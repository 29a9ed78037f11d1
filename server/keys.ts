import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../lib/session/roles';
import type { DerivedRole } from '../lib/session/role-keys';

/** 192 random bits, URL-safe. Only the SHA-256 of a key is ever stored. */
export function mintKey(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * A new board's three keys: a random facilitator key, and the participant and spectator keys
 * derived from it (lib/role-keys.ts says why). Only their hashes are stored, as before.
 */
export function mintBoardKeys(): Record<Role, string> {
  const facilitator = mintKey();
  return { facilitator, participant: deriveKey(facilitator, 'participant'), spectator: deriveKey(facilitator, 'spectator') };
}

/** HMAC-SHA256(facilitatorKey, role), base64url: the same value as lib/role-keys.ts computes. */
export function deriveKey(facilitatorKey: string, role: DerivedRole): string {
  return createHmac('sha256', facilitatorKey).update(role).digest('base64url');
}

/**
 * Whether a board's lower-role keys derive from this facilitator key (boards created since the
 * derivation; older boards have three random keys). Tells the facilitator's page it may build
 * the projector link itself.
 */
export function keysDeriveFrom(facilitatorKey: string, hashes: RoleKeyHashes): boolean {
  return roleForKey(deriveKey(facilitatorKey, 'spectator'), hashes) === 'spectator';
}

export function mintBoardId(): string {
  return randomBytes(9).toString('base64url');
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export type RoleKeyHashes = Record<Role, string>;

/**
 * The role a key grants on a board, or null. Keys carry enough entropy that a fast hash is
 * enough; the comparison is constant-time so response timing says nothing about the hashes.
 */
export function roleForKey(key: string, hashes: RoleKeyHashes): Role | null {
  const candidate = Buffer.from(hashKey(key), 'hex');
  let found: Role | null = null;
  for (const role of ['facilitator', 'participant', 'spectator'] as const) {
    const stored = Buffer.from(hashes[role], 'hex');
    if (stored.length === candidate.length && timingSafeEqual(stored, candidate)) found = role;
  }
  return found;
}
