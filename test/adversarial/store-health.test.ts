/**
 * Hole 9 of issue 10, the store part: when the store worker died it stayed failed for good
 * (every later write refused) while `/healthz` kept answering 200 "ok". Now /healthz turns 503
 * while the store cannot write, the worker is restarted, and what was typed during the outage
 * is stored once it is back.
 *
 * Uses the test-only hook POST /api/_test/kill-store-worker (REFINERY_TEST_HOOKS=1).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, makeDataDir, startServerProcess, waitFor } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';

interface Health {
  status: string;
  store?: { state: string; writable: boolean; restarts: number };
}

async function health(url: string): Promise<{ code: number; body: Health }> {
  const res = await fetch(`${url}/healthz`);
  return { code: res.status, body: (await res.json()) as Health };
}

async function pollHealth(url: string, code: number, timeoutMs: number): Promise<Health> {
  const started = Date.now();
  for (;;) {
    const reply = await health(url);
    if (reply.code === code) return reply.body;
    if (Date.now() - started > timeoutMs)
      throw new Error(`/healthz still ${reply.code} after ${timeoutMs} ms: ${JSON.stringify(reply.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('adversarial: the store worker dies', () => {
  it('reports 503 while the store cannot write, restarts it, and stores what was typed meanwhile', async () => {
    const dataDir = makeDataDir();
    const first = await startServerProcess({ dataDir, env: { REFINERY_TEST_HOOKS: '1' } });
    let second: Awaited<ReturnType<typeof startServerProcess>> | null = null;
    try {
      const board = await createBoard(first.url, 'Outage');
      const writer = connectDoc(first.url, board.id, board.keys.participant);
      await writer.synced();
      assert.equal((await health(first.url)).code, 200);

      const kill = await fetch(`${first.url}/api/_test/kill-store-worker?downMs=1500`, { method: 'POST' });
      assert.equal(kill.status, 200, 'the test hook exists (REFINERY_TEST_HOOKS=1)');
      const down = await health(first.url);
      assert.equal(down.code, 503, `/healthz while the worker is dead: ${JSON.stringify(down.body)}`);
      assert.equal(down.body.status, 'unavailable');

      // Typed during the outage: applied and relayed live, but its first store attempt fails.
      writer.doc.getMap('edits').set('during-outage', 'kept');
      await waitFor(() => first.logs.some((l) => l.msg === 'storing updates failed; will retry'), 3000, 'a failed store attempt');

      const up = await pollHealth(first.url, 200, 10_000);
      assert.equal(up.status, 'ok');
      assert.equal(up.store?.restarts, 1);
      // The persister retries every 500 ms; give it two rounds.
      await new Promise((r) => setTimeout(r, 1200));

      // Nothing may come from the client any more, and nothing from a graceful flush: only what
      // the store already holds survives this.
      writer.destroy();
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));

      second = await startServerProcess({ dataDir });
      const reader = connectDoc(second.url, board.id, board.keys.participant);
      await reader.synced();
      assert.equal(reader.doc.getMap('edits').get('during-outage'), 'kept');
      reader.destroy();
      // New boards can be created after the restart, too.
      await createBoard(second.url, 'after');
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
      await second?.stop();
    }
  });
});
