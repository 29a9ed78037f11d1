import { createAdapter } from '@socket.io/redis-adapter';
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
  control.useRemoteRoster(roster);
  roster.start();
  return roster;
}
