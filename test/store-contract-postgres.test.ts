import { before } from 'node:test';
import { postgresUrl } from './helpers/services';
import { attachmentStoreContract, storeContract } from './store-contract';
import { PgStore } from '../server/store/pg-store';

// One private database for this file; every store opened on it is a pool of its own, as a node is.
let url: string;
before(async () => {
  url = await postgresUrl();
});

storeContract('PostgreSQL', {
  open: () => PgStore.open(url, { poolSize: 4 }),
});

attachmentStoreContract('PostgreSQL rows', {
  async open() {
    const store = await PgStore.open(url, { poolSize: 4 });
    return { attachments: store.attachments, close: () => store.close() };
  },
  acrossInstances: true,
});
