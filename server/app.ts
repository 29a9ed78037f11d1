import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join as joinPath } from 'node:path';
import { BoardLock } from './board-lock';
import type { ServerConfig } from './config';
import { registerPresence } from './control/presence';
import { registerTrim } from './control/trim';
import { registerMeeting } from './control/meeting';
import { registerPoker } from './control/poker';
import { registerSortPreview } from './control/sort-preview';
import { BoardStateService } from './control/board-state';
import { ControlHub } from './control/control-hub';
import { handleApiRequest, type ApiDeps, type HealthReport } from './http/api';
import { RequestBudgets } from './http/request-budgets';
import { RestoreRunner } from './http/restore-runner';
import { createServiceWorkerRoute } from './http/service-worker';
import { createStaticFilesRoute, nextConfigHeaders } from './http/static-files';
import { storeTestHooks } from './http/test-hooks';
import { UpgradeGuard } from './http/upgrade-guard';
import { ConnectionLimiter } from './limits/connection-limiter';
import type { EdgeOptions } from './limits/edge-options';
import { log as rootLog } from './log';
import { openStore } from './store/open-store';
import { provideBoardPreviews } from '../lib/board/preview-bridge';
import { createBoardPreviewSource } from './board-preview';
import type { Store } from './store/store';
import { RoomRegistry } from './sync/room-registry';
import { SYNC_PATH_PREFIX, SyncEndpoint } from './sync/sync-endpoint';

/** Node's default; stated because it must stay below any proxy's idle timeout in front of us. */
const KEEP_ALIVE_TIMEOUT_MS = 5000;
/** How long WebSocket peers get to answer their close frame at shutdown. */
const SHUTDOWN_GRACE_MS = 1000;
/** Next's dev server upgrades only its own paths (HMR). */
const NEXT_UPGRADE_PREFIX = '/_next/';

export interface RefineryServer {
  httpServer: http.Server;
  store: Store;
  rooms: RoomRegistry;
  control: ControlHub;
  url: string;
  close(): Promise<void>;
}

type NextRequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
type NextUpgradeHandler = (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => Promise<void>;

async function prepareNext(config: ServerConfig): Promise<{ handle: NextRequestHandler; upgrade: NextUpgradeHandler | null }> {
  const { default: next } = await import('next');
  const app = next({ dev: config.dev, hostname: config.host, port: config.port, dir: process.cwd() });
  await app.prepare();
  return {
    handle: app.getRequestHandler() as NextRequestHandler,
    upgrade: config.dev ? (app.getUpgradeHandler() as NextUpgradeHandler) : null,
  };
}

/**
 * One HTTP server on one port: the JSON API, the Next.js app, the Yjs sync endpoint and
 * socket.io. Upgrades are routed by path here; socket.io answers its own.
 */
export async function startServer(config: ServerConfig): Promise<RefineryServer> {
  const log = rootLog;
  const opened = await openStore(config, log.child({ module: 'store' }));
  const { store } = opened;
  // Cluster mode's modules (ioredis, the socket.io Redis adapter, pg for state sharing) are
  // imported where cluster mode starts: ~120 ms of every start and ~3 MB of heap a single node
  // never uses.
  const cluster = config.redisUrl
    ? await (
        await import('./cluster/cluster')
      ).joinCluster(
        { redisUrl: config.redisUrl, nodeId: config.nodeId, prefix: config.redisKeyPrefix },
        store,
        log.child({ module: 'cluster' }),
      )
    : null;
  const rooms = new RoomRegistry(
    store,
    { ...config, limits: { ...config.limits, maxMessageBytes: config.maxMessageBytes } },
    log.child({ module: 'rooms' }),
    cluster?.relay ?? null,
  );
  const nextApp = config.serveUi ? await prepareNext(config) : null;
  // Beside Next, from the same build folder, read now: the build Next has just prepared.
  const serviceWorker = createServiceWorkerRoute({ distDir: config.distDir, dev: config.dev });
  const staticFiles = createStaticFilesRoute({
    distDir: config.distDir,
    dev: config.dev,
    headers: nextApp ? await nextConfigHeaders(joinPath(process.cwd(), 'next.config.js')) : {},
  });

  const httpServer = http.createServer({
    // Slow-header and slow-body clients are cut off instead of holding a socket for minutes;
    // checked every second so the limits mean what they say.
    headersTimeout: config.limits.headersTimeoutMs,
    requestTimeout: Math.max(config.limits.requestTimeoutMs, config.limits.headersTimeoutMs),
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: 1000,
  });
  const upgrades = new UpgradeGuard(config.limits.upgradeTimeoutMs, log.child({ module: 'upgrade' }));
  // One limiter for both endpoints: a client's sync and socket.io connections share its cap.
  const limiter = new ConnectionLimiter(
    config.limits.maxConnectionsPerIp,
    config.limits.maxConnectionsPerKey,
    config.limits.connectsPerMinute,
  );
  const edge: EdgeOptions = { limiter, limits: config.limits, trustProxy: config.trustProxy };
  const sync = new SyncEndpoint(store, rooms, config.maxMessageBytes, log.child({ module: 'sync' }), edge);
  const control = new ControlHub(httpServer, store, rooms, config.maxMessageBytes, log.child({ module: 'control' }), edge);
  const clusterRoster = cluster
    ? (await import('./cluster/socket-io-adapter')).joinControlPlane(control, cluster, log.child({ module: 'cluster-roster' }))
    : null;
  // One lock per board for everything that reads server-held state and writes it back.
  const boardLock = new BoardLock();
  const boards = new BoardStateService(control, boardLock, log.child({ module: 'board-state' }));
  registerPresence(control);
  // A meeting's lists (attendees, who sits poker out) hold everyone a full room can hold.
  const poker = registerPoker(boards, store, log.child({ module: 'poker' }), config.limits.maxConnectionsPerKey);
  registerTrim(boards, store, log.child({ module: 'trim' }), config.trimAwayGraceMs);
  registerMeeting(boards, store, log.child({ module: 'meeting' }), poker, config.limits.maxConnectionsPerKey);
  registerSortPreview(boards);
  const stateSharing = cluster
    ? await (
        await import('./cluster/share-board-states')
      ).shareBoardStates(cluster, config.databaseUrl, boards, log.child({ module: 'state-sharing' }))
    : null;
  if (nextApp) provideBoardPreviews(createBoardPreviewSource(store, rooms, log.child({ module: 'preview' })));

  const health = async (): Promise<HealthReport> => {
    const storeHealth = await store.health();
    const connections = await new Promise<number>((resolve) => httpServer.getConnections((err, count) => resolve(err ? -1 : count)));
    return {
      // Up means able to keep what people type: a store that cannot write makes this a 503.
      ok: storeHealth.writable,
      node: config.nodeId,
      database: { kind: opened.kind, writable: storeHealth.writable },
      // Cluster mode only; /readyz is false while it is not ready.
      redis: cluster ? { status: cluster.redisStatus(), instance: cluster.instanceId } : null,
      uptimeSeconds: Math.round(process.uptime()),
      boardsLoaded: rooms.loadedCount,
      syncConnections: sync.connectionCount,
      controlConnections: control.io.engine.clientsCount,
      connections,
      upgradesPending: upgrades.pendingCount,
      store: storeHealth,
    };
  };
  const apiDeps: ApiDeps = {
    store,
    rooms,
    log: log.child({ module: 'api' }),
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    fallbackPort: config.port,
    budgets: new RequestBudgets(config.limits),
    health,
    attachments: opened.attachments,
    boardLock,
    testHooks: config.testHooks && opened.sqliteWorker ? storeTestHooks(opened.sqliteWorker, log) : undefined,
    restores: new RestoreRunner(),
    maxDocBytes: config.limits.maxDocBytes,
  };

  // engine.io 6 claims an upgrade when `req.url.slice(0, path.length) === path`, with its path
  // normalised to end in '/' (addTrailingSlash): `/socket.io/…` is its, `/socket.io` and
  // `/socket.iox` are not, and nobody else would answer them. Same test here, same prefix.
  const socketIoPrefix = `${control.io.path().replace(/\/$/, '')}/`;
  const isSocketIo = (url: string) => url.slice(0, socketIoPrefix.length) === socketIoPrefix;
  httpServer.on('request', (req, res) => {
    // engine.io answers its long-polling requests itself (it wraps the listeners it found when
    // attached, not this later one): a 404 from here would end its POSTs and pending polls.
    if (isSocketIo(req.url ?? '')) return;
    void (async () => {
      try {
        if (await handleApiRequest(req, res, apiDeps)) return;
        if (nextApp && serviceWorker(req, res)) return;
        if (nextApp && (await staticFiles(req, res))) return;
        if (nextApp) return await nextApp.handle(req, res);
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('UI disabled (SERVE_UI=false)');
      } catch (err) {
        // The path only: board URLs carry their secret key in the query string.
        log.error({ err, path: (req.url ?? '').split('?')[0] }, 'request failed');
        if (!res.headersSent) res.writeHead(500).end('internal error');
      }
    })();
  });

  // First of every upgrade listener: engine.io's own (added when ControlHub attached socket.io,
  // so before any added here) answers a /socket.io/ upgrade synchronously, 101 included. Watched
  // after that, a control socket looked like one that never opened and was destroyed
  // UPGRADE_TIMEOUT_MS after it connected: everyone dropped off the roster every 10 s.
  httpServer.prependListener('upgrade', (req, socket) => upgrades.watch(socket, (req.url ?? '').split('?')[0]));
  httpServer.on('upgrade', (req, socket, head) => {
    const url = req.url ?? '';
    const path = url.split('?')[0];
    if (socket.destroyed) return;
    if (path.startsWith(SYNC_PATH_PREFIX)) {
      sync.handleUpgrade(req, socket, head).catch((err) => {
        log.error({ err }, 'sync upgrade failed');
        socket.destroy();
      });
    } else if (isSocketIo(url)) {
      // socket.io's own upgrade listener answers this one.
    } else if (nextApp?.upgrade && path.startsWith(NEXT_UPGRADE_PREFIX)) {
      nextApp.upgrade(req, socket, head).catch((err) => {
        log.error({ err }, 'Next upgrade failed');
        socket.destroy();
      });
    } else {
      // No one else will answer it: refuse and free the socket now (the guard destroys it as
      // soon as the refusal is flushed).
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });
  httpServer.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    log.debug({ err }, 'client error');
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    // Destroyed once the answer is out: a client that never closes its side (a slowloris cut
    // off by the headers timeout) must not keep a half-open socket.
    socket.once('finish', () => socket.destroy());
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  // With PORT=0 the real port is known only now; links fall back to it when no Host is usable.
  apiDeps.fallbackPort = address.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${address.port}`;
  log.info(
    { url, store: opened.kind, data: opened.location, node: config.nodeId, ui: config.serveUi, dev: config.dev },
    'refinery listening',
  );

  let closed = false;
  return {
    httpServer,
    store,
    rooms,
    control,
    url,
    async close() {
      if (closed) return;
      closed = true;
      provideBoardPreviews(null);
      upgrades.beginShutdown();
      sync.close();
      // socket.io's close also closes the HTTP server and waits for every socket on it, so a
      // WebSocket peer that never answers its close frame would hold shutdown (ws waits 30 s).
      const lingering = setTimeout(() => upgrades.destroyAll(), SHUTDOWN_GRACE_MS);
      httpServer.closeIdleConnections();
      clusterRoster?.close();
      await control.close();
      boards.close();
      await stateSharing?.close();
      clearTimeout(lingering);
      await rooms.close();
      await cluster?.close();
      await store.close();
      upgrades.destroyAll();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
