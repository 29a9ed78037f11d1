import { after } from 'node:test';
import fs from 'node:fs';
import { makeDataDir } from './helpers/server-process';
import { attachmentStoreContract, storeContract } from './store-contract';
import { DiskAttachmentStore } from '../server/store/attachment-store';
import { WorkerSqliteStore } from '../server/store/worker-store';

// Every store opened here shares one data folder: two of them are two workers on one file.
const dataDir = makeDataDir('refinery-contract-sqlite-');
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

storeContract('SQLite (worker thread, commits on the main thread)', {
  async open() {
    const store = new WorkerSqliteStore(dataDir, { callTimeoutMs: 10_000 });
    await store.ready();
    return store;
  },
});

// Commits go to the worker whenever the main thread's connection cannot take them (see
// WorkerSqliteStore.appendUpdates): that path keeps every promise too.
storeContract('SQLite (worker thread, commits in the worker)', {
  async open() {
    const store = new WorkerSqliteStore(dataDir, { callTimeoutMs: 10_000, foregroundAppends: false });
    await store.ready();
    return store;
  },
});

// One process owns a data folder (it counts each board's files once), so no cross-instance case.
attachmentStoreContract('files in DATA_DIR', {
  open: async () => ({ attachments: new DiskAttachmentStore(dataDir), close: async () => undefined }),
  acrossInstances: false,
});
