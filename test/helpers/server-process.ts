import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Every log line the server printed, parsed. */
  logs: Array<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function makeDataDir(prefix = 'refinery-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Every server this process's test files started: killed when the process exits, however it ends (a failed
 * test, --test-force-exit). Files share a process (scripts/node-tests.mjs): each stops its own servers in
 * its after() hooks; what a failed file left running lives until the group's process ends.
 */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Checkouts whose server bundle this process has brought up to date. */
const built = new Set<string>();

/**
 * How to run a checkout's server: the bundle `npm start` runs (dist/server/index.cjs, built
 * first when a source is newer; scripts/build-server.mjs), or, in a checkout from before there
 * was one (a bench's "before"), server/index.ts through tsx, as it ran then.
 */
export function serverCommand(root: string = ROOT): string[] {
  const build = path.join(root, 'scripts/build-server.mjs');
  if (!fs.existsSync(build)) return ['--import', 'tsx', 'server/index.ts'];
  if (!built.has(root)) {
    execFileSync(process.execPath, [build, '--if-stale'], { cwd: root, stdio: 'inherit' });
    built.add(root);
  }
  return ['dist/server/index.cjs'];
}

/**
 * Starts the real server, as `npm start` runs it, as a child process on a free port. `SERVE_UI=false`
 * unless asked otherwise, so integration tests do not need a Next build.
 */
export async function startServerProcess(
  /** `root`: another checkout of the project to run (a bench's "before"); this one by default. */
  options: { dataDir?: string; env?: Record<string, string>; port?: number; root?: string } = {},
): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? makeDataDir();
  const root = options.root ?? ROOT;
  const child = spawn(process.execPath, serverCommand(root), {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SERVE_UI: 'false',
      LOG_LEVEL: 'info',
      // Tests that check a board is stored and unloaded should not wait for the grace period.
      UNLOAD_GRACE_MS: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running for the rest of the file (it may still be starting, slowly).
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 20 s\n${stderr}`));
    }, 20_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        logs.push(entry);
        if (entry.msg === 'ready') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        logs.push({ raw: line });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready\n${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    child,
    logs,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}

export async function createBoard(baseUrl: string, title = 'Test board') {
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create board failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { id: string; links: Record<'facilitator' | 'participant' | 'spectator', string> };
  const keyOf = (link: string) => new URL(link).searchParams.get('key')!;
  return {
    id: body.id,
    links: body.links,
    keys: {
      facilitator: keyOf(body.links.facilitator),
      participant: keyOf(body.links.participant),
      spectator: keyOf(body.links.spectator),
    },
  };
}

export function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}
