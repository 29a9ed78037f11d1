import os from 'node:os';
import path from 'node:path';
import { TRIM_AWAY_GRACE_MS } from '../lib/refinement/trim-consensus';
import { DEFAULT_PEOPLE_PER_KEY } from '../lib/session/limits';

/** Everything the server reads from the environment, parsed once, with defaults. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Largest WebSocket frame or socket.io message accepted, in bytes. */
  maxMessageBytes: number;
  logLevel: string;
  /** Group-commit window for document updates, in ms (at most 50). */
  commitWindowMs: number;
  /** Number of stored updates after which a board is compacted into one snapshot. */
  compactThreshold: number;
  /** How long a board stays in memory after its last connection leaves, in ms. */
  unloadGraceMs: number;
  /** How long a trim voter may be away before the facilitator may proceed without them, ms. TRIM_AWAY_GRACE_MS. */
  trimAwayGraceMs: number;
  /** Serve the Next.js UI. Off only for API/sync-only processes (integration tests, benches). */
  serveUi: boolean;
  /** The UI build's folder (NEXT_DIST_DIR, as next.config.js reads it), absolute. */
  distDir: string;
  dev: boolean;
  /** Base URL used in share links; when unset, derived from the request's Host header. */
  publicUrl: string | null;
  /** Believe `X-Forwarded-For` / `X-Forwarded-Proto` / `X-Forwarded-Host` (only behind a proxy you run). */
  trustProxy: boolean;
  limits: ServerLimits;
  /** REDIS_URL: cluster mode (several nodes on one PostgreSQL, boards relayed over Redis); null: one node. */
  redisUrl: string | null;
  /** REDIS_KEY_PREFIX: names this cluster's channels and keys, so clusters can share one Redis. */
  redisKeyPrefix: string;
  /** NODE_ID: this node's name in the cluster (logs, /healthz); default host name and process id. */
  nodeId: string;
  /** DATABASE_URL: `postgres://…` selects the PostgreSQL store; null keeps the embedded SQLite store in dataDir. */
  databaseUrl: string | null;
  /** PostgreSQL connections per node (DATABASE_POOL_SIZE) and a statement's longest run, ms (DATABASE_STATEMENT_TIMEOUT_MS). */
  databasePoolSize: number;
  databaseStatementTimeoutMs: number;
  /** How long start-up keeps trying to reach the database before it fails, ms (DATABASE_CONNECT_TIMEOUT_MS). */
  databaseConnectTimeoutMs: number;
  /** REFINERY_TEST_HOOKS=1: test-only endpoints under /api/_test/ (crash or stall the store worker). Never in production. */
  testHooks: boolean;
}

/**
 * Every budget and cap the server enforces, in one place, each with its environment variable.
 * THREAT_MODEL.md lists them with their defaults; a normal meeting (typing, dragging, a
 * 2,000-item first sync, 100 people behind one NAT) stays well inside every one.
 */
