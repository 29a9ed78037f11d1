/**
 * The clients of bench:rooms, in a process of their own (forked by bench/rooms.ts for each run):
 * BOARDS × CLIENTS stock y-websocket clients against one server, one edit per second per board,
 * the boards' edits spread evenly over the second and each second's edit made by the next
 * client of the board. It measures, over one window of steady load:
 *  - every delivery: the time from an edit to its arrival at each other client of the board;
 *  - the server's CPU time in that window, read from /proc/<pid>/stat of the server process
 *    (all its threads: the SQLite worker's commits count too);
 *  - the deliveries that arrived in that window, so CPU per delivered update compares like with like.
 * A fresh process per run: no heap, JIT or garbage from an earlier run (against the other server)
 * is carried into the next one. Gets its configuration from its parent over IPC and reports one result back
 * (side by side: says when its clients have joined and waits for the word to start; it exits if the parent goes).
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

export interface RoomsTarget {
  /** ws://host:port/prefix; the board's id follows as the room name. */
  wsBase: string;
  rooms: Array<{ name: string; params: Record<string, string> }>;
  serverPid: number;
}

export interface RoomsRunConfig {
  target: RoomsTarget;
  clients: number;
  warmupS: number;
  durationS: number;
  /** Signal the server (SIGUSR2) when the window opens and closes: bench/cpu-profile-hook.mjs profiles just that. */
  profile: boolean;
  /**
   * Once every client has synced, say `{ joined: true }` to the parent and start the load only
   * on its `{ go: true }`: runs against two servers side by side start their load, and so
   * their measured windows, together.
   */
  waitForGo: boolean;
}

export interface RoomsRunResult {
  connectMs: number;
  /** Edit → remote client, every delivery of every edit made in the window, in ms. */
  latencies: number[];
  /** Deliveries that arrived in the window (what the server's CPU time is divided by). */
  delivered: number;
  /** Edits made in the window, and how many of their deliveries never arrived. */
  edits: number;
  missing: number;
  /** The server process's user + system CPU time over the window, in ms. */
  serverCpuMs: number;
  /** Of which its main thread (the event loop; the rest is the store worker, GC helpers, I/O). */
  serverMainCpuMs: number;
  /** Of which its busiest other thread (Refinery's: the SQLite worker). */
  serverBusiestOtherCpuMs: number;
  /** Every other thread's share, busiest first (V8's GC and compiler helpers, loader threads, libuv). */
  serverOtherThreadsCpuMs: number[];
  windowMs: number;
  /** When the window opened, in ms since the epoch: runs side by side compare theirs. */
  windowOpenedAt: number;
  /** This process's own CPU time over the window (the clients), in ms. */
  clientCpuMs: number;
  serverRssMb: number;
}

