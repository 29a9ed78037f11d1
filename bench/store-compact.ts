/**
 * bench:store-compact — what compacting a big board costs the main thread on PostgreSQL, where
 * the merge runs in a worker thread (server/store/off-thread-merge.ts).
 *
 * A board of UPDATES stored updates (text typed in bursts, a few deletions; a few MB) is
 * compacted ROUNDS times by PgStore.compact while a 1 ms ticker records the longest event-loop
 * stall. Reference, in the same run: Y.mergeUpdates of the same rows on the main thread, i.e.
 * the stall a compaction would cause without the worker. Also: the SQLite worker store's
 * compaction of the same rows (a whole worker thread; its stall on the main thread is the copy).
 * For both stores: the longest an append made during the compaction waited (live edits keep
 * coming; the SQLite store answers calls in order, so its compaction runs in bounded steps).
 *
 * Target: the stall during a PostgreSQL compaction is under half of the inline merge's.
 * Env: UPDATES (20000), ROUNDS (3). Needs PostgreSQL (test/helpers/services finds or starts one).
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { PgStore } from '../server/store/pg-store';
import type { Store } from '../server/store/store';
import { WorkerSqliteStore } from '../server/store/worker-store';
import { makeDataDir } from '../test/helpers/server-process';
import { postgresUrl } from '../test/helpers/services';

const UPDATES = Number(process.env.UPDATES ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const HASHES = { facilitator: 'f', participant: 'p', spectator: 's' };

function boardUpdates(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('notes');
  const items = doc.getMap('items');
  for (let i = 0; updates.length < UPDATES; i++) {
    text.insert(Math.floor((text.length * ((i * 7919) % 101)) / 101), `word${i} `);
    if (i % 10 === 0) items.set(`item-${i % 500}`, { title: `Story ${i}`, points: i % 13 });
    if (i % 50 === 0 && text.length > 100) text.delete(10, 5);
  }
  return updates;
}

/** Runs `work` while a 1 ms ticker watches the event loop; returns its duration and the longest gap. */
async function watched(work: () => Promise<unknown> | unknown): Promise<{ ms: number; stallMs: number }> {
  let last = performance.now();
  let stall = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 5));
  const started = performance.now();
  last = started;
  await work();
  const ms = performance.now() - started;
  stall = Math.max(stall, performance.now() - last);
  clearInterval(ticker);
  return { ms, stallMs: stall };
}

interface Compaction {
  ms: number;
  stallMs: number;
  /** The longest an append made during the compaction (one every APPEND_EVERY_MS, as live edits are) waited for the store. */
  appendWaitMs: number;
}

const APPEND_EVERY_MS = 20;

async function compactRounds(store: Store, rows: Uint8Array[], label: string): Promise<Compaction[]> {
  const results: Compaction[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const id = `bench-${label}-${round}`;
    await store.createBoard({ id, title: id, createdAt: 0, keyHashes: HASHES }, rows[0]);
    for (let i = 1; i < rows.length; i += 2000)
      await store.appendUpdates(rows.slice(i, i + 2000).map((update) => ({ boardId: id, update })));
    let appendWaitMs = 0;
    let compacting = true;
    const appends: Promise<void>[] = [];
    const live = setInterval(() => {
      if (!compacting) return;
      const sent = performance.now();
      // A copy of a stored update: applying it twice changes nothing.
      appends.push(
        store
          .appendUpdates([{ boardId: id, update: rows[1] }])
          .then(() => void (appendWaitMs = Math.max(appendWaitMs, performance.now() - sent))),
      );
    }, APPEND_EVERY_MS);
    const watchedRun = await watched(() => store.compact(id));
    compacting = false;
    clearInterval(live);
    await Promise.all(appends);
    results.push({ ...watchedRun, appendWaitMs });
  }
  return results;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (results: Array<{ ms: number; stallMs: number; appendWaitMs?: number }>) =>
  `total ${median(results.map((r) => r.ms)).toFixed(0)} ms, longest main-thread stall ${median(results.map((r) => r.stallMs)).toFixed(1)} ms` +
  (results[0].appendWaitMs === undefined ? '' : `, longest append wait ${median(results.map((r) => r.appendWaitMs!)).toFixed(0)} ms`);

async function main(): Promise<void> {
  const rows = boardUpdates();
  const bytes = rows.reduce((sum, u) => sum + u.byteLength, 0);
  process.stdout.write(`board: ${rows.length} updates, ${(bytes / 1024 / 1024).toFixed(2)} MiB; medians of ${ROUNDS} rounds\n`);

  const inline = [];
  for (let round = 0; round < ROUNDS; round++) inline.push(await watched(() => Y.mergeUpdates(rows)));
  process.stdout.write(`reference, Y.mergeUpdates on the main thread: ${fmt(inline)}\n`);

  const pg = await PgStore.open(await postgresUrl(), { poolSize: 2 });
  const onPg = await compactRounds(pg, rows, 'pg');
  await pg.close();
  process.stdout.write(`PostgreSQL compact (merge in a worker):    ${fmt(onPg)}\n`);

  const dir = makeDataDir('refinery-bench-compact-');
  const sqlite = new WorkerSqliteStore(dir, { callTimeoutMs: 120_000 });
  await sqlite.ready();
  const onSqlite = await compactRounds(sqlite, rows, 'sqlite');
  await sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`SQLite compact (whole store in a worker):  ${fmt(onSqlite)}\n`);

  const ratio = median(onPg.map((r) => r.stallMs)) / median(inline.map((r) => r.stallMs));
  const ok = ratio < 0.5;
  process.stdout.write(`stall ratio PostgreSQL / inline merge: ${ratio.toFixed(2)} (target < 0.5): ${ok ? 'met' : 'NOT met'}\n`);
  if (!ok) process.exitCode = 1;
}

void main();
