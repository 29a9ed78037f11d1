import * as Y from 'yjs';

/** What a client's update needs that neither the document nor the update itself holds. */
export interface MissingDependencies {
  /** First missing struct, as `client:clock`, for the log line. */
  example: string;
  kind: 'struct' | 'delete';
}

/**
 * Says whether `update` would integrate completely into a document with state vector `state`,
 * without applying it. Yjs keeps an update whose dependencies are missing as "pending structs"
 * (or "pending deletes") in memory, re-merges it with every later update, and never emits or
 * stores it: a client that sends such updates grows the server's memory and CPU for every
 * board on the process while nothing reaches the store. The server refuses those updates
 * instead; an honest client that raced its own sync step 2 reconnects and sends everything in
 * one step 2.
 *
 * The rule mirrors Yjs's integration: a struct of client C needs every earlier clock of C (no
 * gap), and its origin, right origin and parent items must exist; a deleted range must lie
 * below what C will have after the update.
 */
export function findMissingDependencies(
  decoded: ReturnType<typeof Y.decodeUpdate>,
  state: Map<number, number>,
): MissingDependencies | null {
  // What each client will have after the update: the doc's clock, extended by the update's
  // structs as long as they continue it without a gap.
  const available = new Map(state);
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    const have = available.get(client) ?? 0;
    if (clock > have) return { example: `${client}:${have}`, kind: 'struct' };
    available.set(client, Math.max(have, clock + struct.length));
  }
  const has = (id: Y.ID | null) => id === null || id.clock < (available.get(id.client) ?? 0);
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const dependency of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
      if (!has(dependency)) return { example: `${dependency!.client}:${dependency!.clock}`, kind: 'struct' };
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const have = available.get(client) ?? 0;
    for (const range of ranges) {
      if (range.clock + range.len > have) return { example: `${client}:${range.clock}`, kind: 'delete' };
    }
  }
  return null;
}
