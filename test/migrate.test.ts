/**
 * `npm run migrate` end to end: a real server on SQLite makes a data folder with two boards (text,
 * items, an attachment, an open poker round); the script copies it into a private PostgreSQL
 * database and verifies it; a second run finds everything there; a server on that DATABASE_URL,
 * with an empty DATA_DIR, serves the boards with their content. A target with other boards is
 * refused.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createItem } from '../lib/board/mutations';
import { connectRecording } from './helpers/control-client';
import { createBoard, makeDataDir, startServerProcess, waitFor } from './helpers/server-process';
import { postgresUrl } from './helpers/services';
import { connectDoc } from './helpers/yjs-client';

const ROOT = path.resolve(__dirname, '..');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('pixels of a wireframe')]);
const token = (name: string) => `${name}-token-0123456789abcdef`;

function runMigrate(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', 'migrate', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run migrate (SQLite → PostgreSQL)', () => {
  const dataDir = makeDataDir('refinery-migrate-');
  let boards: Array<Awaited<ReturnType<typeof createBoard>> & { text: string }>;
  let imageUrl: string;
  let roundId: string;

  before(async () => {
    const server = await startServerProcess({ dataDir });
    try {
      boards = [];
      for (const title of ['Payments refinement', 'Onboarding ✓']) {
        const board = await createBoard(server.url, title);
        const client = connectDoc(server.url, board.id, board.keys.facilitator);
        await client.synced();
        const text = client.doc.getText('notes');
        for (let i = 0; i < 40; i++) text.insert(text.length, `${title} note ${i}. `);
        createItem(client.doc, { title: `${title}: first story`, kind: 'story', position: { at: 'top' } });
        boards.push({ ...board, text: text.toString() });
        await new Promise((r) => setTimeout(r, 100));
        client.destroy();
      }
      const first = boards[0];
      const upload = await fetch(`${server.url}/api/boards/${first.id}/attachments?key=${first.keys.participant}`, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png' },
        body: new Uint8Array(PNG),
      });
      assert.equal(upload.status, 201);
      imageUrl = ((await upload.json()) as { url: string }).url;
      const seeder = connectDoc(server.url, first.id, first.keys.facilitator);
      await seeder.synced();
      const itemId = [...seeder.doc.getMap('items').keys()][0];
      const fay = await connectRecording(server.url, first.id, first.keys.facilitator, { name: 'Fay', voterToken: token('fay') });
      const pat = await connectRecording(server.url, first.id, first.keys.participant, { name: 'Pat', voterToken: token('pat') });
      // Why it was refused, if it was: seen once in a fresh-clone suite (stop 26), never alone.
      const started = await fay.send('poker:start', { mode: 'item', itemId });
      assert.equal(started.ok, true, `poker:start refused: ${JSON.stringify(started)}`);
      await waitFor(() => pat.view()?.round?.phase === 'voting', 5000, 'voting');
      roundId = pat.view()!.round!.id;
      assert.equal((await pat.send('poker:vote', { roundId, card: '13' })).ok, true);
      fay.close();
      pat.close();
      seeder.destroy();
    } finally {
      // SIGTERM: the server flushes its writes, as an operator stopping it before migrating would.
      await server.stop();
    }
  });

  it('copies every board, verifies it, runs again harmlessly, and a server on PostgreSQL serves the boards', async () => {
    const databaseUrl = await postgresUrl();
    const first = await runMigrate(['--from', `sqlite:${dataDir}`, '--to', databaseUrl]);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.match(first.stdout, /boards: +2 \(2 copied, 0 already there\)/);
    assert.match(first.stdout, /attachments: +1 \(/);
    assert.match(first.stdout, /control state: +[1-9]/);
    assert.match(first.stdout, /verified: every board/);

    const again = await runMigrate(['--from', `sqlite:${dataDir}`, '--to', databaseUrl]);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.match(again.stdout, /boards: +2 \(0 copied, 2 already there\)/);

    const server = await startServerProcess({ env: { DATABASE_URL: databaseUrl }, dataDir: makeDataDir() });
    try {
      for (const board of boards) {
        const info = (await (await fetch(`${server.url}/api/boards/${board.id}?key=${board.keys.spectator}`)).json()) as { role: string };
        assert.equal(info.role, 'spectator', 'the keys still open the board');
        const reader = connectDoc(server.url, board.id, board.keys.participant);
        await reader.synced();
        assert.equal(reader.doc.getText('notes').toString(), board.text);
        assert.equal(reader.doc.getMap('items').size, 1);
        reader.destroy();
      }
      const first = boards[0];
      const image = await fetch(`${server.url}${imageUrl}?key=${first.keys.spectator}`);
      assert.equal(image.status, 200);
      assert.deepEqual(Buffer.from(await image.arrayBuffer()), PNG);
      const pat = await connectRecording(server.url, first.id, first.keys.participant, { name: 'Pat', voterToken: token('pat') });
      await waitFor(() => pat.view() !== null, 5000, 'poker state');
      assert.equal(pat.view()!.round?.id, roundId);
      assert.equal(pat.view()!.me.vote, '13', 'the open round and its vote came along');
      pat.close();
    } finally {
      await server.stop();
    }
  });

  it('refuses a target that holds boards the source does not have', async () => {
    const databaseUrl = await postgresUrl();
    const other = await startServerProcess({ env: { DATABASE_URL: databaseUrl } });
    const stranger = await createBoard(other.url, 'Someone else');
    await other.stop();
    const result = await runMigrate(['--from', `sqlite:${dataDir}`, '--to', databaseUrl]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`already holds 1 board\\(s\\) that are not in the source \\(${stranger.id}`));
  });

  it('explains bad arguments', async () => {
    const result = await runMigrate(['--from', './data', '--to', 'mysql://x']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--from must be sqlite:<data dir>/);
  });
});
