import type { Store } from '../store/store';
import type { Logger } from '../log';

interface Pending {
  boardId: string;
  update: Uint8Array;
}

/** Under load, commits are this many windows apart (see Persister)… */
const BUSY_SPACING_WINDOWS = 4;
/** …but never more than this (the longest window COMMIT_WINDOW_MS allows). */
const MAX_SPACING_MS = 50;

/**
 * Group commit for document updates. Updates are fanned out as soon as they are applied and
 * appended here; one transaction stores everything that arrived within `windowMs` (≤ 50 ms).
 * An update fanned out but not yet stored when the process dies is not lost: every client that
 * holds it re-sends it in the sync handshake when it reconnects.
 *
 * A commit costs the store about the same whether it holds one update or fifty (a transaction,
 * its WAL pages, a wake-up of the store's thread: bench:rooms, docs/DECISIONS.md), so under a
 * steady stream of updates commits are spaced: the next one starts `windowMs` after its first
 * update, but no sooner than `spacingMs` (4 windows, at most 50 ms) after the previous commit.
 * An update arriving when the store has been idle waits `windowMs` as before; one in a busy
 * second waits at most `spacingMs` (40 ms with the default window).
 */
export class Persister {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** When the latest commit was started (performance.now()), to space the next one. */
  private lastCommitAt = -Infinity;
  private readonly spacingMs: number;
  /** How many batches failed to store (each was put back to be retried); only ever grows. */
  failures = 0;
  /** Called after each successful commit with the number of updates stored per board, and the updates. */
  onCommitted: (counts: Map<string, number>, batch: ReadonlyArray<Pending>) => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly windowMs: number,
    private readonly log: Logger,
    /** The clock commits are spaced by (a test's own). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.spacingMs = Math.min(windowMs * BUSY_SPACING_WINDOWS, MAX_SPACING_MS);
  }

  append(boardId: string, update: Uint8Array): void {
    this.pending.push({ boardId, update });
    if (this.timer === null) {
      const spaced = this.lastCommitAt + this.spacingMs - this.now();
      // Whole milliseconds: Node keeps one timer list per distinct delay, and a fractional
      // delay (performance.now() arithmetic) made a new list for every commit (~50 µs each in
      // bench:rooms' CPU profile).
      this.timer = setTimeout(this.commitDue, Math.ceil(Math.max(this.windowMs, spaced)));
    }
  }

  private readonly commitDue = (): void => {
    this.timer = null;
    void this.flush();
  };

  hasPending(boardId: string): boolean {
    return this.pending.some((p) => p.boardId === boardId);
  }

  /** Stores everything pending now; resolves when it (and any earlier flush) is durable. */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.lastCommitAt = this.now();
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.store.appendUpdates(batch);
      } catch (err) {
        // Put the batch back in front so a transient failure (disk full, busy) is retried
        // rather than dropped; clients also still hold these updates.
        this.log.error({ err, updates: batch.length }, 'storing updates failed; will retry');
        this.failures++;
        this.pending = batch.concat(this.pending);
        if (this.timer === null) this.timer = setTimeout(this.commitDue, 500);
        return;
      }
      const counts = new Map<string, number>();
      for (const { boardId } of batch) counts.set(boardId, (counts.get(boardId) ?? 0) + 1);
      this.onCommitted(counts, batch);
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }
}
