import * as Y from 'yjs';

/** What a client's update needs that neither the document nor the update itself holds. */
export interface MissingDependencies {
  /** First missing struct, as `client:clock`, for the log line. */
  example: string;
  kind: 'struct' | 'delete';
}

/**
 * The document's clock for a client (0 or undefined when it has none). A Map of the state
 * vector is one; a live doc answers with Y.getState, so the check costs what the update holds,
 * not what the board's history holds (a long-used board has a client id per browser session).
 */
export interface ClockSource {
  get(client: number): number | undefined;
}

/** The clock `client` will have after the update: its own extension if it has one, else the doc's. */
function clockAfter(extended: Map<number, number>, state: ClockSource, client: number): number {
  return extended.get(client) ?? state.get(client) ?? 0;
}

function isAvailable(extended: Map<number, number>, state: ClockSource, id: Y.ID | null): boolean {
  return id === null || id.clock < clockAfter(extended, state, id.client);
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
 * below what C will have after the update. Runs on every update a client sends, so it
 * allocates one small map (the update's own clients) and nothing per struct.
 */
export function findMissingDependencies(decoded: ReturnType<typeof Y.decodeUpdate>, state: ClockSource): MissingDependencies | null {
  // What each of the update's clients will have after it: the doc's clock, extended by the
  // update's structs as long as they continue it without a gap.
  const extended = new Map<number, number>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    const have = clockAfter(extended, state, client);
    if (clock > have) return { example: `${client}:${have}`, kind: 'struct' };
    extended.set(client, Math.max(have, clock + struct.length));
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    const missing = !isAvailable(extended, state, struct.origin)
      ? struct.origin
      : !isAvailable(extended, state, struct.rightOrigin)
        ? struct.rightOrigin
        : !isAvailable(extended, state, parent)
          ? parent
          : null;
    if (missing) return { example: `${missing.client}:${missing.clock}`, kind: 'struct' };
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const have = clockAfter(extended, state, client);
    for (const range of ranges) {
      if (range.clock + range.len > have) return { example: `${client}:${range.clock}`, kind: 'delete' };
    }
  }
  return null;
}
