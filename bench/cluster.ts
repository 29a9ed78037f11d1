/**
 * bench:cluster — BOARDS boards × CLIENTS stock y-websocket clients, one edit per second per
 * board (the writer rotating through the board's clients), for DURATION_S seconds. Run twice
 * in one go, on the same PostgreSQL: all clients on one node (no Redis), then the clients of
 * each board spread over two nodes (REDIS_URL). Prints edit→arrival p50/p99 (in the cluster run,
 * separately for clients on the writer's node and on the other node), server CPU per delivered
 * update, and lost updates (an edit some client of its board never got); compares the cluster's
 * cross-node p99 with the one node's p99 (target: within 2×).
 *
 * Env: BOARDS (200), CLIENTS (8), DURATION_S (20). Needs PostgreSQL and Redis as the tests find
 * them (test/helpers/services.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../test/helpers/server-process';
import { postgresUrl, redisUrl, uniqueName } from '../test/helpers/services';

const BOARDS = Number(process.env.BOARDS ?? 200);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const SECONDS = Number(process.env.DURATION_S ?? 20);
/** How long after the last edit stragglers may take before what has not arrived counts as lost. */
const SETTLE_MS = 30_000;
// Every y-websocket provider adds a process 'exit' listener.
process.setMaxListeners(0);

interface Client {
  node: number;
  doc: Y.Doc;
  provider: WebsocketProvider;
}

