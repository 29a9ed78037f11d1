import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { ControlHub } from '../control/control-hub';
import type { Logger } from '../log';
import type { ClusterNode } from './cluster';
import { ClusterRoster, type ServerSideChannel } from './cluster-roster';

/**
 * The control plane across nodes. socket.io's official Redis adapter carries broadcasts: an
 * emit to a board's room reaches its sockets on every node, and `serverSideEmit` reaches the
 * other nodes' servers, which the cluster roster uses. Prefixed like the relay channels, so
 * clusters sharing one Redis stay apart.
 */
export function joinControlPlane(control: ControlHub, cluster: ClusterNode, log: Logger): ClusterRoster {
  const { pub, sub } = cluster.adapterClients;
  catchPublishFailures(pub, log);
  control.io.adapter(createAdapter(pub, sub, { key: `${cluster.prefix}socket.io`, requestsTimeout: 2000 }));
  const roster = new ClusterRoster(
    control.io as unknown as ServerSideChannel,
    cluster.instanceId,
    (boardId, participant) => control.remoteGone(boardId, participant),
    (boardId, participant) => control.remoteCame(boardId, participant),
    (instance) => cluster.relay.originGone(instance),
    () => cluster.redisStatus() === 'ready',
    log,
  );
  roster.votersChanged = (boardId) => control.remoteVotersChanged(boardId);
  roster.becameComplete = () => control.remoteRosterCompleted();
  control.useRemoteRoster(roster);
  roster.start();
  return roster;
}

/**
 * socket.io's Redis adapter (8.3) does not catch its publishes' rejections: while Redis is away
 * every broadcast and roster heartbeat would be an unhandled rejection in the log. They are
 * caught on its publishing connection and logged once per outage (what they carried is lost:
 * rosters ask again after a gap, a broadcast is not repeated).
 */
export function catchPublishFailures(pub: Redis, log: Logger): void {
  const publish = pub.publish.bind(pub) as (channel: string, message: string | Buffer) => Promise<number>;
  let failing = false;
  pub.on('ready', () => (failing = false));
  (pub as unknown as { publish: typeof publish }).publish = (channel, message) =>
    publish(channel, message).catch((err: Error) => {
      if (!failing)
        log.warn({ err: err.message }, 'socket.io adapter publishes failing while Redis is away: broadcasts to other nodes are lost');
      failing = true;
      return 0;
    });
}