process.setMaxListeners(0);

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** utime + stime of a process (all its threads), or of one thread of it, in ms. */
function cpuOf(pid: number, thread?: number): number {
  const stat = fs.readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  // The command name may hold spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** CPU time of every thread of a process, by thread id, in ms (a thread gone by the end counts as 0). */
function threadCpusOf(pid: number): Map<number, number> {
  const cpus = new Map<number, number>();
  for (const thread of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      cpus.set(Number(thread), cpuOf(pid, Number(thread)));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return cpus;
}

function rssMbOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(config: RoomsRunConfig): Promise<RoomsRunResult> {
  const { target, clients } = config;
  const connectStarted = performance.now();
  const boards = [] as Array<Array<{ doc: Y.Doc; provider: WebsocketProvider }>>;
  for (const room of target.rooms) {
    boards.push(
      Array.from({ length: clients }, () => {
        const doc = new Y.Doc();
        const provider = new WebsocketProvider(target.wsBase, room.name, doc, {
          params: room.params,
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          disableBc: true,
        });
        return { doc, provider };
      }),
    );
    // A board at a time, a few ms apart: 4,000 upgrades at once would measure the accept
    // queue, not the rooms.
    if (boards.length % 25 === 0) await sleep(20);
  }
  const all = boards.flat();
  const deadline = performance.now() + 180_000;
  while (!all.every((c) => c.provider.synced)) {
    if (performance.now() > deadline) throw new Error(`only ${all.filter((c) => c.provider.synced).length}/${all.length} clients synced`);
    await sleep(50);
  }
  const connectMs = performance.now() - connectStarted;
  if (config.waitForGo) {
    const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
    process.send!({ joined: true });
    await go;
  }

  // What is measured: edits sent inside [windowStart, windowEnd), deliveries arriving inside it.
  let windowStart = Infinity;
  let windowEnd = Infinity;
  const sentAt: Array<Map<number, number>> = boards.map(() => new Map());
  const arrivals: Array<Map<number, number>> = boards.map(() => new Map());
  const latencies: number[] = [];
  let delivered = 0;
  boards.forEach((board, b) => {
    for (const client of board) {
      // Every edit writes a key of its own: with one key overwritten, two edits in flight at
      // once (a lagging second) would be one change to a reader, and counted wrong.
      client.doc.getMap<number>('bench').observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const key of event.keysChanged) {
          const seq = Number(key);
          if (now >= windowStart && now < windowEnd) delivered++;
          const sent = sentAt[b].get(seq);
          if (sent === undefined) continue;
          latencies.push(now - sent);
          arrivals[b].set(seq, (arrivals[b].get(seq) ?? 0) + 1);
        }
      });
    }
  });

  // Board b edits at b/BOARDS of every second; in second k the edit is client k % clients's.
  // The load runs until a second after the window closed; the window opens at the first edit
  // due after the warm-up (on a busy machine that may be late, and the window moves with it).
  const started = performance.now();
  const warmedUp = started + config.warmupS * 1000;
  let measuring = false;
  let measured = false;
  let cpuBefore = 0;
  let threadsBefore = new Map<number, number>();
  let serverMainCpuMs = 0;
  let serverBusiestOtherCpuMs = 0;
  const serverOtherThreadsCpuMs: number[] = [];
  let clientCpuBefore = 0;
  let serverCpuMs = 0;
  let clientCpuMs = 0;
  let serverRssMb = 0;
  let edits = 0;
  let stopAt = Infinity;
  const slots = boards.length;
  for (let i = 0; performance.now() < stopAt; i++) {
    const second = Math.floor(i / slots);
    const b = i % slots;
    const due = started + second * 1000 + (b * 1000) / slots;
    // Pace by the schedule, not by sleeps, so a slow tick does not lower the rate.
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const now = performance.now();
    if (!measuring && now >= warmedUp) {
      measuring = true;
      if (config.profile) process.kill(target.serverPid, 'SIGUSR2');
      cpuBefore = cpuOf(target.serverPid);
      threadsBefore = threadCpusOf(target.serverPid);
      const usage = process.cpuUsage();
      clientCpuBefore = usage.user + usage.system;
      windowStart = now;
      windowEnd = now + config.durationS * 1000;
      stopAt = windowEnd + 1000;
    }
    if (measuring && !measured && now >= windowEnd) {
      measured = true;
      if (config.profile) process.kill(target.serverPid, 'SIGUSR2');
      serverCpuMs = cpuOf(target.serverPid) - cpuBefore;
      for (const [thread, ms] of threadCpusOf(target.serverPid)) {
        const spent = ms - (threadsBefore.get(thread) ?? 0);
        if (thread === target.serverPid) serverMainCpuMs = spent;
        else if (spent > 0) serverOtherThreadsCpuMs.push(spent);
      }
      serverOtherThreadsCpuMs.sort((a, b) => b - a);
      serverBusiestOtherCpuMs = serverOtherThreadsCpuMs[0] ?? 0;
      const usage = process.cpuUsage();
      clientCpuMs = (usage.user + usage.system - clientCpuBefore) / 1000;
      serverRssMb = rssMbOf(target.serverPid);
      windowEnd = now;
    }
    const seq = second;
    const inWindow = now >= windowStart && now < windowEnd;
    if (inWindow) {
      sentAt[b].set(seq, now);
      edits++;
    }
    boards[b][second % clients].doc.getMap<number>('bench').set(String(seq), seq);
  }
  // Late deliveries of the window's last edits still count towards their latency.
  await sleep(2000);
  let missing = 0;
  sentAt.forEach((sent, b) => {
    for (const seq of sent.keys()) missing += clients - 1 - (arrivals[b].get(seq) ?? 0);
  });
  for (const client of all) {
    client.provider.destroy();
    client.doc.destroy();
  }
  return {
    connectMs,
    latencies,
    delivered,
    edits,
    missing,
    serverCpuMs,
    serverMainCpuMs,
    serverBusiestOtherCpuMs,
    serverOtherThreadsCpuMs,
    windowMs: windowEnd - windowStart,
    windowOpenedAt: performance.timeOrigin + windowStart,
    clientCpuMs,
    serverRssMb,
  };
}

// The configuration (500 boards' ids and keys) comes over IPC: too long for an argument.
// A parent that failed or was stopped leaves no clients behind reconnecting for ever.
process.once('disconnect', () => process.exit(1));
process.once('message', (config: RoomsRunConfig) => {
  run(config)
    .then((result) => process.send!({ ok: true, result }, () => process.exit(0)))
    .catch((err: Error) => process.send!({ ok: false, error: err.stack ?? String(err) }, () => process.exit(1)));
});
