import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { Store } from '../store/store';
import { RedisRoomRelay } from './redis-relay';

/** Redis as this node sees it: only `ready` lets boards reach other nodes. */
export type RedisStatus = 'ready' | 'unreachable';

/** How long a Redis command may wait for a connection before it fails (instead of queueing forever). */
const REDIS_CONNECT_TIMEOUT_MS = 2000;
/** Reconnect delays grow to this, so a Redis restart is noticed within a second or two. */
const REDIS_MAX_RETRY_DELAY_MS = 1000;

/**
 * One node's membership in a cluster (REDIS_URL set): its Redis connections (one to publish,
 * one subscribed for board relays, one for state notices, and socket.io's adapter's two: a
 * subscribed connection can do nothing else), and the relay that carries boards between nodes.
 */
export interface ClusterNode {
  readonly nodeId: string;
  /**
   * This process in the cluster: the node id and a random part. Messages are skipped by the
   * process that sent them; two nodes started with one NODE_ID by mistake still hear each other.
   */
  readonly instanceId: string;
  readonly prefix: string;
  readonly relay: RedisRoomRelay;
  /** Connections for socket.io's Redis adapter (publish, subscribe). */
  readonly adapterClients: { pub: Redis; sub: Redis };
  /** Connections for server-held state's change notices (publish, subscribe). */
  readonly stateClients: { pub: Redis; sub: Redis };
  redisStatus(): RedisStatus;
  close(): Promise<void>;
}

export async function joinCluster(
  options: { redisUrl: string; nodeId: string; prefix: string },
  store: Store,
  log: Logger,
): Promise<ClusterNode> {
  const connect = (role: string) => {
    const client = new Redis(options.redisUrl, {
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 100, REDIS_MAX_RETRY_DELAY_MS),
      // A command sent while disconnected waits for the reconnect; one that waited through
      // this many attempts fails (and the relay's reload covers what it carried).
      maxRetriesPerRequest: 20,
      lazyConnect: true,
    });
    let down = false;
    client.on('error', (err) => {
      if (!down) log.warn({ role, err: err.message }, 'redis connection error');
      down = true;
    });
    client.on('ready', () => {
      if (down) log.info({ role }, 'redis connection back');
      down = false;
    });
    return client;
  };
  const publisher = connect('publish');
  const subscriber = connect('relay');
  const adapterPub = connect('adapter-publish');
  const adapterSub = connect('adapter-subscribe');
  const stateSub = connect('state-subscribe');
  const clients = [publisher, subscriber, adapterPub, adapterSub, stateSub];
  await Promise.all(clients.map((c) => c.connect()));
  const instanceId = `${options.nodeId}/${randomBytes(4).toString('hex')}`;
  const relay = new RedisRoomRelay(publisher, subscriber, store, instanceId, options.prefix, log.child({ module: 'relay' }));
  log.info({ nodeId: options.nodeId, prefix: options.prefix }, 'joined cluster');
  return {
    nodeId: options.nodeId,
    instanceId,
    prefix: options.prefix,
    relay,
    adapterClients: { pub: adapterPub, sub: adapterSub },
    stateClients: { pub: publisher, sub: stateSub },
    redisStatus() {
      return clients.every((c) => c.status === 'ready') ? 'ready' : 'unreachable';
    },
    async close() {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
