import { describe, it } from 'node:test';
import { waitFor } from '../helpers/server-process';
import { logged, NODE_DEAD, testCluster } from './cluster-nodes';
import { redisProxy } from './redis-proxy';

describe('cluster: a node cut off before its first heartbeat', () => {
  // Node B starts first, so its "who is there?" at start reaches nobody; node A's own question
  // at start is then the only thing node B hears of it before the cut. (Two nodes started at
  // the same moment do the same whenever one subscribes before the other: the partition test
  // failed that way 4 runs in 5.)
  it('is judged dead by a node that heard only its question at start', async () => {
    const cluster = await testCluster();
    const proxy = await redisProxy(cluster.redisUrl);
    try {
      const b = await cluster.start('node-b');
      const a = await cluster.start('node-a', { REDIS_URL: proxy.url });
      // Within node A's first second: it has not sent a heartbeat yet.
      await proxy.cut();
      await waitFor(() => logged(b, NODE_DEAD), 15_000, 'node B takes node A out of its roster');
      // Cut off, node A would spend its Redis retries (~16 s) on a clean stop.
      await a.stop('SIGKILL');
    } finally {
      await cluster.stopAll();
      await proxy.close();
    }
  });
});
