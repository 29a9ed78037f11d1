import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';

/** A message no honest client sends: a state over the size cap ('too-large') or too many presence ids ('too-many-ids'). */
export class AwarenessRefused extends Error {
  constructor(
    readonly reason: 'too-large' | 'too-many-ids',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Presence ids one connection may introduce. A y-websocket client announces one, its doc's
 * client id, for the life of its connection (a reconnect is a new connection); every id is
 * relayed to every peer, sent to every joiner and kept for 30 s, so a connection that claims
 * thousands (one message of 10,000 empty states is 60 KB) is flooding, and is closed.
 */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 4;

/** Who holds which awareness client id: each id belongs to the connection that introduced it. */
export interface AwarenessOwnership {
  ownerOf(clientId: number): unknown;
  /** How many ids the sender already owns. */
  ownedBySender: number;
}

export interface GuardedAwareness {
  /** The entries this connection may apply, re-encoded; null when none are left. */
  update: Uint8Array | null;
  /** Ids this connection introduces with this message (they become its own). */
  claimed: number[];
}

/**
 * Keeps from an awareness update only what its sender may say: its own presence. A client id
 * belongs to the connection that first announced it with a newer clock; entries about ids
 * another open connection owns are dropped, so no one can rename, move or remove someone else.
 * (y-websocket clients echo every awareness change they see, other people's included, so such
 * entries are normal and dropped silently; they are never newer than what the server has.)
 * A state larger than `maxStateBytes`, or a message that would leave its sender owning more
 * than MAX_AWARENESS_IDS_PER_CONNECTION ids, refuses the whole message: no honest client sends one.
 */
export function guardAwarenessUpdate(
  update: Uint8Array,
  sender: unknown,
  ownership: AwarenessOwnership,
  awareness: Awareness,
  maxStateBytes: number,
): GuardedAwareness {
  const decoder = decoding.createDecoder(update);
  const kept: Array<{ clientId: number; clock: number; state: string }> = [];
  const claimed: number[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    if (state.length > maxStateBytes) {
      throw new AwarenessRefused('too-large', `awareness state of ${state.length} bytes (limit ${maxStateBytes})`);
    }
    const owner = ownership.ownerOf(clientId);
    if (owner !== undefined && owner !== sender) continue;
    if (owner === undefined) {
      // Only a change the server would apply makes an id someone's: a stale echo of a departed
      // client (its clock is not newer) must not hand that id to whoever echoed it.
      const known = awareness.meta.get(clientId)?.clock ?? 0;
      if (clock <= known || state === 'null') continue;
      claimed.push(clientId);
      if (ownership.ownedBySender + claimed.length > MAX_AWARENESS_IDS_PER_CONNECTION) {
        throw new AwarenessRefused(
          'too-many-ids',
          `more than ${MAX_AWARENESS_IDS_PER_CONNECTION} presence ids from one connection (a client announces one)`,
        );
      }
    }
    kept.push({ clientId, clock, state });
  }
  if (kept.length === 0) return { update: null, claimed };
  if (kept.length === count) return { update, claimed };
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return { update: encoding.toUint8Array(encoder), claimed };
}
