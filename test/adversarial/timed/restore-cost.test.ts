/**
 * A restore's cost (review of the backup limits): reading, checking and building a backup is CPU
 * in proportion to its body, and 16 MiB of the smallest items held the event loop for 12.7 s and
 * 1.2 GB of heap; any address may restore, 30 times a minute. Now a restore runs in a worker
 * thread of its own (server/http/restore-runner.ts), and a restored board is no larger than a
 * board may grow (MAX_DOC_BYTES).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, startServerProcess, type ServerProcess } from '../../helpers/server-process';

/** A backup of `count` of the smallest items a backup may hold: as much board as bytes can make. */
function smallItemsBackup(count: number): string {
  const items = Array.from({ length: count }, (_, i) => `{"id":"i${i.toString(36)}","title":"x","rank":"a${i.toString(36)}"}`);
  return `{"format":"refinery-board-backup","schemaVersion":1,"exportedAt":"2026-11-29T10:00:00.000Z","source":{"boardId":null,"title":"Many"},"meta":{"title":"Many"},"items":[${items.join(',')}]}`;
}

const restore = (url: string, body: string) =>
  fetch(`${url}/api/boards/restore`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

describe('adversarial: what a restore costs the server', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ env: { BOARD_CREATES_PER_MINUTE: '1000', MAX_DOC_BYTES: String(4 * 1024 * 1024) } });
  });
  after(() => server.stop());

  it('a restore of 150,000 small items does not hold the event loop: other requests are answered meanwhile', async (t) => {
    const board = await createBoard(server.url, 'Beside the restore');
    const info = `${server.url}/api/boards/${board.id}?key=${encodeURIComponent(board.keys.participant)}`;
    const body = smallItemsBackup(150_000);
    let done = false;
    const restored = restore(server.url, body).then(async (res) => {
      done = true;
      return { status: res.status, json: (await res.json()) as { error?: string } };
    });
    // While it runs, another person's request: the longest wait is the event loop's longest hold.
    const waits: number[] = [];
    while (!done) {
      const started = performance.now();
      assert.equal((await fetch(info)).status, 200);
      waits.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
    const outcome = await restored;
    // 150,000 items make a board larger than this server's MAX_DOC_BYTES (4 MiB): refused whole.
    assert.equal(outcome.status, 413, JSON.stringify(outcome.json));
    assert.match(String(outcome.json.error), /more than a board may/);
    assert.ok(waits.length >= 5, `the restore took ${waits.length} polls`);
    const longest = Math.max(...waits);
    t.diagnostic(`longest wait behind the restore ${Math.round(longest)} ms over ${waits.length} requests (bound 1000 ms)`);
    assert.ok(longest < 1000, `a request waited ${Math.round(longest)} ms behind the restore`);
  });

  it('a restore that fits is stored and answered 201, as before', async () => {
    const res = await restore(server.url, smallItemsBackup(2_000));
    assert.equal(res.status, 201, await res.clone().text());
    const body = (await res.json()) as { id: string; links: Record<string, string> };
    assert.match(body.id, /\S/);
  });
});
