import type { BoardStateService } from '../control/board-state';
import type { Logger } from '../log';
import type { ClusterNode } from './cluster';
import { RedisStateSharing } from './state-sharing';

/** Puts the board-state service of this node on the cluster's one source of truth. */
export async function shareBoardStates(
  cluster: ClusterNode,
  databaseUrl: string | null,
  boards: BoardStateService,
  log: Logger,
): Promise<RedisStateSharing> {
  // Each node's SQLite file would be a source of truth of its own.
  if (!databaseUrl) throw new Error('REDIS_URL (cluster mode) needs DATABASE_URL: the nodes must share one PostgreSQL database');
  const { pub, sub } = cluster.stateClients;
  const sharing = new RedisStateSharing(databaseUrl, pub, sub, cluster.instanceId, cluster.prefix, log);
  await sharing.start(boards);
  boards.sharing = sharing;
  return sharing;
}
