/**
 * In-process peers joined by a network that delivers updates late, in random
 * order and sometimes merged into batches: the conditions a real room sees
 * with reconnects and slow links, made reproducible by a seed.
 */
import * as Y from 'yjs';

/** Tiny seeded PRNG (mulberry32): same seed, same run, so failures replay. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SeededRandom {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** Integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T | undefined {
    return list.length === 0 ? undefined : list[this.int(list.length)];
  }
}

interface InFlightUpdate {
  to: number;
  update: Uint8Array;
}

// Marks updates applied from the network so peers do not send them on again
// (the network is a full mesh; every peer already gets every local update).
const FROM_NETWORK = Symbol('from-network');

export class RandomNetwork {
  readonly peers: Y.Doc[];
  private inFlight: InFlightUpdate[] = [];

  constructor(
    peerCount: number,
    private readonly random: SeededRandom,
  ) {
    this.peers = Array.from({ length: peerCount }, (_, index) => {
      const doc = new Y.Doc();
      // Fixed client ids make conflict resolution (which depends on them)
      // reproducible for a given seed.
      doc.clientID = index + 1;
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === FROM_NETWORK) return;
        for (let to = 0; to < peerCount; to++) {
          if (to !== index) this.inFlight.push({ to, update });
        }
      });
      return doc;
    });
  }

  get pendingCount(): number {
    return this.inFlight.length;
  }

  /**
   * Delivers roughly `fraction` of the pending updates, picked at random; the
   * rest stay delayed. Sometimes several updates for one peer arrive merged.
   */
  deliverSome(fraction: number): void {
    const toDeliver = Math.round(this.inFlight.length * fraction);
    for (let delivered = 0; delivered < toDeliver && this.inFlight.length > 0;) {
      delivered += this.random.chance(0.3) ? this.deliverBatch() : this.deliverOne();
    }
  }

  deliverAll(): void {
    while (this.inFlight.length > 0) {
      if (this.random.chance(0.3)) this.deliverBatch();
      else this.deliverOne();
    }
  }

  private take(index: number): InFlightUpdate {
    const [message] = this.inFlight.splice(index, 1);
    return message;
  }

  private deliverOne(): number {
    const message = this.take(this.random.int(this.inFlight.length));
    Y.applyUpdate(this.peers[message.to], message.update, FROM_NETWORK);
    return 1;
  }

  private deliverBatch(): number {
    const to = this.inFlight[this.random.int(this.inFlight.length)].to;
    const batch: Uint8Array[] = [];
    for (let index = this.inFlight.length - 1; index >= 0; index--) {
      if (this.inFlight[index].to === to && this.random.chance(0.5)) batch.push(this.take(index).update);
    }
    if (batch.length === 0) return this.deliverOne();
    // Collected newest-first and merged: Yjs must not care about the order
    // inside a batch any more than about the order between deliveries.
    Y.applyUpdate(this.peers[to], Y.mergeUpdates(batch), FROM_NETWORK);
    return batch.length;
  }
}
