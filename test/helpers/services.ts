import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * Real PostgreSQL and Redis for tests, found or started once per test process:
 *
 * 1. `DATABASE_URL` / `REDIS_URL` when set and reachable;
 * 2. else the standard local ports (127.0.0.1:5432 as user postgres with trust auth, :6379);
 * 3. else a private instance on a free port in a temp folder, stopped and removed when the
 *    process exits (Debian's `postgresql` / `redis-server` packages are installed with apt when
 *    missing, by scripts/ensure-services.sh).
 *
 * `REFINERY_TEST_PRIVATE_SERVICES=1` skips 1 and 2, to exercise the fallback on a machine that
 * has both. Every `postgresUrl()` call is a fresh database with a random name, dropped at exit, so
 * test files running in parallel never see each other's rows. Redis is shared: tests that use it
 * should put a random prefix in their channel and key names (see `uniqueName`).
 */

const ROOT = path.resolve(__dirname, '../..');
const CONNECT_TIMEOUT_MS = 1500;
const START_TIMEOUT_MS = 60_000;
const forcePrivate = () => process.env.REFINERY_TEST_PRIVATE_SERVICES === '1';

/** A name no other test process will pick: `<prefix>_<hex>`, safe as an SQL identifier and a Redis key. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

// ---- PostgreSQL -------------------------------------------------------------------------------

let postgresServer: Promise<{ adminUrl: string; isPrivate: boolean }> | null = null;
const createdDatabases: Array<{ adminUrl: string; name: string }> = [];

/** A URL to a new, empty database of its own (dropped when the test process exits). */
export async function postgresUrl(): Promise<string> {
  postgresServer ??= findOrStartPostgres();
  const { adminUrl, isPrivate } = await postgresServer;
  const name = uniqueName('refinery_test');
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS * 4 });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  if (!isPrivate) createdDatabases.push({ adminUrl, name });
  return withDatabase(adminUrl, name);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findOrStartPostgres(): Promise<{ adminUrl: string; isPrivate: boolean }> {
  if (!forcePrivate()) {
    const candidates = [process.env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres'].filter(Boolean) as string[];
    for (const url of candidates) if (await postgresReachable(url)) return { adminUrl: url, isPrivate: false };
  }
  return { adminUrl: await startPrivatePostgres(), isPrivate: true };
}

/** Debian keeps initdb/postgres in /usr/lib/postgresql/<version>/bin, not on PATH. */
function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = path.join(base, version, 'bin');
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  return onPath ? path.dirname(fs.realpathSync(onPath)) : null;
}

function ensurePackages(): void {
  const result = spawnSync('bash', [path.join(ROOT, 'scripts/ensure-services.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('scripts/ensure-services.sh failed: PostgreSQL/Redis could not be installed');
}

/**
 * PostgreSQL refuses to run as root: as root, the folder is handed to the `postgres` user the
 * Debian package creates, and every command runs through `runuser`.
 */
function asServiceUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

async function startPrivatePostgres(): Promise<string> {
  let bin = postgresBinDir();
  if (!bin) {
    ensurePackages();
    bin = postgresBinDir();
    if (!bin) throw new Error('initdb not found after installing postgresql');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-pg-'));
  if (process.getuid?.() === 0) spawnSync('chown', ['postgres:', dir]);
  const data = path.join(dir, 'data');
  const initdb = spawnSync(
    ...asServiceUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']),
    { encoding: 'utf8' },
  );
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
  const port = await freePort();
  // Durability settings off: a test database is thrown away, and fsyncs would only slow the suite.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const pgCtl = path.join(bin, 'pg_ctl');
  const start = spawnSync(...asServiceUser(pgCtl, ['start', '-w', '-t', '60', '-D', data, '-l', path.join(dir, 'log'), '-o', options]), {
    encoding: 'utf8',
  });
  const stop = () => {
    spawnSync(...asServiceUser(pgCtl, ['stop', '-m', 'immediate', '-D', data]));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  if (start.status !== 0) {
    const logText = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : '';
    throw new Error(`private PostgreSQL did not start: ${start.stderr}\n${logText}`);
  }
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/**
 * Drops this process's databases when it exits (a private instance is removed whole instead).
 * In a child process, synchronously: 'beforeExit' did not always come in a test file's process,
 * and an 'exit' handler cannot wait for a query. DROP DATABASE waits for a checkpoint (7 s on a
 * loaded machine), hence the drops in parallel and the generous timeout.
 */
const DROP_DATABASES = `
const pg = require('pg');
Promise.all(JSON.parse(process.argv[1]).map(async ({ adminUrl, name }) => {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('DROP DATABASE IF EXISTS ' + name + ' WITH (FORCE)');
  } catch {}
  await client.end().catch(() => undefined);
}));`;
process.once('exit', () => {
  if (createdDatabases.length === 0) return;
  spawnSync(process.execPath, ['-e', DROP_DATABASES, JSON.stringify(createdDatabases)], { cwd: ROOT, stdio: 'ignore', timeout: 60_000 });
});

// ---- Redis ------------------------------------------------------------------------------------

let redisServer: Promise<string> | null = null;

/** A URL to a reachable Redis (shared by the process's tests; prefix names with `uniqueName`). */
export function redisUrl(): Promise<string> {
  redisServer ??= findOrStartRedis();
  return redisServer;
}

/** PING over a plain socket: no client library needed to ask whether anyone answers. */
function redisReachable(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return resolve(false);
    }
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => {
      const password = decodeURIComponent(u.password);
      if (password) socket.write(`AUTH ${password}\r\n`);
      socket.write('PING\r\n');
    });
    socket.on('data', (chunk) => done(chunk.toString().includes('+PONG')));
  });
}

async function findOrStartRedis(): Promise<string> {
  if (!forcePrivate()) {
    const candidates = [process.env.REDIS_URL, 'redis://127.0.0.1:6379'].filter(Boolean) as string[];
    for (const url of candidates) if (await redisReachable(url)) return url;
  }
  return startPrivateRedis();
}

async function startPrivateRedis(): Promise<string> {
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) ensurePackages();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  // Not a reason for the test process to stay alive: it is killed at exit.
  child.unref();
  process.once('exit', () => {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const url = `redis://127.0.0.1:${port}`;
  const started = Date.now();
  while (!(await redisReachable(url))) {
    if (child.exitCode !== null) throw new Error(`private redis-server exited with ${child.exitCode}`);
    if (Date.now() - started > START_TIMEOUT_MS) throw new Error('private redis-server did not answer PING');
    await new Promise((r) => setTimeout(r, 50));
  }
  return url;
}

// ---- Shared -----------------------------------------------------------------------------------

/** A port nobody listens on now (the kernel's pick); the service binds it right after. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
