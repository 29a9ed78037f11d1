import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../lib/protocol';

/** 192 random bits, URL-safe. Only the SHA-256 of a key is ever stored. */
export function mintKey(): string {
  return randomBytes(24).toString('base64url');
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
