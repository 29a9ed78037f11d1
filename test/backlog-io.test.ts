/** Export and backup/restore over HTTP against a real server process, with real Yjs clients. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readDorCriteria } from '../lib/board/dor';
import { readAllItemDetails } from '../lib/board/item-details';
import { readRoadmap } from '../lib/board/roadmap';
import { listItems, readMeta } from '../lib/board/schema';
import { readRefinementSettings } from '../lib/board/settings';
import type { BoardBackup } from '../lib/export/backup-layout';
import { parseBackup } from '../lib/export/backup-schema';
import { parseImport } from '../lib/import/formats';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';
import { populateSampleBoard } from './helpers/sample-board';
import { connectDoc } from './helpers/yjs-client';

const ITEMS = 7;

describe('backlog export and board restore over HTTP', () => {
  let server: ServerProcess;
  let board: Awaited<ReturnType<typeof createBoard>>;
  let writer: ReturnType<typeof connectDoc>;
  const clients: Array<ReturnType<typeof connectDoc>> = [];

  const exportUrl = (format: string, key = board.keys.participant, boardId = board.id) =>
    `${server.url}/api/boards/${boardId}/export?key=${encodeURIComponent(key)}&format=${format}`;
  const restore = (body: string, type = 'application/json') =>
    fetch(`${server.url}/api/boards/restore`, { method: 'POST', headers: { 'Content-Type': type }, body });

  before(async () => {
    server = await startServerProcess({ env: { BOARD_CREATES_PER_MINUTE: '1000' } });
    board = await createBoard(server.url, 'Checkout backlog');
    writer = connectDoc(server.url, board.id, board.keys.facilitator);
    clients.push(writer);
    await writer.synced();
    populateSampleBoard(writer.doc);
    // The server has everything once a fresh client sees it all.
    const reader = connectDoc(server.url, board.id, board.keys.spectator);
    clients.push(reader);
    await reader.synced();
    await waitFor(
      () => listItems(reader.doc).length === ITEMS && listItems(reader.doc).some((i) => i.zone === 'trimmed'),
      10_000,
      'the sample board on the server',
    );
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
  });

  for (const [format, type, extension, closed] of [
    ['jira', 'text/csv; charset=utf-8', '-jira.csv', "Won't Do"],
    ['azure', 'text/csv; charset=utf-8', '-azure-devops.csv', 'Removed'],
    ['linear', 'text/csv; charset=utf-8', '-linear.csv', 'Canceled'],
    ['csv', 'text/csv; charset=utf-8', '.csv', "Won't Do"],
  ] as const) {
    it(`${format}: a CSV file the importer reads back, trimmed item ${closed}`, async () => {
      const res = await fetch(exportUrl(format));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), type);
      assert.match(
        res.headers.get('content-disposition') ?? '',
        new RegExp(`^attachment; filename="checkout-backlog-\\d{4}-\\d{2}-\\d{2}${extension.replace('.', '\\.')}"$`),
      );
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const parsed = parseImport(await res.text(), { includeClosed: true });
      assert.equal(parsed.format, format);
      assert.deepEqual(
        parsed.records.map((r) => [r.externalKey, r.title, r.estimate, r.parentKey]),
        [
          ['SHOP-1', 'Saved cards', null, null],
          ['SHOP-2', 'Pay with a saved card', 5, 'SHOP-1'],
          [null, 'Ask consent before saving a card', 2, 'SHOP-2'],
          ['SHOP-3', 'Refund to a saved card', 3, 'SHOP-1'],
          ['SHOP-7', 'Card scanning with the camera', 8, null],
          ['SHOP-9', 'Pay with crypto', null, null],
          ['SHOP-10', 'Pay by cheque', null, null],
        ],
      );
      assert.equal(parsed.records[6].status, closed);
    });
  }

  it('md: the ranked backlog as Markdown', async () => {
    const res = await fetch(exportUrl('md', board.keys.spectator));
    assert.equal(res.status, 200, 'a spectator key may export');
    assert.equal(res.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="checkout-backlog-[\d-]+\.md"$/);
    const md = await res.text();
    assert.match(md, /^# Checkout backlog\n/);
    assert.match(md, /### 1\. Saved cards\n[\s\S]*### 2\. Pay with a saved card\n[\s\S]*\*\*Estimate:\*\* 5 points/);
    assert.match(md, /\[SHOP-2\]\(https:\/\/acme\.atlassian\.net\/browse\/SHOP-2\)/);
  });

  it('json: a backup of the whole board', async () => {
    const res = await fetch(exportUrl('json', board.keys.facilitator));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    const backup = parseBackup(await res.json());
    assert.equal(backup.items.length, ITEMS);
    assert.equal(backup.source.boardId, board.id);
    assert.equal(backup.meta.title, 'Checkout backlog');
  });

  it('refuses unknown formats (400), missing (401) and wrong keys (403), unknown boards (404) and other methods (405)', async () => {
    const unknown = await fetch(exportUrl('xlsx'));
    assert.equal(unknown.status, 400);
    assert.match(((await unknown.json()) as { error: string }).error, /format must be one of jira, azure, linear, csv, md, json/);
    assert.equal((await fetch(exportUrl(''))).status, 400);
    assert.equal((await fetch(`${server.url}/api/boards/${board.id}/export?format=csv`)).status, 401);
    assert.equal((await fetch(exportUrl('csv', 'wrong-key'))).status, 403);
    assert.equal((await fetch(exportUrl('csv', board.keys.participant, 'nosuchboard1'))).status, 404);
    assert.equal((await fetch(exportUrl('csv'), { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${server.url}/api/boards/restore`)).status, 405);
  });

  it('restores a backup into a new board that a second Yjs client sees whole', async () => {
    const backupText = await (await fetch(exportUrl('json'))).text();
    const res = await restore(backupText);
    assert.equal(res.status, 201);
    const created = (await res.json()) as { id: string; title: string; links: Record<string, string> };
    assert.notEqual(created.id, board.id);
    assert.equal(created.title, 'Checkout backlog');
    assert.match(created.links.facilitator, new RegExp(`/b/${created.id}\\?key=`));
    assert.match(created.links.spectator, new RegExp(`/b/${created.id}/present\\?key=`));
    const participantKey = new URL(created.links.participant).searchParams.get('key')!;

    const copy = connectDoc(server.url, created.id, participantKey);
    clients.push(copy);
    await copy.synced();
    await waitFor(() => listItems(copy.doc).length === ITEMS, 10_000, 'the restored items');

    const source = writer.doc;
    assert.deepEqual(readMeta(copy.doc).vision, readMeta(source).vision);
    assert.deepEqual(readRefinementSettings(copy.doc), readRefinementSettings(source));
    assert.deepEqual(readRoadmap(copy.doc), readRoadmap(source));
    assert.deepEqual(readDorCriteria(copy.doc), readDorCriteria(source));
    const summary = (doc: typeof source) => {
      const items = listItems(doc);
      const titleOf = new Map(items.map((i) => [i.id, i.title]));
      const details = readAllItemDetails(doc);
      return items.map((i) => ({
        ...i,
        id: undefined,
        parentId: i.parentId && titleOf.get(i.parentId),
        details: {
          ...details.get(i.id),
          dependencies: details.get(i.id)!.dependencies.map((d) => (d.kind === 'item' ? { ...d, itemId: titleOf.get(d.itemId) } : d)),
        },
      }));
    };
    assert.deepEqual(summary(copy.doc), summary(source));

    // The new board exports the same backup, apart from its ids, the export time and its creation time.
    const again = (await (await fetch(exportUrl('json', participantKey, created.id))).json()) as BoardBackup;
    const original = JSON.parse(backupText) as BoardBackup;
    const normalize = (b: BoardBackup) => {
      const names = new Map(b.items.map((item) => [item.id as string, `<${item.title as string}>`]));
      let text = JSON.stringify({ ...b, exportedAt: null, source: null, meta: { ...b.meta, createdAt: null } });
      for (const [id, name] of names) text = text.split(id).join(name);
      return JSON.parse(text);
    };
    assert.deepEqual(normalize(again), normalize(original));
    assert.notEqual(again.exportedAt, original.exportedAt);
    assert.notEqual(again.meta.createdAt, original.meta.createdAt);
  });

  it('refuses bad backups with a clear message, and creates nothing', async () => {
    const valid = (await (await fetch(exportUrl('json'))).json()) as BoardBackup;

    const notJson = await restore('{"format": ');
    assert.equal(notJson.status, 400);
    assert.match(((await notJson.json()) as { error: string }).error, /^the backup is not valid JSON/);

    const spoiled = structuredClone(valid);
    (spoiled.items[2] as Record<string, unknown>).estimate = -1;
    const badField = await restore(JSON.stringify(spoiled));
    assert.equal(badField.status, 400);
    const refusal = (await badField.json()) as { error: string; path: string };
    assert.equal(refusal.path, 'items.2.estimate');
    assert.match(refusal.error, /^not a valid board backup: items\.2\.estimate: /);

    const newer = await restore(JSON.stringify({ ...valid, schemaVersion: 99 }));
    assert.equal(newer.status, 400);
    assert.equal(((await newer.json()) as { path: string }).path, 'schemaVersion');

    const other = await restore(JSON.stringify([{ number: 1, title: 'a GitHub issue list' }]));
    assert.equal(other.status, 400);

    assert.equal((await restore(JSON.stringify(valid), 'text/plain')).status, 415);
    const huge = await restore(JSON.stringify({ ...valid, padding: 'x'.repeat(16 * 1024 * 1024) }));
    assert.equal(huge.status, 413);
  });
});

describe('restore counts against the board-creation budget', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ env: { BOARD_CREATES_PER_MINUTE: '2' } });
  });
  after(async () => {
    await server?.stop();
  });

  it('answers 429 once the address has created its boards, by either route', async () => {
    const board = await createBoard(server.url, 'Budget');
    const backup = await (await fetch(`${server.url}/api/boards/${board.id}/export?key=${board.keys.spectator}&format=json`)).text();
    const post = () =>
      fetch(`${server.url}/api/boards/restore`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: backup });
    assert.equal((await post()).status, 201);
    const refused = await post();
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  });
});
