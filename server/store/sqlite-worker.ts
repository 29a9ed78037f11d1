/**
 * Worker thread that owns the SQLite connection. Disk writes (commits, WAL checkpoints) then
 * never stall the event loop that fans out live updates.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from './sqlite-store';
import type { StoreCall, StoreReply } from './worker-store';

const store = new SqliteStore(workerData.dataDir as string);

parentPort!.on('message', async (call: StoreCall) => {
  let reply: StoreReply;
  try {
    // The proxy only sends names of Store methods; see worker-store.ts.
    const method = store[call.method] as (...args: unknown[]) => Promise<unknown>;
    const result = await method.apply(store, call.args);
    reply = { id: call.id, ok: true, result };
  } catch (err) {
    reply = { id: call.id, ok: false, error: { message: (err as Error).message, code: (err as { code?: string }).code } };
  }
  parentPort!.postMessage(reply);
  if (call.method === 'close') process.exit(0);
});
