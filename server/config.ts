import path from 'node:path';

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
  /** Serve the Next.js UI. Off only for API/sync-only processes (integration tests, benches). */
  serveUi: boolean;
  dev: boolean;
  /** Base URL used in share links; when unset, derived from the request's Host header. */
  publicUrl: string | null;
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
    serveUi: process.env.SERVE_UI !== 'false',
    dev,
    publicUrl: process.env.PUBLIC_URL ? process.env.PUBLIC_URL.replace(/\/+$/, '') : null,
  };
}
