/**
 * bench:rooms — many boards at once: BOARDS boards × CLIENTS stock y-websocket clients, one edit
 * per second per board, the boards' edits spread over the second. Runs the same load against
 * Refinery's server (real process, SQLite store, every update persisted) and the stock
 * @y/websocket-server@0.1.1 (in memory), and prints edit → remote p50/p99 and the server's CPU
 * time per delivered update, read from the server process itself (/proc/<pid>/stat), with the
 * ratio ours/stock against its target (≤ 1.00).
 *
 * Fairness: each run gets a freshly started server and a fresh client process
 * (bench/rooms-clients.ts), so neither server inherits the other's garbage, JIT state or
 * half-closed sockets; this process only waits while a run measures. The servers of a round
 * run side by side, their loads started together (SIDE_BY_SIDE); with MODE=alternate they go
 * ours, stock, stock, ours, … Each server's figure is over all its runs together.
 *
 * Env: MODE (side-by-side; alternate), BENCH_NICE (-5, see NICE), BOARDS (500), CLIENTS (8), DURATION_S (15), WARMUP_S (5), ROUNDS (2), PORT_BASE (free ports),
 * SERVERS (both; 'ours' or 'stock' runs one only, for profiling or trying a change), BEFORE_DIR (a checkout of the code before a
 * change, with node_modules: its server runs too, in every round, and is compared with the same stock runs; side by side that
 * is three servers and three client processes at once, so its figures compare only with other three-server runs), PROFILE_DIR (both servers run with --cpu-prof and write their profiles there; for finding where
 * the time goes, not for the figures: profiling costs CPU too).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createBoard, makeDataDir, startServerProcess, type ServerProcess } from '../test/helpers/server-process';
import { freePort } from '../test/helpers/services';
import type { RoomsRunConfig, RoomsRunResult, RoomsTarget } from './rooms-clients';

const BOARDS = Number(process.env.BOARDS ?? 500);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const DURATION_S = Number(process.env.DURATION_S ?? 15);
const WARMUP_S = Number(process.env.WARMUP_S ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const PORT_BASE = process.env.PORT_BASE ? Number(process.env.PORT_BASE) : null;
const ROOT = path.resolve(__dirname, '..');
const SERVERS = process.env.SERVERS ?? 'both';
const BEFORE_DIR = process.env.BEFORE_DIR ? path.resolve(process.env.BEFORE_DIR) : null;
/**
 * The server and the client process of a run get this scheduling priority (nice value; root
 * only, else left as is). On a machine shared with other work, clients that fall behind their
 * schedule catch up in bursts, and a burst is cheaper per delivery for the server than the
 * steady load the bench means to offer; with priority both servers get the same steady load.
 */
const NICE = Number(process.env.BENCH_NICE ?? -5);
/**
 * The servers of a round run at the same time (each with its own client process, their loads
 * started together: StartLine), so both meet the same machine: on this shared 2-core machine a
 * server's CPU per delivery moved by up to a third from one half-minute to the next
 * (60–80 µs for the same server), more than any difference between the servers, and runs one
 * after the other compared those moments more than the servers. MODE=alternate runs them one
 * after the other, alternating which goes first, as before.
 */
const SIDE_BY_SIDE = (process.env.MODE ?? 'side-by-side') !== 'alternate';

function prioritise(pid: number): void {
  // Linux sets a nice value per thread: every thread the process has (the server's store worker too).
  for (const thread of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      os.setPriority(Number(thread), NICE);
    } catch {
      // Not allowed (not root): the run goes on at normal priority.
    }
  }
}

const PROFILE_ENV: Record<string, string> = process.env.PROFILE_DIR
  ? {
      NODE_OPTIONS: `--import ${process.env.PROFILE_HOOK ?? path.join(ROOT, 'bench/cpu-profile-hook.mjs')}`,
      CPU_PROFILE_DIR: path.resolve(process.env.PROFILE_DIR),
    }
  : {};

