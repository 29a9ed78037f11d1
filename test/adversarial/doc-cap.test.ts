import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { openRawPeer, recordUpdates, sleep, updateMessage } from '../helpers/attack';

/**
 * Issue 10, hole 5: 50 MB went into one board as 1,000 × 50 KB updates with no cap, and past
 * the compaction threshold every commit started another full compaction before the last one
 * finished (16 snapshots × 50 MB, all on the main thread). Now the board is capped
 * (MAX_DOC_BYTES, 32 MB by default): the update that would pass it is refused with 4413 and
 * nothing of it applied, and compactions run one at a time per board, in the store's thread.
 */
describe('attack: a 50 MB board', () => {
  let server: ServerProcess;
  const threshold = 100;
  before(async () => {
    server = await startServerProcess({ env: { COMPACT_THRESHOLD: String(threshold), SYNC_BYTES_PER_SECOND: String(64 * 1024 * 1024) } });
  });
  after(() => server.stop());

  it('refuses the update that passes the cap with 4413, and compacts without a storm', async (t) => {
    const board = await createBoard(server.url, 'big');
    const other = await createBoard(server.url, 'neighbour');
    const neighbour = connectDoc(server.url, other.id, other.keys.participant);
    await neighbour.synced();

    const source = new Y.Doc();
    const updates = recordUpdates(source);
    for (let i = 0; i < 1000; i++) source.getText(`t${i % 10}`).insert(0, String(i % 10).repeat(50 * 1024));
    const attacker = await openRawPeer(server.url, board.id, board.keys.participant, { localAddress: '127.0.0.2' });
    let sent = 0;
    for (const update of updates) {
      if (attacker.ws.readyState !== attacker.ws.OPEN) break;
      attacker.ws.send(updateMessage(update));
      sent++;
      // Let the socket drain now and then, as a real client's would.
      if (sent % 50 === 0) await new Promise((r) => setTimeout(r, 20));
    }
    const closed = await attacker.closed;
    assert.equal(closed.code, 4413, `closed with the size cap's code, got ${closed.code} ${closed.reason}`);
    assert.match(closed.reason, /size limit/);

    // The board holds what came before the cap and nothing of the refused update.
    const reader = connectDoc(server.url, board.id, board.keys.spectator);
    await reader.synced();
    let chars = 0;
    for (let i = 0; i < 10; i++) chars += reader.doc.getText(`t${i}`).length;
    assert.ok(chars <= 32 * 1024 * 1024 && chars > 28 * 1024 * 1024, `board holds ${chars} characters, under the cap`);
    assert.equal(chars % (50 * 1024), 0, 'whole updates only');

    const compactions = server.logs.filter((l) => l.msg === 'compacted').length;
    const accepted = chars / (50 * 1024);
    assert.ok(compactions >= 1, `no compaction for ${accepted} updates (threshold ${threshold})`);
    assert.ok(
      compactions <= Math.ceil(accepted / threshold) + 1,
      `${compactions} compactions for ${accepted} updates (threshold ${threshold})`,
    );

    // The neighbouring board never noticed.
    neighbour.doc.getMap('m').set('alive', true);
    const check = connectDoc(server.url, other.id, other.keys.participant);
    await check.synced();
    await waitFor(() => check.doc.getMap('m').get('alive') === true, 5000, 'neighbour board still syncs');
    // And the store writes again. /healthz answers 503 while the store's one-row write probe waits
    // more than 2 s behind the worker's write of this board's 32 MB compaction: 1.8 s alone, over
    // 2 s twice in suite runs, with the two cores shared with the e2e tests. The probe is asked
    // again until it is answered, within 20 s.
    const healthStarted = performance.now();
    const healthz = async () => {
      const res = await fetch(`${server.url}/healthz`);
      return `${res.status} ${await res.text()}`;
    };
    const first = await healthz();
    let last = first;
    while (!last.startsWith('200 ') && performance.now() - healthStarted < 20_000) {
      await sleep(250);
      last = await healthz();
    }
    const workerEvents = server.logs.filter((l) => /store worker/.test(String(l.msg))).map((l) => l.msg);
    t.diagnostic(
      `/healthz ${last.slice(0, 3)} after ${Math.round(performance.now() - healthStarted)} ms (first answer: ${first}; store worker: ${workerEvents.join(', ') || 'no events'})`,
    );
    assert.ok(last.startsWith('200 '), `/healthz: ${last}`);
    for (const c of [neighbour, reader, check]) c.destroy();
  });
});
