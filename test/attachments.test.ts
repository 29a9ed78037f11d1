/** Image attachments over HTTP against a real server process. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createBoard, startServerProcess, type ServerProcess } from './helpers/server-process';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a tiny png')]);
const GIF = Buffer.from('GIF89a-tiny');

describe('attachments', () => {
  let server: ServerProcess;
  let board: Awaited<ReturnType<typeof createBoard>>;

  before(async () => {
    server = await startServerProcess();
    board = await createBoard(server.url, 'Attachments');
  });
  after(async () => {
    await server?.stop();
  });

  const upload = (key: string, body: Buffer, type = 'image/png', boardId = board.id) =>
    fetch(`${server.url}/api/boards/${boardId}/attachments?key=${encodeURIComponent(key)}`, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body: new Uint8Array(body),
    });

  it('stores an image and serves it back with its type and nosniff, to any role', async () => {
    const res = await upload(board.keys.participant, PNG);
    assert.equal(res.status, 201);
    const body = (await res.json()) as { url: string; contentType: string; size: number };
    assert.match(body.url, new RegExp(`^/api/boards/${board.id}/attachments/[a-f0-9]{24}\\.png$`));
    assert.equal(body.size, PNG.length);
    assert.ok(!body.url.includes('key'), 'no key in the stored URL');
    const file = path.join(server.dataDir, 'attachments', board.id, body.url.split('/').pop()!);
    assert.ok(fs.existsSync(file));

    for (const key of [board.keys.spectator, board.keys.facilitator]) {
      const got = await fetch(`${server.url}${body.url}?key=${encodeURIComponent(key)}`);
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('content-type'), 'image/png');
      assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
      assert.deepEqual(Buffer.from(await got.arrayBuffer()), PNG);
    }
    assert.equal((await fetch(`${server.url}${body.url}`)).status, 401, 'a key is needed to read');
    assert.equal((await fetch(`${server.url}${body.url}?key=wrong`)).status, 403);
  });

  it('accepts GIF from a facilitator', async () => {
    const res = await upload(board.keys.facilitator, GIF, 'image/gif');
    assert.equal(res.status, 201);
  });

  it('refuses spectators, wrong keys and unknown boards', async () => {
    assert.equal((await upload(board.keys.spectator, PNG)).status, 403);
    assert.equal((await upload('wrong-key', PNG)).status, 403);
    assert.equal((await upload(board.keys.participant, PNG, 'image/png', 'nosuchboard1')).status, 404);
  });

  it('refuses other types, and bytes that do not match the declared type', async () => {
    assert.equal((await upload(board.keys.participant, Buffer.from('<svg onload=alert(1)>'), 'image/svg+xml')).status, 415);
    assert.equal((await upload(board.keys.participant, Buffer.from('<html><script>alert(1)</script>'), 'image/png')).status, 415);
    assert.equal((await upload(board.keys.participant, Buffer.alloc(0))).status, 400);
  });

  it('refuses images over 2 MiB, and the uploader gets the 413 (not a reset while still sending)', async () => {
    // The server answered at once and closed while the client was still sending: the client saw
    // a network error ("fetch failed") instead of the answer, in one run of ten or so under load.
    const statuses: Array<number | string> = [];
    for (const extra of [1, 64 * 1024, 2 * 1024 * 1024, 6 * 1024 * 1024]) {
      const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024 + extra)]);
      for (let i = 0; i < 3; i++)
        statuses.push(
          await upload(board.keys.participant, big).then(
            (res) => res.status,
            (err: Error) => err.message,
          ),
        );
    }
    assert.deepEqual(statuses, Array(12).fill(413));
  });

  it('answers 404 for names that are not uploads (no path traversal)', async () => {
    const key = encodeURIComponent(board.keys.participant);
    for (const name of ['..%2F..%2Fboards.db', 'passwd', 'abc.png', '%E0%A4%A']) {
      const res = await fetch(`${server.url}/api/boards/${board.id}/attachments/${name}?key=${key}`);
      assert.equal(res.status, 404, name);
    }
    const wrongMethod = await fetch(`${server.url}/api/boards/${board.id}/attachments?key=${key}`);
    assert.equal(wrongMethod.status, 405);
  });
});
