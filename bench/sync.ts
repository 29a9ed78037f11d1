/**
 * bench:sync — N stock y-websocket clients in one board, one writer at R updates/s for D
 * seconds; measures the time from a change at the writer to its arrival at the other clients.
 * Runs the same load against Refinery's server (persisting every update to SQLite) and against
 * the stock @y/websocket-server@0.1.1 (in memory), and prints our p99 / its p99.
 *
 * Env: CLIENTS (50), RATE (20 updates/s), DURATION_S (20).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { createBoard, startServerProcess, waitFor } from '../test/helpers/server-process';

const CLIENTS = Number(process.env.CLIENTS ?? 50);
const RATE = Number(process.env.RATE ?? 20);
const SECONDS = Number(process.env.DURATION_S ?? 20);
const ROOT = path.resolve(__dirname, '..');
// Every y-websocket provider adds a process 'exit' listener; 50 of them are expected here.
process.setMaxListeners(0);

interface Result {
  perDelivery: number[];
  allArrived: number[];
  lost: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

async function runLoad(wsBase: string, room: string, params: Record<string, string>, seconds: number): Promise<Result> {
  const clients = Array.from({ length: CLIENTS }, () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsBase, room, doc, {
      params,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    return { doc, provider };
  });
  await waitFor(() => clients.every((c) => c.provider.synced), 30_000, 'all clients synced');
  const [writer, ...readers] = clients;
  const total = Math.round(RATE * seconds);
  const sentAt = new Float64Array(total).fill(NaN);
  const arrivals = new Array<number>(total).fill(0);
  const lastArrival = new Float64Array(total).fill(NaN);
  const perDelivery: number[] = [];
  for (const reader of readers) {
    const seen = reader.doc.getMap<number>('bench');
    seen.observe(() => {
      const now = performance.now();
      const i = seen.get('seq');
      if (typeof i !== 'number' || Number.isNaN(sentAt[i])) return;
      perDelivery.push(now - sentAt[i]);
      arrivals[i] += 1;
      lastArrival[i] = now;
    });
  }
  const map = writer.doc.getMap<number>('bench');
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    // Pace by the schedule, not by sleeps, so slow ticks do not lower the rate.
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sentAt[i] = performance.now();
    map.set('seq', i);
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (const c of clients) {
    c.provider.destroy();
    c.doc.destroy();
  }
  // An update overwritten before a slow reader saw it counts as not arrived; with a steady
  // server this stays 0.
  const allArrived: number[] = [];
  let lost = 0;
  for (let i = 0; i < total; i++) {
    if (arrivals[i] === readers.length) allArrived.push(lastArrival[i] - sentAt[i]);
    else lost += 1;
  }
  return { perDelivery, allArrived, lost };
}

function startStockServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/@y/websocket-server/src/server.js')], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('running at')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`stock server exited ${code}`)));
  });
}

function print(label: string, result: Result) {
  const d = summary(result.perDelivery);
  const a = summary(result.allArrived);
  console.log(
    `${label.padEnd(28)} per delivery p50 ${d.p50.toFixed(2)} ms  p95 ${d.p95.toFixed(2)} ms  p99 ${d.p99.toFixed(2)} ms | ` +
      `all ${CLIENTS - 1} readers p50 ${a.p50.toFixed(2)} ms  p95 ${a.p95.toFixed(2)} ms  p99 ${a.p99.toFixed(2)} ms | not arrived ${result.lost}`,
  );
  return { d, a };
}

async function main() {
  console.log(`bench:sync — ${CLIENTS} clients, 1 writer at ${RATE} updates/s for ${SECONDS} s`);
  const ours = await startServerProcess({ env: { LOG_LEVEL: 'warn' } });
  const board = await createBoard(ours.url, 'bench');
  const SEGMENTS = 10;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const stock = await startStockServer(port);
  const runOurs = () => runLoad(ours.url.replace('http', 'ws') + '/yjs', board.id, { key: board.keys.participant }, SECONDS / SEGMENTS);
  const runStock = () => runLoad(`ws://127.0.0.1:${port}/yjs`, 'bench', {}, SECONDS / SEGMENTS);

  // Warm both servers and this process's JIT the same way before measuring anything.
  await runLoad(ours.url.replace('http', 'ws') + '/yjs', board.id, { key: board.keys.participant }, 2);
  await runLoad(`ws://127.0.0.1:${port}/yjs`, 'bench', {}, 2);
  // Alternate short segments so a burst of background load on this shared machine hits both
  // servers alike; each server still gets RATE updates/s for SECONDS in total.
  const merge = (into: Result, from: Result) => {
    into.perDelivery.push(...from.perDelivery);
    into.allArrived.push(...from.allArrived);
    into.lost += from.lost;
  };
  const oursResult: Result = { perDelivery: [], allArrived: [], lost: 0 };
  const stockResult: Result = { perDelivery: [], allArrived: [], lost: 0 };
  for (let i = 0; i < SEGMENTS; i++) {
    const first = i % 2 === 0;
    if (first) merge(oursResult, await runOurs());
    merge(stockResult, await runStock());
    if (!first) merge(oursResult, await runOurs());
  }
  await ours.stop();
  stock.kill('SIGTERM');

  const o = print('refinery (SQLite, persisted)', oursResult);
  const s = print('@y/websocket-server 0.1.1', stockResult);
  const ratioAll = o.a.p99 / s.a.p99;
  const ratioDelivery = o.d.p99 / s.d.p99;
  console.log(`p99 ratio refinery/stock (all readers): ${ratioAll.toFixed(2)}  (per delivery: ${ratioDelivery.toFixed(2)})`);
  console.log(`${ratioAll <= 1.0 ? 'PASS' : 'FAIL'}: target p99 ratio <= 1.00 while persisting every update`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
