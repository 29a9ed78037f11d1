/**
 * bench:poker — one planning-poker voting round in a big room, on a real server process: a
 * facilitator and N participants (raw socket.io clients in this process), a round started,
 * every participant voting once with the votes spread over one second, then the reveal.
 *
 * Printed per room size (VOTERS, default 20 and 100):
 * - bytes of poker events each participant received during the round (socket.io frames on the
 *   client's engine, from the start to the reveal, both full states included);
 * - vote → counted: from a participant sending its vote to the facilitator's view showing that
 *   participant as voted (one clock: everything runs in this process), p50/p99;
 * - reveal → everyone: from the facilitator sending the reveal to each participant holding the
 *   revealed round, p50/p99.
 * The targets (per-client bytes and vote → counted p99 at 100 voters) are printed next to them.
 *
 * Env: VOTERS (comma list, "20,100"), TARGET_BYTES (51200), TARGET_COUNTED_MS (100).
 */
import os from 'node:os';
import type { Socket } from 'socket.io-client';
import { createItem } from '../lib/board/mutations';
import type { PokerView } from '../lib/poker/redact';
import { connectControl, emitWithAck, nextEvent } from '../test/helpers/control-client';
import { trackPokerView } from '../test/helpers/poker-view';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../test/helpers/server-process';
import { connectDoc } from '../test/helpers/yjs-client';

const SIZES = (process.env.VOTERS ?? '20,100').split(',').map(Number);
const TARGET_BYTES = Number(process.env.TARGET_BYTES ?? 50 * 1024);
const TARGET_COUNTED_MS = Number(process.env.TARGET_COUNTED_MS ?? 100);
const TARGET_AT = 100;
process.setMaxListeners(0);

/** A socket.io client keeping its poker view as the UI's store does, and counting poker bytes. */
interface Seat {
  socket: Socket;
  view: () => PokerView | null;
  /** Patches that did not apply (the client asked for its view again): 0 unless something is wrong. */
  refused: () => number;
  /** Bytes of poker frames received since the last reset. */
  bytes: () => number;
  resetBytes: () => void;
  onView: (listener: (view: PokerView) => void) => void;
}