/**
 * Refinery as deployed but for what one loopback address needs here: every client of every board
 * comes from 127.0.0.1 (MAX_CONNECTIONS_PER_IP, CONNECTS_PER_MINUTE), and the boards are created
 * over HTTP in one go.
 * Every per-connection budget, size cap and check stays at its default.
 */
const OURS_ENV = {
  LOG_LEVEL: 'info',
  MAX_CONNECTIONS_PER_IP: String(BOARDS * CLIENTS * 2),
  CONNECTS_PER_MINUTE: String(BOARDS * CLIENTS * 2),
  BOARD_CREATES_PER_MINUTE: String(BOARDS * 2),
  UNLOAD_GRACE_MS: '5000',
  ...PROFILE_ENV,
};

function startStockServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/@y/websocket-server/src/server.js')], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...PROFILE_ENV },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('running at')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`stock server exited ${code}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The start line of runs side by side: each run's clients say when all of them have synced,
 * and all runs start their load together once every one has.
 */
class StartLine {
  private waiting: Array<{ go: () => void; stop: (err: Error) => void }> = [];
  private abandoned: Error | null = null;
  constructor(private readonly runners: number) {}
  arrive(): Promise<void> {
    return new Promise((go, stop) => {
      if (this.abandoned) return stop(this.abandoned);
      this.waiting.push({ go, stop });
      if (this.waiting.length === this.runners) for (const waiter of this.waiting.splice(0)) waiter.go();
    });
  }
  /** A run failed: the others do not wait for it (they end, and clean up after themselves). */
  abandon(err: Error): void {
    this.abandoned = err;
    for (const waiter of this.waiting.splice(0)) waiter.stop(err);
  }
}

type ClientMessage = { joined: true } | { ok: true; result: RoomsRunResult } | { ok: false; error: string };

