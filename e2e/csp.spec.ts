import { test, expect, newContext } from './fixtures';
import { card, keyOf, seedItems, untilServerHas, waitLive } from './board-helpers';
import { drawPng, problemsOf, watchContext, watchPage } from './page-problems';
import { setDescription } from '../lib/board/mutations';
import { connectDoc } from '../test/helpers/yjs-client';

test.describe.configure({ timeout: 120_000 });

function nonceOf(policy: string | null): string {
  const match = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? '');
  expect(match, `a nonce in ${policy}`).not.toBeNull();
  return match![1];
}

test('pages carry a CSP with a fresh nonce per request, on every script Next renders', async ({ request }) => {
  const first = await request.get('/');
  const second = await request.get('/');
  const policy = first.headers()['content-security-policy'];
  expect(policy).toContain("script-src 'self' 'nonce-");
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");
  expect(policy).toContain("worker-src 'self'");
  // A page of another site that opens ours keeps no handle on it (no reload loop without a click).
  expect(first.headers()['cross-origin-opener-policy']).toBe('same-origin');
  const nonce = nonceOf(policy);
  expect(nonceOf(second.headers()['content-security-policy'])).not.toBe(nonce);

  // Every <script> in the HTML (Next's chunks, its inline payloads, the theme script) carries it.
  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(2);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  // The board and projector pages are rendered per request too.
  for (const path of ['/b/nonexistent1/present?key=x', '/b/nonexistent1?key=x']) {
    const page = await request.get(path);
    expect(nonceOf(page.headers()['content-security-policy'])).not.toBe(nonce);
  }
});

test('home, board and projector run under the CSP without a single violation', async ({ browser, baseURL }) => {
  const context = await newContext(browser);
  await watchContext(context);
  // Dark theme saved: the inline theme script must run (nonce) before first paint.
  await context.addInitScript(() => {
    window.localStorage.setItem('refinery:name', 'Cleo');
    window.localStorage.setItem('refinery:theme', 'dark');
  });

  // Home: create a board through the form; its links come with the QR code (a data: image).
  const home = await context.newPage();
  const homeWatch = watchPage(home);
  await home.goto('/');
  await expect(home.locator('html')).toHaveClass(/dark/);
  await home.getByLabel('Board title').fill('Under policy');
  await home.getByRole('button', { name: 'Create board' }).click();
  const qr = home.getByTestId('participant-qr');
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const facilitatorLink = await home.getByTestId('link-facilitator').getAttribute('href');
  const spectatorLink = await home.getByTestId('link-spectator').getAttribute('href');
  expect(facilitatorLink).toBeTruthy();
  expect(await problemsOf(homeWatch)).toEqual([]);

  // Board: server-rendered preview, then the live list over /yjs and /socket.io (same-origin
  // WebSockets under connect-src 'self'), a Markdown description with an attachment image,
  // a dnd-kit drag, and the IndexedDB local copy.
  const boardUrl = new URL(facilitatorLink!, baseURL);
  const boardId = boardUrl.pathname.split('/')[2];
  const key = keyOf(boardUrl.href);
  const ids = await seedItems(baseURL!, boardId, key, ['One', 'Two', 'Three']);
  const png = await drawPng(home, 64, 48, '#4f46e5');
  const upload = await fetch(`${baseURL}/api/boards/${boardId}/attachments?key=${encodeURIComponent(key)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'image/png' },
    body: new Uint8Array(png),
  });
  expect(upload.status).toBe(201);
  const { url: attachmentUrl } = (await upload.json()) as { url: string };
  const writer = connectDoc(baseURL!, boardId, key);
  await writer.synced();
  setDescription(writer.doc, ids[0], `**Bold** and our own picture:\n\n![chart](${attachmentUrl}?key=${encodeURIComponent(key)})`);
  await untilServerHas(baseURL!, boardId, key, writer.doc);
  writer.destroy();

  const board = await context.newPage();
  const boardWatch = watchPage(board);
  await board.goto(boardUrl.href);
  await expect(board.getByTestId('card-title').first()).toBeVisible();
  await waitLive(board);
  await card(board, 'One').getByTestId('card-expand').click();
  const details = card(board, 'One').getByTestId('card-details');
  await expect(details.locator('.markdown strong')).toHaveText('Bold');
  const own = details.locator('.markdown img[alt="chart"]');
  await expect(own).toBeVisible();
  await expect.poll(() => own.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);

  const handle = card(board, 'Three').getByTestId('drag-handle');
  const target = card(board, 'One');
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await board.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await board.mouse.down();
  await board.mouse.move(from.x + from.width / 2, from.y - 20, { steps: 5 });
  await board.mouse.move(from.x + from.width / 2, to.y + 5, { steps: 15 });
  await board.mouse.up();
  await expect
    .poll(() => board.locator('[data-testid="backlog"] [data-testid="card-title"]').allTextContents())
    .toEqual(['Three', 'One', 'Two']);
  await expect.poll(() => board.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain(`refinery:${boardId}`);
  expect(await problemsOf(boardWatch)).toEqual([]);

  // Projector: read-only, follows the facilitator; the focused card's Markdown shows there.
  const projector = await context.newPage();
  const projectorWatch = watchPage(projector);
  await projector.goto(new URL(spectatorLink!, baseURL).href);
  await waitLive(projector);
  await card(board, 'One').getByTestId('card-position').click();
  await expect(projector.getByTestId('present-focus')).toContainText('One');
  await expect(projector.getByTestId('present-focus').locator('.markdown strong')).toHaveText('Bold');
  expect(await problemsOf(projectorWatch)).toEqual([]);
  expect(await problemsOf(boardWatch)).toEqual([]);
  await context.close();
});
