import { after, before } from 'node:test';
import { postgresUrl, redisUrl, uniqueName } from '../helpers/services';
import { privateRedis, type PrivateRedis } from './private-redis';
import { makeDataDir, startServerProcess, type ServerProcess } from '../helpers/server-process';

/** One cluster for a test file: its own database, its own Redis key prefix, nodes on demand. */
export interface TestCluster {
  databaseUrl: string;
  redisUrl: string;
  /** Env every node of this cluster gets (plus its NODE_ID). */
  env: Record<string, string>;
  /** Starts one more node; `name` is its NODE_ID. */
  start(name: string, extraEnv?: Record<string, string>): Promise<ServerProcess>;
  /** Stops every node started here (SIGTERM; a node killed already is skipped). */
  stopAll(): Promise<void>;
}

export async function testCluster(options: { redisUrl?: string } = {}): Promise<TestCluster> {
  const databaseUrl = await postgresUrl();
  const redis = options.redisUrl ?? (await redisUrl());
  // Nodes share the database; the data dir holds only what is local (nothing in cluster mode).
  const dataDir = makeDataDir('refinery-cluster-');
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis,
    REDIS_KEY_PREFIX: `${uniqueName('t')}:`,
    // Every test client comes from 127.0.0.1, so ten people typing share one address's CPU
    // budget, which a loaded machine exhausts: their new connections would wait seconds. These
    // tests are about the cluster, not that budget (test/adversarial covers it).
    CPU_MS_PER_SECOND: '1000',
    CPU_MS_BURST: '60000',
  };
  const nodes: ServerProcess[] = [];
  return {
    databaseUrl,
    redisUrl: redis,
    env,
    async start(name, extraEnv = {}) {
      const node = await startServerProcess({ dataDir, env: { ...env, NODE_ID: name, ...extraEnv } });
      nodes.push(node);
      return node;
    },
    async stopAll() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

/** What a node logs when it takes a peer it no longer hears out of its rosters (cluster-roster.ts). */
export const NODE_DEAD = 'node not heard of: its people leave the rosters';

/** Whether `node` has logged `msg`. */
export const logged = (node: ServerProcess, msg: string) => node.logs.some((entry) => entry.msg === msg);

/** The nodes a test file's suite runs on; set by the time its tests run. */
export interface SuiteNodes {
  cluster: TestCluster;
  /** NODE_ID node-a. */
  a: ServerProcess;
  /** NODE_ID node-b (twoNodes only). */
  b: ServerProcess;
}

export interface SuiteNodesOptions {
  /** The cluster's Redis (default: the shared one), made before the cluster: a private Redis, say. */
  redisUrl?: () => Promise<string>;
  /** Node A's own Redis URL (node B connects directly): a proxy in front of the cluster's, say. */
  redisUrlOfA?: (cluster: TestCluster) => Promise<string>;
  /** Environment every node gets (TRUST_PROXY behind a load balancer, say). */
  env?: Record<string, string>;
  /** Start both nodes at the same moment; by default node B starts once node A is ready. */
  together?: boolean;
  /** Runs after every node has stopped (closes what the two options above made). */
  cleanUp?: () => Promise<void>;
}

/**
 * A cluster and nodes node-a and node-b for the enclosing `describe`: started in its `before`
 * hook, stopped in its `after` hook. Read the fields inside tests (they are set by then).
 */
export function twoNodes(options: SuiteNodesOptions = {}): SuiteNodes {
  return suiteNodes(['node-a', 'node-b'], options);
}

/** As twoNodes, on a Redis of the suite's own that its tests may kill and start again. */
export function twoNodesOnPrivateRedis(): SuiteNodes & { redis: PrivateRedis } {
  // twoNodes fills in the object it returns: the Redis goes on it the same way.
  const nodes: SuiteNodes & { redis: PrivateRedis } = twoNodes({
    redisUrl: async () => (nodes.redis = await privateRedis()).url,
    cleanUp: () => nodes.redis.kill(),
  }) as SuiteNodes & { redis: PrivateRedis };
  return nodes;
}

/** As twoNodes, with node-a alone (`b` is never set). */
export function oneNode(options: Omit<SuiteNodesOptions, 'together'> = {}): Omit<SuiteNodes, 'b'> {
  return suiteNodes(['node-a'], options);
}

function suiteNodes(names: string[], options: SuiteNodesOptions): SuiteNodes {
  const nodes = {} as SuiteNodes;
  before(async () => {
    nodes.cluster = await testCluster(options.redisUrl ? { redisUrl: await options.redisUrl() } : {});
    const envOf = async (name: string): Promise<Record<string, string>> => ({
      ...options.env,
      ...(name === 'node-a' && options.redisUrlOfA ? { REDIS_URL: await options.redisUrlOfA(nodes.cluster) } : {}),
    });
    const start = async (name: string) => nodes.cluster.start(name, await envOf(name));
    const started = options.together ? await Promise.all(names.map(start)) : [];
    if (!options.together) for (const name of names) started.push(await start(name));
    [nodes.a, nodes.b] = started;
  });
  after(async () => {
    await nodes.cluster?.stopAll();
    await options.cleanUp?.();
  });
  return nodes;
}