async function seat(url: string, boardId: string, key: string, name: string, voterToken: string): Promise<Seat> {
  const socket = connectControl(url, boardId, key, { name, voterToken });
  let bytes = 0;
  socket.io.on('open', () => {
    // Every frame as it came off the wire: engine.io packet type + socket.io packet.
    socket.io.engine.on('packet', (packet: { type: string; data?: unknown }) => {
      if (typeof packet.data === 'string' && packet.data.startsWith('2["poker:')) bytes += Buffer.byteLength(packet.data) + 1;
    });
  });
  const poker = trackPokerView(socket);
  const session = nextEvent(socket, 'session');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await session;
  await waitFor(() => poker.view() !== null, 10_000, `${name} gets the poker state`);
  return { socket, view: poker.view, refused: poker.refused, bytes: () => bytes, resetBytes: () => (bytes = 0), onView: poker.onView };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RoundFigures {
  voters: number;
  bytesPerClient: number;
  countedP50: number;
  countedP99: number;
  revealP50: number;
  revealP99: number;
}

async function round(server: ServerProcess, voters: number): Promise<RoundFigures> {
  const board = await createBoard(server.url, `poker ${voters}`);
  const doc = connectDoc(server.url, board.id, board.keys.facilitator);
  await doc.synced();
  const itemId = createItem(doc.doc, { title: 'Checkout page', kind: 'story', position: { at: 'top' } });
  const fay = await seat(server.url, board.id, board.keys.facilitator, 'Fay', 'facilitator-token-0123456789');
  const people: Seat[] = [];
  // Joined a few at a time: the handshake is not what is measured.
  for (let i = 0; i < voters; i += 10) {
    const batch = Array.from({ length: Math.min(10, voters - i) }, (_, j) =>
      seat(server.url, board.id, board.keys.participant, `Voter ${String(i + j).padStart(3, '0')}`, `voter-token-${i + j}-0123456789`),
    );
    people.push(...(await Promise.all(batch)));
  }
  try {
    for (const p of people) p.resetBytes();

    const started = await emitWithAck(fay.socket, 'poker:start', { mode: 'item', itemId });
    if (!started.ok) throw new Error(`poker:start refused: ${JSON.stringify(started)}`);
    await waitFor(() => people.every((p) => p.view()?.round?.phase === 'voting'), 20_000, 'everyone sees the round');
    await waitFor(() => voterCount(fay.view()) === voters + 1, 20_000, 'the facilitator sees every voter');
    const roundId = fay.view()!.round!.id;

    // The facilitator's view, watched for each participant's vote to be counted.
    const castAt = new Map<string, number>();
    const countedMs: number[] = [];
    const counted = new Set<string>();
    fay.onView((view) => {
      const now = performance.now();
      for (const v of view.round?.voters ?? []) {
        const at = castAt.get(v.voterId);
        if (at === undefined || counted.has(v.voterId) || v.status !== 'voted') continue;
        counted.add(v.voterId);
        countedMs.push(now - at);
      }
    });

    const spread = 1000 / voters;
    const t0 = performance.now();
    await Promise.all(
      people.map(async (p, i) => {
        await sleep(Math.max(0, t0 + i * spread - performance.now()));
        castAt.set(p.view()!.me.voterId, performance.now());
        const ack = await emitWithAck(p.socket, 'poker:vote', { roundId, card: ['1', '2', '3', '5', '8'][i % 5] });
        if (!ack.ok) throw new Error(`vote refused: ${JSON.stringify(ack)}`);
      }),
    );
    await waitFor(() => counted.size === voters, 30_000, 'every vote counted on the facilitator');

    const revealedAt: number[] = [];
    const seen = new Set<Seat>();
    for (const p of people) {
      p.onView((view) => {
        if (view.round?.phase === 'revealed' && revealedAt.length < voters && !seen.has(p)) {
          seen.add(p);
          revealedAt.push(performance.now());
        }
      });
    }
    const revealSent = performance.now();
    const revealed = await emitWithAck(fay.socket, 'poker:reveal', { roundId });
    if (!revealed.ok) throw new Error(`poker:reveal refused: ${JSON.stringify(revealed)}`);
    await waitFor(() => revealedAt.length === voters, 30_000, 'everyone sees the reveal');
    const revealMs = revealedAt.map((t) => t - revealSent);

    const refused = people.reduce((n, p) => n + p.refused(), 0);
    if (refused > 0) throw new Error(`${refused} patches did not apply`);
    const bytes = people.map((p) => p.bytes());
    return {
      voters,
      bytesPerClient: bytes.reduce((a, b) => a + b, 0) / bytes.length,
      countedP50: percentile(countedMs, 50),
      countedP99: percentile(countedMs, 99),
      revealP50: percentile(revealMs, 50),
      revealP99: percentile(revealMs, 99),
    };
  } finally {
    for (const p of people) p.socket.disconnect();
    fay.socket.disconnect();
    doc.destroy();
  }
}

function voterCount(view: PokerView | null): number {
  return view?.round ? view.round.voters.length : 0;
}

async function main() {
  const server = await startServerProcess({ env: { LOG_LEVEL: 'warn' } });
  console.log(`bench:poker — one voting round, votes spread over 1 s; room sizes ${SIZES.join(', ')} (load: ${loadAverage()})`);
  const results: RoundFigures[] = [];
  try {
    for (const voters of SIZES) {
      const r = await round(server, voters);
      results.push(r);
      console.log(
        `  ${String(r.voters).padStart(4)} voters: ${(r.bytesPerClient / 1024).toFixed(1)} KB of poker events per client; ` +
          `vote → counted p50 ${r.countedP50.toFixed(0)} ms, p99 ${r.countedP99.toFixed(0)} ms; ` +
          `reveal → everyone p50 ${r.revealP50.toFixed(0)} ms, p99 ${r.revealP99.toFixed(0)} ms`,
      );
    }
  } finally {
    await server.stop();
  }
  const big = results.find((r) => r.voters === TARGET_AT);
  if (big) {
    const bytesOk = big.bytesPerClient <= TARGET_BYTES;
    const countedOk = big.countedP99 <= TARGET_COUNTED_MS;
    console.log(`targets at ${TARGET_AT} voters:`);
    console.log(
      `  bytes per client ${(big.bytesPerClient / 1024).toFixed(1)} KB (target ≤ ${(TARGET_BYTES / 1024).toFixed(0)} KB): ${bytesOk ? 'met' : 'NOT met'}`,
    );
    console.log(
      `  vote → counted p99 ${big.countedP99.toFixed(0)} ms (target ≤ ${TARGET_COUNTED_MS} ms): ${countedOk ? 'met' : 'NOT met'}`,
    );
  }
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
