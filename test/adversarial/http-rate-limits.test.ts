/**
 * Hole 9 of issue 10, the HTTP part: unlimited board creation (776 boards/s from one client), an
 * attachment quota that counted bytes but not files, and share links that copied `Host` and
 * `X-Forwarded-Proto` verbatim (a `javascript:` proto came back in a link).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { rawRequest as request, type Reply } from '../helpers/raw-request';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('tiny')]);

function createBoard(server: ServerProcess, from?: string, headers: Record<string, string> = {}): Promise<Reply> {
  return request(server, {
    method: 'POST',
    path: '/api/boards',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ title: 'Rate' }),
    from,
  });
}

function keyOf(reply: Reply, role: string): string {
  const links = reply.json.links as Record<string, string>;
  return new URL(links[role]).searchParams.get('key')!;
}

function upload(server: ServerProcess, board: Reply, from?: string): Promise<Reply> {
  return request(server, {
    method: 'POST',
    path: `/api/boards/${board.json.id}/attachments?key=${encodeURIComponent(keyOf(board, 'participant'))}`,
    headers: { 'Content-Type': 'image/png' },
    body: PNG,
    from,
  });
}

describe('adversarial: HTTP rate limits, quotas and link origins', () => {
  let server: ServerProcess;
  let proxied: ServerProcess;
  before(async () => {
    [server, proxied] = await Promise.all([
      startServerProcess({ env: { BOARD_CREATES_PER_MINUTE: '5', UPLOADS_PER_MINUTE: '1000' } }),
      startServerProcess({ env: { UPLOADS_PER_MINUTE: '5', TRUST_PROXY: '1' } }),
    ]);
  });
  after(async () => {
    await Promise.all([server?.stop(), proxied?.stop()]);
  });

  it('refuses board creation over the per-address budget with 429 and Retry-After; another address still creates', async () => {
    const statuses: number[] = [];
    let refused: Reply | null = null;
    for (let i = 0; i < 12; i++) {
      const reply = await createBoard(server, '127.0.0.1');
      statuses.push(reply.status);
      if (reply.status === 429) refused ??= reply;
    }
    assert.deepEqual(statuses.slice(0, 5), [201, 201, 201, 201, 201]);
    assert.ok(
      statuses.slice(5).every((s) => s === 429),
      `over the budget: ${statuses.join(',')}`,
    );
    assert.ok(refused);
    assert.match(String(refused.json.error), /too many boards/);
    assert.ok(Number(refused.headers['retry-after']) >= 1, 'Retry-After in seconds');

    const other = await createBoard(server, '127.0.0.2');
    assert.equal(other.status, 201, 'a different client is not charged for the first one');
  });

  it('refuses uploads over the per-address budget; another address still uploads', async () => {
    const board = await createBoard(proxied, '127.0.0.1');
    assert.equal(board.status, 201);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await upload(proxied, board, '127.0.0.1')).status);
    assert.deepEqual(statuses.slice(0, 5), [201, 201, 201, 201, 201]);
    assert.ok(
      statuses.slice(5).every((s) => s === 429),
      `over the budget: ${statuses.join(',')}`,
    );
    assert.equal((await upload(proxied, board, '127.0.0.2')).status, 201);
  });

  it('caps the number of files per board, not only the bytes', async () => {
    const board = await createBoard(server, '127.0.0.3');
    assert.equal(board.status, 201);
    let stored = 0;
    let refused: Reply | null = null;
    // Tiny files: the byte quota (100 MiB) is nowhere near; only a file count can stop this.
    for (let wave = 0; wave < 21 && !refused; wave++) {
      const replies = await Promise.all(Array.from({ length: 25 }, () => upload(server, board, '127.0.0.3')));
      for (const reply of replies) {
        if (reply.status === 201) stored += 1;
        else if (reply.status === 507) refused ??= reply;
        else assert.fail(`unexpected ${reply.status} ${JSON.stringify(reply.json)}`);
      }
    }
    assert.equal(stored, 500);
    assert.ok(refused, 'the 501st file is refused');
    assert.match(String(refused.json.error), /500/);
  });

  it('never puts a forged proto or host in a link without TRUST_PROXY', async () => {
    const reply = await createBoard(server, '127.0.0.4', {
      'X-Forwarded-Proto': 'javascript',
      'X-Forwarded-Host': 'evil.example',
    });
    assert.equal(reply.status, 201);
    for (const link of Object.values(reply.json.links as Record<string, string>)) {
      assert.ok(link.startsWith(`http://127.0.0.1:${server.port}/b/`), link);
    }
    const badHost = await createBoard(server, '127.0.0.5', { Host: 'evil.example/"><script>' });
    // Node may refuse such a Host itself; if it reaches us, the link falls back to localhost.
    if (badHost.status === 201) {
      for (const link of Object.values(badHost.json.links as Record<string, string>)) {
        assert.ok(link.startsWith(`http://localhost:${server.port}/b/`), link);
      }
    }
  });

  it('with TRUST_PROXY uses X-Forwarded-* only when they are plain http(s) and host[:port]', async () => {
    const good = await createBoard(proxied, '127.0.0.6', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'refinery.example.com' });
    assert.equal(good.status, 201);
    assert.ok((good.json.links as Record<string, string>).participant.startsWith('https://refinery.example.com/b/'));

    const forged = await createBoard(proxied, '127.0.0.7', {
      'X-Forwarded-Proto': 'javascript',
      'X-Forwarded-Host': 'refinery.example.com',
    });
    assert.equal(forged.status, 201);
    for (const link of Object.values(forged.json.links as Record<string, string>)) {
      assert.ok(!link.startsWith('javascript'), link);
      assert.ok(link.startsWith(`http://127.0.0.1:${proxied.port}/b/`), link);
    }
    const badHost = await createBoard(proxied, '127.0.0.8', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'a.example/path?x' });
    assert.ok((badHost.json.links as Record<string, string>).participant.startsWith(`http://127.0.0.1:${proxied.port}/b/`));
  });
});
