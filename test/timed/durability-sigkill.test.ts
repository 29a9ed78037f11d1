/**
 * The promise of DESIGN's "Fan out first, commit within 10 ms", tested with a SIGKILL: every
 * update the server received more than 100 ms before it died is there after a restart. Its
 * assertion is a bound in milliseconds, so it runs with the other timed tests, alone after the
 * suite's lanes (scripts/test-all.sh). In the integration lane, beside the attack tests that run
 * there, it lost the last 5 of 322 edits once (a fresh-clone suite, stop 27); alone and beside
 * three CPU-burning processes it passed 8 of 8.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, makeDataDir, startServerProcess, waitFor } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';

describe('durable storage under a SIGKILL', () => {
  it('keeps every update received more than 100 ms before a SIGKILL', async (t) => {
    const dataDir = makeDataDir();
    const first = await startServerProcess({ dataDir });
    const board = await createBoard(first.url, 'Durable');
    const writer = connectDoc(first.url, board.id, board.keys.participant);
    // When the server had each edit: it sends a received update on to the other clients before
    // it stores it (DECISIONS, "Fan out first"), so an edit this second client has seen was on
    // the server by then. Timed from the writer's send instead, the check also counted the trip
    // to the server, which a loaded machine stretches past 100 ms (1 of 346 edits, in the suite).
    const witness = connectDoc(first.url, board.id, board.keys.participant);
    await Promise.all([writer.synced(), witness.synced()]);
    const receivedBy = new Map<string, number>();
    witness.doc.getMap<number>('edits').observe((event) => {
      const now = performance.now();
      for (const key of event.keysChanged) if (!receivedBy.has(key)) receivedBy.set(key, now);
    });
    const edits = writer.doc.getMap<number>('edits');
    let n = 0;
    const interval = setInterval(() => {
      const key = `e${n++}`;
      edits.set(key, n);
    }, 4);
    // At least 1.5 s and 350 edits: on a loaded machine the 4 ms timer runs late, and a fixed
    // 1.5 s once left too few edits for the check below to mean anything (162).
    const writing = performance.now();
    await waitFor(() => n >= 350 && performance.now() - writing >= 1500, 60_000, '350 edits written');
    // Kill mid-edit, while the writer is still writing.
    const killedAt = performance.now();
    first.child.kill('SIGKILL');
    clearInterval(interval);
    writer.destroy();
    witness.destroy();
    await new Promise((r) => first.child.once('exit', r));

    const second = await startServerProcess({ dataDir });
    try {
      const reader = connectDoc(second.url, board.id, board.keys.participant);
      try {
        await reader.synced();
        const stored = reader.doc.getMap<number>('edits');
        const mustHave = [...receivedBy].filter(([, t]) => t < killedAt - 100).map(([k]) => k);
        assert.ok(mustHave.length > 200, `wrote enough edits before the kill (${mustHave.length})`);
        const missing = mustHave.filter((k) => !stored.has(k));
        const kept = [...receivedBy.keys()].filter((k) => stored.has(k)).length;
        t.diagnostic(
          `${mustHave.length} edits seen 100 ms before the kill, ${missing.length} lost; ${kept} of ${receivedBy.size} seen edits kept`,
        );
        assert.deepEqual(missing, [], `${missing.length} of ${mustHave.length} edits lost`);
        assert.equal(reader.doc.getMap('meta').get('title'), 'Durable');
      } finally {
        reader.destroy();
      }
    } finally {
      await second.stop();
    }
  });
});
