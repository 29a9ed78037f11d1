/**
 * Random ids minted on any peer. Not `crypto.randomUUID` alone: it exists only in secure
 * contexts, and a phone joining over plain http on the meeting room's LAN is not one;
 * `getRandomValues` is available everywhere.
 */

/** A random v4 UUID: the id of a new item. */
export function newItemId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A random id for a keyed entry of a map (a question, a release, a DoR criterion): 24 hex digits. */
export function newEntryId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
