/**
 * Lower-role keys derived from the facilitator key (boards created since issue 10):
 * participant = HMAC-SHA256(facilitatorKey, "participant"), spectator = HMAC-SHA256(facilitatorKey,
 * "spectator"), base64url without padding. The facilitator's page can then build the projector
 * link with the spectator key instead of putting its own key on a projected URL bar; nobody can
 * go the other way (HMAC is one-way). Pure and synchronous (lib0's SHA-256) so it also works in
 * a browser on plain http, where WebCrypto's `subtle` is missing. server/keys.ts mints with
 * node:crypto and its test checks both agree.
 */
import { digest } from 'lib0/hash/sha256';

export type DerivedRole = 'participant' | 'spectator';

const BLOCK = 64;

export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(BLOCK);
  block.set(key.length > BLOCK ? digest(key) : key);
  const inner = new Uint8Array(BLOCK + message.length);
  const outer = new Uint8Array(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = block[i] ^ 0x36;
    outer[i] = block[i] ^ 0x5c;
  }
  inner.set(message, BLOCK);
  outer.set(digest(inner), BLOCK);
  return digest(outer);
}

export function deriveRoleKey(facilitatorKey: string, role: DerivedRole): string {
  const encoder = new TextEncoder();
  return toBase64Url(hmacSha256(encoder.encode(facilitatorKey), encoder.encode(role)));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}
