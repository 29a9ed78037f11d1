import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';

/**
 * Applying a board without encoding it a second time.
 *
 * Yjs encodes every transaction into an update for the doc's `update` listeners, whoever made
 * it, as soon as one listener exists. In the browser the listeners are the y-websocket provider
 * (it sends what this person typed and ignores what came from the server) and the local copy
 * (y-indexeddb: it stores what came from the server and ignores what it read itself). So when
 * the whole board arrives (the first sync, 2,000 items) or is read from the local copy, Yjs
 * re-encodes all of it for listeners that throw it away or could store the bytes as received:
 * about a quarter of the apply's CPU, on the way to the live list (issue 15).
 *
 * `setAsideUpdateListeners` takes the doc's `update` listeners away while a transaction of one
 * origin applies, so Yjs has no one to encode for. Any transaction of another origin that
 * begins meanwhile (an observer writing to the doc in reaction) puts them back first, so it
 * and the applied one are encoded as usual: nothing that is typed is ever left unsent or
 * unstored. It relies on lib0's Observable keeping its listeners in `_observers` (a Map of
 * Sets); without that it does nothing.
 */
export type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction | null) => void;

/** A board arriving whole: at or above this, an incoming sync update is applied quietly. */
export const QUIET_APPLY_MIN_BYTES = 64 * 1024;

export interface SetAside {
  /**
   * Puts the listeners back. Returns those that missed the applied update (they should be given
   * its bytes), or none when they were put back early and Yjs encoded it for them itself.
   */
  restore(): UpdateListener[];
}

export function setAsideUpdateListeners(doc: Y.Doc, origin: unknown): SetAside {
  const observers = (doc as unknown as { _observers?: unknown })._observers;
  const aside = observers instanceof Map ? (observers.get('update') as Set<UpdateListener> | undefined) : undefined;
  if (!(observers instanceof Map) || !aside) return { restore: () => [] };
  observers.delete('update');
  let putBack = false;
  let early = false;
  const putBackNow = () => {
    if (putBack) return;
    putBack = true;
    doc.off('beforeTransaction', onBegin);
    // A listener added meanwhile went into a new set: keep both.
    const added = observers.get('update') as Set<UpdateListener> | undefined;
    if (added) for (const listener of added) aside.add(listener);
    observers.set('update', aside);
  };
  const onBegin = (transaction: Y.Transaction) => {
    if (transaction.origin === origin) return;
    early = true;
    putBackNow();
  };
  doc.on('beforeTransaction', onBegin);
  return {
    restore() {
      putBackNow();
      return early ? [] : [...aside];
    },
  };
}

/**
 * The update a y-websocket sync message carries, when it is sync step 2 or an update (not
 * step 1, a state vector), without moving `decoder`; null for anything else or malformed.
 */
export function peekSyncUpdate(decoder: decoding.Decoder): Uint8Array | null {
  try {
    const peek = decoding.clone(decoder);
    const type = decoding.readVarUint(peek);
    // y-protocols/sync: 0 step 1 (a state vector), 1 step 2 and 2 update (an update each).
    if (type !== 1 && type !== 2) return null;
    return decoding.readVarUint8Array(peek);
  } catch {
    return null;
  }
}
