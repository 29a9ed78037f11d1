/**
 * The real server process on PostgreSQL (DATABASE_URL): stock y-websocket clients converge, the
 * doc and an open poker round survive a SIGKILL and a restart (on an empty DATA_DIR, so nothing
 * comes from the local disk), /healthz and /readyz tell the node and its database, /readyz turns
 * 503 while the database refuses the node, two nodes on one database serve the same boards and
 * attachments, and an unreachable database is a clear start-up error.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { createItem } from '../lib/board/mutations';
import { connectRecording } from './helpers/control-client';
import { createBoard, makeDataDir, serverCommand, startServerProcess, waitFor } from './helpers/server-process';
import { freePort, postgresUrl } from './helpers/services';
import { connectDoc } from './helpers/yjs-client';

const token = (name: string) => `${name}-token-0123456789abcdef`;

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the server on PostgreSQL', () => {
  let databaseUrl: string;
  before(async () => {
    databaseUrl = await postgresUrl();
  });

  it('converges two clients and keeps the doc and an open poker round across a SIGKILL', async () => {
    const env = { DATABASE_URL: databaseUrl, NODE_ID: 'node-pg-1' };
    let server = await startServerProcess({ env });
    const board = await createBoard(server.url, 'On PostgreSQL');
    const ann = connectDoc(server.url, board.id, board.keys.facilitator);
    const bob = connectDoc(server.url, board.id, board.keys.participant);
    await Promise.all([ann.synced(), bob.synced()]);
    ann.doc.getText('notes').insert(0, 'from Ann. ');
    bob.doc.getMap('votes').set('bob', 3);
    const itemId: string = createItem(ann.doc, { title: 'Survivor', kind: 'story', position: { at: 'top' } });
    await waitFor(
      () => bob.doc.getText('notes').toString() === 'from Ann. ' && ann.doc.getMap('votes').get('bob') === 3,
      5000,
      'convergence',
    );

    const fay = await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Fay', voterToken: token('fay') });
    const pat = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Pat', voterToken: token('pat') });
    const kim = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Kim', voterToken: token('kim') });
    assert.equal((await fay.send('poker:start', { mode: 'item', itemId })).ok, true);
    await waitFor(() => pat.view()?.round?.phase === 'voting', 5000, 'voting');
    const roundId = pat.view()!.round!.id;
    assert.equal((await pat.send('poker:vote', { roundId, card: '8' })).ok, true);
    assert.equal((await kim.send('poker:vote', { roundId, card: '5' })).ok, true);
    // The doc's group commit runs every 10 ms; give it a few rounds before the kill.
    await new Promise((r) => setTimeout(r, 300));
    const expectedText = bob.doc.getText('notes').toString();
    await server.stop('SIGKILL');
    for (const c of [fay, pat, kim]) c.close();
    ann.destroy();
    bob.destroy();

    // A fresh DATA_DIR: whatever comes back came from PostgreSQL.
    server = await startServerProcess({ env, dataDir: makeDataDir() });
    try {
      const reader = connectDoc(server.url, board.id, board.keys.participant);
      await reader.synced();
      assert.equal(reader.doc.getText('notes').toString(), expectedText);
      assert.equal(reader.doc.getMap('votes').get('bob'), 3);
      assert.equal(reader.doc.getMap('meta').get('title'), 'On PostgreSQL');
      reader.destroy();

      const pat2 = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Pat', voterToken: token('pat') });
      await waitFor(() => pat2.view() !== null, 5000, 'poker state after the restart');
      const view = pat2.view()!;
      assert.equal(view.round?.id, roundId);
      assert.equal(view.round?.phase, 'voting');
      assert.equal(view.me.vote, '8', 'own vote back after the restart');
      assert.equal(view.round!.voters.find((v) => v.name === 'Kim')?.vote, null, 'still secret');
      const fay2 = await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Fay', voterToken: token('fay') });
      assert.equal((await fay2.send('poker:reveal', { roundId })).ok, true);
      await waitFor(() => pat2.view()?.round?.phase === 'revealed', 5000, 'reveal after the restart');
      const votes = Object.fromEntries(pat2.view()!.round!.voters.map((v) => [v.name, v.vote]));
      assert.deepEqual([votes.Pat, votes.Kim], ['8', '5']);
      pat2.close();
      fay2.close();

      const health = await getJson(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(health.body.node, 'node-pg-1');
      assert.deepEqual(health.body.database, { kind: 'postgres', writable: true });
      assert.equal((health.body.store as { kind: string }).kind, 'postgres');
    } finally {
      await server.stop();
    }
  });

  it('serves a board and its attachments from either of two nodes on one database', async () => {
    const [a, b] = await Promise.all([
      startServerProcess({ env: { DATABASE_URL: databaseUrl, NODE_ID: 'node-a' } }),
      startServerProcess({ env: { DATABASE_URL: databaseUrl, NODE_ID: 'node-b' } }),
    ]);
    try {
      const board = await createBoard(a.url, 'Shared');
      const image = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a tiny png')]);
      const uploaded = await fetch(`${a.url}/api/boards/${board.id}/attachments?key=${board.keys.participant}`, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png' },
        body: new Uint8Array(image),
      });
      assert.equal(uploaded.status, 201);
      const { url } = (await uploaded.json()) as { url: string };
      const fromB = await fetch(`${b.url}${url}?key=${board.keys.spectator}`);
      assert.equal(fromB.status, 200);
      assert.equal(fromB.headers.get('content-type'), 'image/png');
      assert.deepEqual(Buffer.from(await fromB.arrayBuffer()), image);
      const reader = connectDoc(b.url, board.id, board.keys.participant);
      await reader.synced();
      assert.equal(reader.doc.getMap('meta').get('title'), 'Shared');
      reader.destroy();
      assert.equal((await getJson(`${b.url}/healthz`)).body.node, 'node-b');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('answers /readyz 503 while the database refuses the node, and 200 once it is back', async () => {
    const server = await startServerProcess({ env: { DATABASE_URL: databaseUrl } });
    const name = new URL(databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    try {
      assert.equal((await getJson(`${server.url}/readyz`)).status, 200);
      // Shut the node out: no new connections to its database, and its open ones ended.
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      let ready = await getJson(`${server.url}/readyz`);
      const started = Date.now();
      while (ready.status !== 503 && Date.now() - started < 10_000) {
        await new Promise((r) => setTimeout(r, 200));
        ready = await getJson(`${server.url}/readyz`);
      }
      assert.equal(ready.status, 503);
      assert.equal(ready.body.ready, false);
      assert.equal((await getJson(`${server.url}/healthz`)).status, 503);

      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      const back = Date.now();
      while ((ready = await getJson(`${server.url}/readyz`)).status !== 200 && Date.now() - back < 10_000) {
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(ready.status, 200);
      assert.equal(ready.body.ready, true);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await server.stop();
    }
  });

  it('refuses to start when the database cannot be reached, naming it without its password', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, serverCommand(), {
      cwd: path.resolve(__dirname, '..'),
      env: {
        ...process.env,
        PORT: '0',
        SERVE_UI: 'false',
        DATA_DIR: makeDataDir(),
        DATABASE_URL: `postgres://refinery:s3cret@127.0.0.1:${port}/refinery`,
        DATABASE_CONNECT_TIMEOUT_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(output, new RegExp(`cannot reach the database at postgres://refinery:\\*\\*\\*@127\\.0\\.0\\.1:${port}/refinery`));
    assert.doesNotMatch(output, /s3cret/);
  });
});
