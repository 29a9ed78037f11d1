import type { CompactResult } from './store';

/** Where a compaction done in steps is: what the next step goes on from (see SqliteStore.compactStep). */
export interface CompactProgress {
  /** Rows up to this seq are merged; rows appended after the compaction began are left as they are. */
  upToSeq: number;
  /** How many rows there were up to `upToSeq` when it began. */
  before: number;
  /** The row the latest step merged into: the next step merges the rows after it. */
  afterSeq: number;
  /** True once the rows up to `upToSeq` are one row, of `bytes` bytes. */
  done: boolean;
  bytes: number;
}

/**
 * Runs a compaction step after step until it is done. Each step is a call of its own, so other
 * calls (appends above all) are answered between them and none waits for the whole merge.
 */
export async function compactInSteps(
  step: (progress: CompactProgress | null) => CompactProgress | Promise<CompactProgress>,
): Promise<CompactResult> {
  let progress = await step(null);
  while (!progress.done) progress = await step(progress);
  return { before: progress.before, bytes: progress.bytes };
}
