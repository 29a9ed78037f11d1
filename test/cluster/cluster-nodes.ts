import { postgresUrl, redisUrl, uniqueName } from '../helpers/services';
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
