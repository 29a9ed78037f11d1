import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import { catchPublishFailures } from './socket-io-adapter';

describe("socket.io adapter's publishing connection", () => {
  it('turns failed publishes into one warning per outage, not unhandled rejections', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    // Nobody listens on port 1: every connection attempt is refused, and a publish fails after one retry.
    const pub = new Redis('redis://127.0.0.1:1', { lazyConnect: true, retryStrategy: () => 10, maxRetriesPerRequest: 1 });
    pub.on('error', () => undefined);
    const warnings: string[] = [];
    catchPublishFailures(pub, { warn: (_obj: unknown, msg: string) => warnings.push(msg) } as unknown as Logger);
    try {
      pub.connect().catch(() => undefined);
      // As the adapter publishes: the promise is dropped, nobody catches it.
      void pub.publish('a', 'x');
      assert.equal(await pub.publish('b', 'y'), 0);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
      assert.equal(warnings.length, 1);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      pub.disconnect();
    }
  });
});