interface RunResult {
  sameNode: number[];
  otherNode: number[];
  edits: number;
  deliveries: number;
  lost: number;
  cpuMs: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** User + system CPU time of a process so far, in ms (Linux /proc). */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function run(label: string, nodes: ServerProcess[]): Promise<RunResult> {
  const result: RunResult = { sameNode: [], otherNode: [], edits: 0, deliveries: 0, lost: 0, cpuMs: 0 };
  const boards: Array<{ clients: Client[]; written: number }> = [];
  for (let b = 0; b < BOARDS; b++) {
    const board = await createBoard(nodes[b % nodes.length].url, `bench ${b}`);
    const clients: Client[] = [];
    for (let c = 0; c < CLIENTS; c++) {
      // Clients of one board alternate between the nodes.
      const node = c % nodes.length;
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(nodes[node].url.replace(/^http/, 'ws') + '/yjs', board.id, doc, {
        params: { key: board.keys.participant },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      doc.getMap('edits').observe((event) => {
        if (event.transaction.local) return;
        const now = Date.now();
        for (const [key, change] of event.changes.keys) {
          if (change.action !== 'add') continue;
          const [writerNode, sentAt] = (doc.getMap('edits').get(key) as string).split('@').map(Number);
          result.deliveries++;
          (writerNode === node ? result.sameNode : result.otherNode).push(now - sentAt);
        }
      });
      clients.push({ node, doc, provider });
    }
    boards.push({ clients, written: 0 });
  }
  await waitFor(() => boards.every((b) => b.clients.every((c) => c.provider.synced)), 120_000, 'every client synced');
  console.log(`${label}: ${BOARDS} boards × ${CLIENTS} clients connected; ${SECONDS} s of one edit per second per board`);

  const cpuBefore = nodes.reduce((sum, n) => sum + cpuMsOf(n.child.pid!), 0);
  const timers: NodeJS.Timeout[] = [];
  for (const [index, board] of boards.entries()) {
    // Boards start spread over the first second, so the load is even.
    const start = setTimeout(
      () => {
        const write = () => {
          if (board.written >= SECONDS) return clearInterval(interval);
          const writer = board.clients[board.written % board.clients.length];
          writer.doc.getMap('edits').set(`e${board.written}`, `${writer.node}@${Date.now()}`);
          board.written++;
          result.edits++;
        };
        const interval = setInterval(write, 1000);
        timers.push(interval);
        write();
      },
      (index * 1000) / BOARDS,
    );
    timers.push(start);
  }
  await new Promise((r) => setTimeout(r, SECONDS * 1000 + 1000));
  for (const timer of timers) clearTimeout(timer);
  // Late is not lost: wait for stragglers (an overloaded machine delays some by seconds).
  const arrivedEverywhere = () => boards.every((b) => b.clients.every((c) => c.doc.getMap('edits').size === b.written));
  await waitFor(arrivedEverywhere, SETTLE_MS, 'every edit everywhere').catch(() => undefined);
  result.cpuMs = nodes.reduce((sum, n) => sum + cpuMsOf(n.child.pid!), 0) - cpuBefore;
  for (const board of boards) {
    for (const client of board.clients) result.lost += board.written - client.doc.getMap('edits').size;
  }
  for (const board of boards) for (const client of board.clients) client.provider.destroy();
  // Warnings the nodes logged (a connection closed for a bad message would explain a loss).
  const warnings = new Map<string, number>();
  for (const node of nodes) {
    for (const line of node.logs) if (Number(line.level) >= 40) warnings.set(String(line.msg), (warnings.get(String(line.msg)) ?? 0) + 1);
  }
  if (warnings.size) console.log(`${label}: server warnings`, Object.fromEntries(warnings));
  return result;
}

function report(label: string, r: RunResult): void {
  const all = r.sameNode.concat(r.otherNode);
  const fmt = (values: number[]) =>
    values.length ? `p50 ${percentile(values, 50)} ms, p99 ${percentile(values, 99)} ms (${values.length} arrivals)` : 'none';
  console.log(`\n${label}`);
  console.log(`  edits ${r.edits}, deliveries ${r.deliveries}, lost ${r.lost}`);
  console.log(`  edit→arrival, all clients:        ${fmt(all)}`);
  if (r.otherNode.length) {
    console.log(`  edit→arrival, writer's node:      ${fmt(r.sameNode)}`);
    console.log(`  edit→arrival, the other node:     ${fmt(r.otherNode)}`);
  }
  console.log(`  server CPU: ${r.cpuMs} ms in total, ${(r.cpuMs / Math.max(1, r.deliveries)).toFixed(3)} ms per delivered update`);
}

async function main(): Promise<void> {
  const databaseUrl = await postgresUrl();
  const redis = await redisUrl();
  const env = {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    COMMIT_WINDOW_MS: process.env.COMMIT_WINDOW_MS ?? '10',
    MAX_CONNECTIONS_PER_IP: '100000',
    MAX_CONNECTIONS_PER_KEY: '100000',
    CONNECTS_PER_MINUTE: '100000',
    BOARD_CREATES_PER_MINUTE: '100000',
    // Every bench client comes from 127.0.0.1: one address's CPU budget would throttle them all.
    CPU_MS_PER_SECOND: '1000',
    CPU_MS_BURST: '60000',
  };
  console.log(
    `bench:cluster on ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l: number) => l.toFixed(1))
      .join(' ')}`,
  );

  const single = await startServerProcess({ env: { ...env, NODE_ID: 'single' } });
  let one: RunResult;
  try {
    one = await run('one node', [single]);
  } finally {
    await single.stop();
  }
  const clusterEnv = { ...env, REDIS_URL: redis, REDIS_KEY_PREFIX: `${uniqueName('bench')}:` };
  const a = await startServerProcess({ env: { ...clusterEnv, NODE_ID: 'bench-a' } });
  const b = await startServerProcess({ env: { ...clusterEnv, NODE_ID: 'bench-b' } });
  let two: RunResult;
  try {
    two = await run('two nodes', [a, b]);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  report('One node (PostgreSQL, no Redis)', one);
  report('Two nodes (PostgreSQL + Redis), clients of each board on both', two);
  const reference = percentile(one.sameNode, 99);
  const crossNode = percentile(two.otherNode, 99);
  const ratio = crossNode / reference;
  console.log(
    `\ncross-node p99 / one-node p99 = ${crossNode} / ${reference} ms = ${ratio.toFixed(2)}× (target ≤ 2×): ${ratio <= 2 ? 'met' : 'NOT met'}`,
  );
  console.log(`lost updates: one node ${one.lost}, two nodes ${two.lost} (target 0): ${one.lost + two.lost === 0 ? 'met' : 'NOT met'}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