export interface ServerLimits {
  /** A single update message (a paste), in bytes. MAX_UPDATE_BYTES. */
  maxUpdateBytes: number;
  /** A board's document, in bytes (approximate: snapshot plus updates since). MAX_DOC_BYTES. */
  maxDocBytes: number;
  /** One client's awareness state (name, colour, cursor), JSON bytes. MAX_AWARENESS_BYTES. */
  maxAwarenessBytes: number;
  /** Updates one connection may have waiting for its own sync step 2 (see Room.holdUntilStep2), bytes. MAX_HELD_BYTES. */
  maxHeldBytes: number;
  /** How long they may wait for it, ms. STEP2_WAIT_MS. */
  step2WaitMs: number;
  /** Time an upgrade may take from request to open socket, ms. UPGRADE_TIMEOUT_MS. */
  upgradeTimeoutMs: number;
  /** Open connections (sync + socket.io) from one address. MAX_CONNECTIONS_PER_IP. */
  maxConnectionsPerIp: number;
  /** Open connections (sync + socket.io) using one board key. MAX_CONNECTIONS_PER_KEY. */
  maxConnectionsPerKey: number;
  /**
   * New connections (sync + socket.io) one address may open per minute; a full minute's worth
   * at once (a room behind one NAT opening the board together), then steadily. CONNECTS_PER_MINUTE.
   */
  connectsPerMinute: number;
  /** Inbound bytes per second per connection (sync and socket.io); burst is the doc cap. SYNC_BYTES_PER_SECOND. */
  bytesPerSecond: number;
  /** Inbound messages per second per connection, and their burst. MESSAGES_PER_SECOND / MESSAGE_BURST. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Main-thread milliseconds per second one address may cost, and its burst. CPU_MS_PER_SECOND / CPU_MS_BURST. */
  cpuMsPerSecond: number;
  cpuMsBurst: number;
  /**
   * Output a socket.io connection has not taken yet, in bytes: past it the connection is dropped
   * as too slow (a client that asks and never reads would otherwise pile replies up in the
   * server's memory). MAX_CONTROL_BUFFERED_BYTES.
   */
  maxControlBufferedBytes: number;
  /** WebSocket ping interval on /yjs; a peer that misses two is dropped. PING_INTERVAL_MS. */
  pingIntervalMs: number;
  /** Boards one address may create per minute. BOARD_CREATES_PER_MINUTE. */
  boardCreatesPerMinute: number;
  /** Attachment uploads one address may make per minute. UPLOADS_PER_MINUTE. */
  uploadsPerMinute: number;
  /** Backlog exports one address may make per minute (each is built whole on the event loop). EXPORTS_PER_MINUTE. */
  exportsPerMinute: number;
  /** Time a client may take to send a request's headers, ms. HEADERS_TIMEOUT_MS. */
  headersTimeoutMs: number;
  /** Time a client may take to send a whole request (headers and body), ms. REQUEST_TIMEOUT_MS. */
  requestTimeoutMs: number;
  /** A store call unanswered this long means the store worker is stuck: it is restarted. STORE_CALL_TIMEOUT_MS. */
  storeCallTimeoutMs: number;
}

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(argv: string[] = process.argv.slice(2)): ServerConfig {
  const dev = argv.includes('--dev') || process.env.NODE_ENV === 'development';
  return {
    port: intFromEnv('PORT', 3000, 0, 65535),
    host: process.env.HOST || '0.0.0.0',
    dataDir: path.resolve(process.env.DATA_DIR || './data'),
    maxMessageBytes: intFromEnv('MAX_MESSAGE_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    logLevel: process.env.LOG_LEVEL || 'info',
    commitWindowMs: intFromEnv('COMMIT_WINDOW_MS', 10, 0, 50),
    compactThreshold: intFromEnv('COMPACT_THRESHOLD', 500, 2, 1_000_000),
    unloadGraceMs: intFromEnv('UNLOAD_GRACE_MS', 5000, 0, 600_000),
    trimAwayGraceMs: intFromEnv('TRIM_AWAY_GRACE_MS', TRIM_AWAY_GRACE_MS, 0, 3_600_000),
    serveUi: process.env.SERVE_UI !== 'false',
    distDir: path.resolve(process.env.NEXT_DIST_DIR || '.next'),
    dev,
    publicUrl: publicUrlFromEnv(),
    trustProxy: process.env.TRUST_PROXY === '1' || process.env.TRUST_PROXY === 'true',
    limits: loadLimits(),
    testHooks: process.env.REFINERY_TEST_HOOKS === '1',
    redisUrl: redisUrlFromEnv(),
    redisKeyPrefix: process.env.REDIS_KEY_PREFIX || 'refinery:',
    nodeId: nodeIdFromEnv(),
    databaseUrl: databaseUrlFromEnv(),
    databasePoolSize: intFromEnv('DATABASE_POOL_SIZE', 10, 1, 1000),
    databaseStatementTimeoutMs: intFromEnv('DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    databaseConnectTimeoutMs: intFromEnv('DATABASE_CONNECT_TIMEOUT_MS', 10_000, 0, 600_000),
  };
}

/** DATABASE_URL, checked once: only PostgreSQL URLs select another store (the message never shows the password). */
function databaseUrlFromEnv(): string | null {
  const raw = process.env.DATABASE_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('DATABASE_URL must be a postgres:// URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}//…"`);
  }
  return raw;
}

/**
 * NODE_ID's longest, in UTF-8 bytes. Relay messages carry the instance id (NODE_ID, '/', 8 hex
 * digits: server/cluster/cluster.ts) behind one length byte (relay-message.ts), so an id too
 * long would make every relayed update throw; it is refused at start instead.
 */
export const MAX_NODE_ID_BYTES = 128;

/** NODE_ID, checked once; default host name and process id. */
function nodeIdFromEnv(): string {
  const raw = process.env.NODE_ID;
  if (!raw) return `${os.hostname()}-${process.pid}`.slice(0, MAX_NODE_ID_BYTES);
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes > MAX_NODE_ID_BYTES) throw new Error(`NODE_ID must be at most ${MAX_NODE_ID_BYTES} bytes (UTF-8), got ${bytes}`);
  return raw;
}

/** REDIS_URL, checked once: a typo should stop the node, not leave it alone in its cluster (the message never shows the password). */
function redisUrlFromEnv(): string | null {
  const raw = process.env.REDIS_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${url.protocol}//…"`);
  return raw;
}

/** PUBLIC_URL, checked once: share links are built from it, so it must be a plain http(s) origin. */
function publicUrlFromEnv(): string | null {
  const raw = process.env.PUBLIC_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`PUBLIC_URL must start with http:// or https://, got "${raw}"`);
  if (url.search || url.hash || url.username || url.password)
    throw new Error(`PUBLIC_URL must not carry a query, fragment or credentials, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

const MiB = 1024 * 1024;

export function loadLimits(): ServerLimits {
  return {
    maxUpdateBytes: intFromEnv('MAX_UPDATE_BYTES', 8 * MiB, 1024, 256 * MiB),
    maxDocBytes: intFromEnv('MAX_DOC_BYTES', 32 * MiB, 64 * 1024, 1024 * MiB),
    maxAwarenessBytes: intFromEnv('MAX_AWARENESS_BYTES', 16 * 1024, 256, MiB),
    maxHeldBytes: intFromEnv('MAX_HELD_BYTES', MiB, 0, 256 * MiB),
    step2WaitMs: intFromEnv('STEP2_WAIT_MS', 10_000, 100, 120_000),
    upgradeTimeoutMs: intFromEnv('UPGRADE_TIMEOUT_MS', 10_000, 100, 120_000),
    maxConnectionsPerIp: intFromEnv('MAX_CONNECTIONS_PER_IP', 500, 1, 1_000_000),
    maxConnectionsPerKey: intFromEnv('MAX_CONNECTIONS_PER_KEY', DEFAULT_PEOPLE_PER_KEY, 1, 1_000_000),
    connectsPerMinute: intFromEnv('CONNECTS_PER_MINUTE', 600, 1, 1_000_000),
    bytesPerSecond: intFromEnv('SYNC_BYTES_PER_SECOND', 2 * MiB, 1024, 1024 * MiB),
    messagesPerSecond: intFromEnv('MESSAGES_PER_SECOND', 100, 1, 1_000_000),
    messageBurst: intFromEnv('MESSAGE_BURST', 400, 1, 1_000_000),
    cpuMsPerSecond: intFromEnv('CPU_MS_PER_SECOND', 250, 1, 1000),
    cpuMsBurst: intFromEnv('CPU_MS_BURST', 500, 1, 60_000),
    // Control messages are small (a 100-voter poker round is ~41 KB per client in all).
    maxControlBufferedBytes: intFromEnv('MAX_CONTROL_BUFFERED_BYTES', 4 * MiB, 16 * 1024, 1024 * MiB),
    pingIntervalMs: intFromEnv('PING_INTERVAL_MS', 15_000, 50, 600_000),
    boardCreatesPerMinute: intFromEnv('BOARD_CREATES_PER_MINUTE', 30, 1, 1_000_000),
    uploadsPerMinute: intFromEnv('UPLOADS_PER_MINUTE', 60, 1, 1_000_000),
    // No one exports a backlog this often, while each export is built whole on the event loop (a
    // board of 3,000 items with long descriptions, a 12 MB document, took 60–170 ms per format).
    exportsPerMinute: intFromEnv('EXPORTS_PER_MINUTE', 30, 1, 1_000_000),
    headersTimeoutMs: intFromEnv('HEADERS_TIMEOUT_MS', 15_000, 100, 120_000),
    // Above the headers timeout (Node refuses the reverse); a 2 MiB upload over a poor phone link fits.
    requestTimeoutMs: intFromEnv('REQUEST_TIMEOUT_MS', 60_000, 200, 600_000),
    storeCallTimeoutMs: intFromEnv('STORE_CALL_TIMEOUT_MS', 30_000, 1000, 600_000),
  };
}
