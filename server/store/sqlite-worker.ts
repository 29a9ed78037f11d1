/**
 * Worker thread that owns the SQLite connection. Disk writes (commits, WAL checkpoints) then
 * never stall the event loop that fans out live updates.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeAppendBatch } from './append-batch';
import { SqliteStore } from './sqlite-store';
import type { StoreCall, StoreReply } from './worker-store';

const store = new SqliteStore(workerData.dataDir as string);

/** Calls beyond the Store's own; the test hooks are reachable only through the main thread's REFINERY_TEST_HOOKS endpoints. */
const workerCalls: Partial<Record<StoreCall['method'], (...args: unknown[]) => Promise<unknown>>> = {
  async appendEncoded(bytes) {
    return store.appendUpdates(decodeAppendBatch(bytes as Uint8Array));
  },
  async testStall(ms) {
    // Blocks this thread the way a stuck disk would: no call is answered meanwhile.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms));
    return null;
  },
  async testCrash() {
    // Thrown right after this handler, before the next queued call runs: that call is in flight
    // when the worker dies, as it would be in a real crash.
    process.nextTick(() => {
      throw new Error('store worker crashed (test hook)');
    });
    return null;
  },
};

parentPort!.on('message', async (call: StoreCall) => {
  let reply: StoreReply;
  try {
    // The proxy only sends names of Store methods (and the worker's own calls); see worker-store.ts.
    const method =
      workerCalls[call.method] ?? (store[call.method as keyof SqliteStore] as (...args: unknown[]) => Promise<unknown>).bind(store);
    const result = await method(...call.args);
    reply = { id: call.id, ok: true, result };
  } catch (err) {
    reply = { id: call.id, ok: false, error: { message: (err as Error).message, code: (err as { code?: string }).code } };
  }
  parentPort!.postMessage(reply);
  if (call.method === 'close') process.exit(0);
});
