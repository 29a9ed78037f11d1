import * as Y from 'yjs';

/**
 * True when `theirs` (an encoded state vector) counts a change `ours` does not: the node that
 * sent it holds something this node lacks. A malformed vector throws (nodes trust each other;
 * the relay logs it as a bug).
 */
export function holdsBeyond(theirs: Uint8Array, ours: Uint8Array): boolean {
  const known = Y.decodeStateVector(ours);
  for (const [client, clock] of Y.decodeStateVector(theirs)) {
    if (clock > (known.get(client) ?? 0)) return true;
  }
  return false;
}
