/**
 * bench:import — a ROWS-row Jira CSV (multi-line descriptions, labels, parents, story points)
 * posted to /api/boards/<id>/import on a real server, timed until every one of CLIENTS
 * connected y-websocket clients has all the items (parse + plan + apply + store + relay).
 *
 * Reference, in the same run: the same items created by one connected client in one
 * transaction (createItem, the path a person's edits take), timed until the other clients
 * have them. The import does more (parsing, the tracker fields, a dry run on a copy), so the
 * ratio says what that costs; the target is the absolute figure.
 *
 * Env: ROWS (5000), CLIENTS (4), ROUNDS (5), TARGET_MS (2000).
 */
import { createItem } from '../lib/board/mutations';
import { keysBetween } from '../lib/board/rank';
import { listItems } from '../lib/board/schema';
import { createBoard, startServerProcess, waitFor } from '../test/helpers/server-process';
import { connectDoc } from '../test/helpers/yjs-client';

const ROWS = Number(process.env.ROWS ?? 5000);
const CLIENTS = Number(process.env.CLIENTS ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGET_MS = Number(process.env.TARGET_MS ?? 2000);
process.setMaxListeners(0);

function jiraCsv(rows: number): string {
  const header = 'Summary,Issue key,Issue id,Issue Type,Status,Priority,Description,Labels,Labels,Custom field (Story Points),Parent';
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const epic = i % 50 === 0;
    const parent = epic ? '' : String(100000 + i - (i % 50));
    lines.push(
      [
        `"${epic ? 'Epic' : 'Story'} ${i}: checkout, refunds and ""saved cards"""`,
        `BIG-${i}`,
        String(100000 + i),
        epic ? 'Epic' : 'Story',
        'To Do',
        'Medium',
        `"As a buyer I want item ${i}\nso that I can pay.\n* criterion one\n* criterion two"`,
        'payments',
        i % 3 === 0 ? 'q3' : '',
        String([1, 2, 3, 5, 8, 13][i % 6]),
        parent,
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const server = await startServerProcess({ env: { LOG_LEVEL: 'warn' } });
  const csv = jiraCsv(ROWS);
  console.log(`bench:import — ${ROWS} Jira rows (${(csv.length / 1024 / 1024).toFixed(1)} MiB), ${CLIENTS} clients, ${ROUNDS} rounds`);
  const importMs: number[] = [];
  const referenceMs: number[] = [];
  /** Until the HTTP answer (parse + plan + apply + store queued), before the clients have it. */
  const answeredMs: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Import: a fresh board with CLIENTS watchers.
      {
        const board = await createBoard(server.url);
        const clients = Array.from({ length: CLIENTS }, () => connectDoc(server.url, board.id, board.keys.participant));
        await Promise.all(clients.map((c) => c.synced()));
        const started = performance.now();
        const res = await fetch(`${server.url}/api/boards/${board.id}/import?key=${encodeURIComponent(board.keys.facilitator)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/csv' },
          body: csv,
        });
        const body = (await res.json()) as { created?: number; error?: string };
        const answered = performance.now() - started;
        if (res.status !== 200 || body.created !== ROWS) throw new Error(`import failed: ${res.status} ${JSON.stringify(body)}`);
        await waitFor(() => clients.every((c) => c.doc.getMap('items').size === ROWS), 60_000, 'every client has every item');
        importMs.push(performance.now() - started);
        answeredMs.push(answered);
        for (const c of clients) c.destroy();
      }
      // Reference: one client creates the same number of items in one transaction.
      {
        const board = await createBoard(server.url);
        const clients = Array.from({ length: CLIENTS + 1 }, () => connectDoc(server.url, board.id, board.keys.participant));
        await Promise.all(clients.map((c) => c.synced()));
        const [writer, ...readers] = clients;
        const started = performance.now();
        writer.doc.transact(() => {
          const ranks = keysBetween(null, null, ROWS);
          for (let i = 0; i < ROWS; i++) {
            createItem(writer.doc, {
              title: `Story ${i}: checkout, refunds and "saved cards"`,
              kind: 'story',
              position: { rank: ranks[i] },
              description: `As a buyer I want item ${i}\nso that I can pay.\n* criterion one\n* criterion two`,
              estimate: [1, 2, 3, 5, 8, 13][i % 6],
            });
          }
        });
        await waitFor(() => readers.every((c) => c.doc.getMap('items').size === ROWS), 60_000, 'every reader has every item');
        referenceMs.push(performance.now() - started);
        if (listItems(readers[0].doc).length !== ROWS) throw new Error('reference lost items');
        for (const c of clients) c.destroy();
      }
      console.log(
        `  round ${round + 1}: import ${importMs[round].toFixed(0)} ms (answered at ${answeredMs[round].toFixed(0)} ms), reference ${referenceMs[round].toFixed(0)} ms`,
      );
    }
  } finally {
    await server.stop();
  }
  const imp = median(importMs);
  const ref = median(referenceMs);
  console.log(
    `import (parse + apply + every client has it): median ${imp.toFixed(0)} ms (min ${Math.min(...importMs).toFixed(0)}, max ${Math.max(...importMs).toFixed(0)})`,
  );
  console.log(`reference (one client creates ${ROWS} items in one transaction): median ${ref.toFixed(0)} ms`);
  console.log(`ratio import / reference: ${(imp / ref).toFixed(2)}`);
  const pass = imp < TARGET_MS;
  console.log(`${pass ? 'PASS' : 'FAIL'}: median under ${TARGET_MS} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
