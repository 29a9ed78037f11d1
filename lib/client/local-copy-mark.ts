'use client';

import { LOCAL_COPY_MARK } from './early-socket-script';

/**
 * Which board links this browser keeps a local copy (IndexedDB) for: a mark in localStorage per
 * board, holding a fingerprint of the key the copy was made with. A later visit with the same
 * link shows the copy at once, before the network sync; a visit with another key (it could be
 * the read-only spectator key) does not, since the copy may hold edits only a writer may make.
 * The fingerprint is not a secret keeper (the link itself is in this browser's history); it only
 * tells keys apart.
 */
function fingerprint(key: string): string {
  // FNV-1a, 32 bits.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export function markLocalCopy(boardId: string, key: string): void {
  try {
    localStorage.setItem(LOCAL_COPY_MARK + boardId, fingerprint(key));
  } catch {
    // Storage blocked or full: the next visit waits for the network, as before.
  }
}

export function hasLocalCopy(boardId: string, key: string): boolean {
  try {
    return localStorage.getItem(LOCAL_COPY_MARK + boardId) === fingerprint(key) && 'indexedDB' in window;
  } catch {
    return false;
  }
}
