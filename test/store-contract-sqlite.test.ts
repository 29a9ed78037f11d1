import { after } from 'node:test';
import fs from 'node:fs';
import { makeDataDir } from './helpers/server-process';
import { storeContract } from './store-contract';
import { WorkerSqliteStore } from '../server/store/worker-store';

// Every store opened here shares one data folder: two of them are two workers on one file.
const dataDir = makeDataDir('refinery-contract-sqlite-');
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

storeContract('SQLite (worker thread)', {
  async open() {
    const store = new WorkerSqliteStore(dataDir, { callTimeoutMs: 10_000 });
    await store.ready();
    return store;
  },
});