function runClients(target: RoomsTarget, startLine: StartLine | null): Promise<RoomsRunResult> {
  const child = fork(path.join(ROOT, 'bench/rooms-clients.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  prioritise(child.pid!);
  const config: RoomsRunConfig = {
    target,
    clients: CLIENTS,
    warmupS: WARMUP_S,
    durationS: DURATION_S,
    profile: Boolean(process.env.PROFILE_DIR),
    waitForGo: startLine !== null,
  };
  child.send(config);
  return new Promise((resolve, reject) => {
    child.on('message', (message: ClientMessage) => {
      if ('joined' in message)
        startLine?.arrive().then(
          () => child.send({ go: true }),
          (err: Error) => {
            child.kill();
            reject(err);
          },
        );
      else if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
    });
    child.once('exit', (code) => reject(new Error(`client process exited ${code} without a result`)));
  });
}

/**
 * What the server warned about during a run (pino levels ≥ 40), counted by message: a run in
 * which it changed course (commits sent to the worker after a slow one, a store retry) is not
 * the steady run the figures mean.
 */
function reportWarnings(server: ServerProcess): void {
  const counts = new Map<string, { count: number; first: Record<string, unknown> }>();
  for (const entry of server.logs) {
    if (typeof entry.level !== 'number' || entry.level < 40) continue;
    const seen = counts.get(String(entry.msg));
    if (seen) seen.count += 1;
    else counts.set(String(entry.msg), { count: 1, first: entry });
  }
  for (const [msg, { count, first }] of counts) {
    const details = Object.fromEntries(Object.entries(first).filter(([key]) => !['level', 'time', 'pid', 'msg'].includes(key)));
    console.log(`  server warned ${count}×: ${msg} ${JSON.stringify(details)}`);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summarise(runs: RoomsRunResult[]) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const cpuMs = runs.reduce((sum, r) => sum + r.serverCpuMs, 0);
  const delivered = runs.reduce((sum, r) => sum + r.delivered, 0);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerDelivery: cpuMs / delivered,
    missing: runs.reduce((sum, r) => sum + r.missing, 0),
  };
}

function describe(label: string, r: RoomsRunResult): string {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const load = (r.serverCpuMs / r.windowMs) * 100;
  return (
    `${label.padEnd(24)} joined in ${(r.connectMs / 1000).toFixed(1)} s | ${r.edits} edits, ${r.delivered} delivered in ${(r.windowMs / 1000).toFixed(1)} s, ` +
    `${r.missing} missing | p50 ${percentile(sorted, 50).toFixed(1)} ms p99 ${percentile(sorted, 99).toFixed(1)} ms | ` +
    `server CPU ${Math.round(r.serverCpuMs)} ms (main thread ${Math.round(r.serverMainCpuMs)}, busiest other ${Math.round(r.serverBusiestOtherCpuMs)}, ` +
    `the rest ${Math.round(r.serverCpuMs - r.serverMainCpuMs - r.serverBusiestOtherCpuMs)}: ${r.serverOtherThreadsCpuMs.slice(1).map(Math.round).join(' ')}; ` +
    `${load.toFixed(0)} % of a core, RSS ${Math.round(r.serverRssMb)} MB) = ` +
    `${((r.serverCpuMs / r.delivered) * 1000).toFixed(1)} µs/delivery | clients' CPU ${((r.clientCpuMs / r.windowMs) * 100) | 0} %`
  );
}

async function main(): Promise<void> {
  console.log(
    `bench:rooms — ${BOARDS} boards × ${CLIENTS} clients, 1 edit/s per board spread over the second; ` +
      `${WARMUP_S} s warm-up, ${DURATION_S} s measured, ${ROUNDS} round(s) of ours/stock ${SIDE_BY_SIDE ? 'side by side' : 'one after the other'}`,
  );
  const templateDir = makeDataDir('refinery-rooms-');
  const oursPort = PORT_BASE ?? (await freePort());
  const stockPort = PORT_BASE !== null ? PORT_BASE + 1 : await freePort();
  /**
   * The boards are created once, in a template folder; every run of ours (and of BEFORE_DIR's
   * server) starts a fresh process on a copy of it, so each run finds the boards as the stock
   * server does, new. On one shared folder each run's edits and client ids stayed in the
   * boards, and every later run had more to load, carry and compare per update than the one
   * before (Yjs's state vectors grow with a doc's client ids), which the stock server's runs,
   * on empty docs every time, never had.
   */
  const withRunCopy = async <T>(run: (dataDir: string) => Promise<T>): Promise<T> => {
    const dataDir = makeDataDir('refinery-rooms-run-');
    fs.cpSync(templateDir, dataDir, { recursive: true });
    try {
      return await run(dataDir);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };

  let setup: ServerProcess | null = await startServerProcess({ dataDir: templateDir, port: oursPort, env: OURS_ENV });
  const boards = [] as Array<{ name: string; params: Record<string, string> }>;
  for (let i = 0; i < BOARDS; i += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, BOARDS - i) }, (_, j) => createBoard(setup!.url, `rooms ${i + j}`)));
    for (const board of batch) boards.push({ name: board.id, params: { key: board.keys.participant } });
  }
  await setup.stop();
  setup = null;

  /**
   * A Refinery server on a fresh copy of the boards: this checkout's, or with `root` another
   * checkout's (BEFORE_DIR: the code before a change, run as a third server in every round, so
   * a change is measured against what it replaced in one run).
   */
  const runRefinery = (port: number, startLine: StartLine | null, root?: string): Promise<RoomsRunResult> =>
    withRunCopy(async (dataDir) => {
      const server = await startServerProcess({ dataDir, port, env: OURS_ENV, ...(root ? { root } : {}) });
      try {
        prioritise(server.child.pid!);
        return await runClients({ wsBase: `ws://127.0.0.1:${port}/yjs`, rooms: boards, serverPid: server.child.pid! }, startLine);
      } finally {
        reportWarnings(server);
        await server.stop();
      }
    });
  const runOurs = (startLine: StartLine | null) => runRefinery(oursPort, startLine);
  const runStock = async (startLine: StartLine | null): Promise<RoomsRunResult> => {
    const server = await startStockServer(stockPort);
    try {
      const rooms = boards.map((_, i) => ({ name: `rooms-${i}`, params: {} }));
      prioritise(server.pid!);
      return await runClients({ wsBase: `ws://127.0.0.1:${stockPort}`, rooms, serverPid: server.pid! }, startLine);
    } finally {
      await stopChild(server);
    }
  };

  const beforePort = PORT_BASE !== null ? PORT_BASE + 2 : await freePort();
  const runBefore = (startLine: StartLine | null) => runRefinery(beforePort, startLine, BEFORE_DIR!);
  const servers = {
    ours: { label: 'refinery', run: runOurs, runs: [] as RoomsRunResult[] },
    stock: { label: 'stock', run: runStock, runs: [] as RoomsRunResult[] },
    before: { label: 'refinery before', run: runBefore, runs: [] as RoomsRunResult[] },
  };
  type Which = keyof typeof servers;
  const chosen = (['ours', 'stock', 'before'] as Which[]).filter((w) =>
    w === 'before' ? BEFORE_DIR !== null : SERVERS === 'both' || SERVERS === w,
  );
  const perDelivery = (r: RoomsRunResult) => r.serverCpuMs / r.delivered;
  for (let round = 1; round <= ROUNDS; round++) {
    const results = new Map<Which, RoomsRunResult>();
    const record = (which: Which, result: RoomsRunResult) => {
      results.set(which, result);
      servers[which].runs.push(result);
      console.log(describe(`round ${round} ${servers[which].label}`, result));
    };
    if (SIDE_BY_SIDE) {
      const startLine = new StartLine(chosen.length);
      // Every run ends, and stops its server, before a failure of one ends the bench.
      const outcomes = await Promise.allSettled(
        chosen.map((which) =>
          servers[which].run(startLine).catch((err: Error) => {
            startLine.abandon(new Error(`${which} failed`));
            throw err;
          }),
        ),
      );
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
      chosen.forEach((which, i) => record(which, (outcomes[i] as PromiseFulfilledResult<RoomsRunResult>).value));
      const opened = chosen.map((which) => results.get(which)!.windowOpenedAt);
      console.log(`round ${round}: the measured windows opened ${(Math.max(...opened) - Math.min(...opened)).toFixed(0)} ms apart`);
    } else {
      // Neither server always runs first on this shared machine.
      for (const which of round % 2 === 1 ? chosen : [...chosen].reverse()) record(which, await servers[which].run(null));
    }
    const stockRun = results.get('stock');
    if (!stockRun) continue;
    const ratios = chosen
      .filter((w) => w !== 'stock')
      .map((w) => `${w}/stock ${(perDelivery(results.get(w)!) / perDelivery(stockRun)).toFixed(2)}`);
    console.log(`round ${round}: CPU per delivery ${ratios.join(', ')}`);
  }
  if (SERVERS !== 'both') process.exit(0);

  const line = (label: string, x: ReturnType<typeof summarise>) =>
    `${label.padEnd(30)} edit→remote p50 ${x.p50.toFixed(1)} ms  p99 ${x.p99.toFixed(1)} ms | ` +
    `server CPU per delivered update ${(x.cpuPerDelivery * 1000).toFixed(1)} µs | missing ${x.missing}`;
  console.log(`all runs (${ROUNDS} per server):`);
  const o = summarise(servers.ours.runs);
  const s = summarise(servers.stock.runs);
  console.log(line('refinery (SQLite, persisted)', o));
  if (BEFORE_DIR !== null) {
    const b = summarise(servers.before.runs);
    console.log(line('refinery before', b));
    console.log(`server CPU per delivered update, before/stock: ${(b.cpuPerDelivery / s.cpuPerDelivery).toFixed(2)}`);
  }
  console.log(line('@y/websocket-server 0.1.1', s));
  const ratio = o.cpuPerDelivery / s.cpuPerDelivery;
  console.log(`server CPU per delivered update, ours/stock: ${ratio.toFixed(2)}  (p99 ours/stock ${(o.p99 / s.p99).toFixed(2)})`);
  console.log(`${ratio <= 1.0 ? 'PASS' : 'FAIL'}: target CPU per delivered update ≤ 1.00× stock while persisting every update`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
