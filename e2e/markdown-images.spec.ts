import type { BrowserContext } from '@playwright/test';
import { test, expect, createBoardViaApi, openAs } from './fixtures';
import { card, keyOf, seedItems, untilServerHas, waitLive } from './board-helpers';
import { drawPng, problemsOf, watchContext, watchPage } from './page-problems';
import { setDescription } from '../lib/board/mutations';
import { connectDoc } from '../test/helpers/yjs-client';

test.describe.configure({ timeout: 120_000 });

const SHOTS = process.env.E2E_SCREENSHOTS;

/** Answers every request to example.com with the picture and counts them (none reach the net). */
async function fakeExampleCom(context: BrowserContext, png: Buffer): Promise<{ count(): number }> {
  let requests = 0;
  await context.route('https://example.com/**', (route) => {
    requests++;
    return route.fulfill({ status: 200, contentType: 'image/png', body: png });
  });
  return { count: () => requests };
}

test('images from other hosts load only after a click, on the board and on the projector', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Pictures');
  const key = keyOf(board.links.facilitator);
  const [id] = await seedItems(baseURL!, board.id, key, ['Checkout redesign', 'Other item']);

  // The picture is drawn, uploaded and described, and example.com faked, before the board's
  // page first loads (on the blank page): one page load, not a load and a reload.
  let png!: Buffer;
  let boardHits!: { count(): number };
  const facilitator = await openAs(
    browser,
    board.links.facilitator,
    'Fay',
    { viewport: { width: 1280, height: 800 } },
    async (context, blank) => {
      await watchContext(context);
      png = await drawPng(blank, 320, 180, '#0ea5e9');
      const upload = await fetch(`${baseURL}/api/boards/${board.id}/attachments?key=${encodeURIComponent(key)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'image/png' },
        body: new Uint8Array(png),
      });
      expect(upload.status).toBe(201);
      const { url: attachmentUrl } = (await upload.json()) as { url: string };
      const writer = connectDoc(baseURL!, board.id, key);
      await writer.synced();
      setDescription(
        writer.doc,
        id,
        [
          'The mock-up: ![mock-up](https://example.com/p.png)',
          `Our own upload: ![upload](${attachmentUrl}?key=${encodeURIComponent(key)})`,
          'An old one: ![old](http://example.org/old.png)',
        ].join('\n\n'),
      );
      await untilServerHas(baseURL!, board.id, key, writer.doc);
      writer.destroy();
      boardHits = await fakeExampleCom(context, png);
    },
  );
  const boardWatch = watchPage(facilitator.page);
  const page = facilitator.page;
  await waitLive(page);
  await card(page, 'Checkout redesign').getByTestId('card-expand').click();
  const markdown = card(page, 'Checkout redesign').getByTestId('card-details').locator('.markdown');
  const show = markdown.getByRole('button', { name: 'Show image from example.com' });
  await expect(show).toBeVisible();
  await expect(show).toHaveAttribute('title', 'mock-up');
  await expect(markdown.getByRole('link', { name: 'Open image from example.org' })).toHaveAttribute('href', 'http://example.org/old.png');
  // Our own attachment loads as before.
  const own = markdown.locator('img[alt="upload"]');
  await expect.poll(() => own.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(markdown.locator('img[src*="example"]')).toHaveCount(0);

  // The projector shows the focused card's description: the placeholder, no request either.
  let projectorHits!: { count(): number };
  const projector = await openAs(browser, board.links.spectator, 'Room 1', { viewport: { width: 1920, height: 1080 } }, async (context) => {
    await watchContext(context);
    projectorHits = await fakeExampleCom(context, png);
  });
  const projectorWatch = watchPage(projector.page);
  await waitLive(projector.page);
  await card(page, 'Checkout redesign').getByTestId('card-position').click();
  const focus = projector.page.getByTestId('present-focus');
  await expect(focus.getByRole('button', { name: 'Show image from example.com' })).toBeVisible();
  await expect.poll(() => focus.locator('img[alt="upload"]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  if (SHOTS) await projector.page.screenshot({ path: `${SHOTS}/projector-1920.png` });

  await page.waitForTimeout(1000);
  expect(boardHits.count()).toBe(0);
  expect(projectorHits.count()).toBe(0);

  // A click loads that image, on that screen only.
  await show.click();
  const remote = markdown.locator('img[src="https://example.com/p.png"]');
  await expect.poll(() => remote.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(remote).toHaveAttribute('referrerpolicy', 'no-referrer');
  await expect(show).toHaveCount(0);
  // The card stays expanded: the click was for the image, not the card.
  await expect(card(page, 'Checkout redesign').getByTestId('card-details')).toBeVisible();
  expect(boardHits.count()).toBe(1);
  expect(projectorHits.count()).toBe(0);

  await focus.getByRole('button', { name: 'Show image from example.com' }).click();
  await expect.poll(() => focus.locator('img[alt="mock-up"]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  expect(projectorHits.count()).toBe(1);

  expect(await problemsOf(boardWatch)).toEqual([]);
  expect(await problemsOf(projectorWatch)).toEqual([]);
  await projector.context.close();
  await facilitator.context.close();
});

test('on a 390 px phone the placeholder fits and loads on tap', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Phone pictures');
  const key = keyOf(board.links.participant);
  const [id] = await seedItems(baseURL!, board.id, key, ['Tracking pixel test', 'Second']);
  const writer = connectDoc(baseURL!, board.id, key);
  await writer.synced();
  setDescription(writer.doc, id, 'See **this**: ![pixel](https://example.com/a-rather-long-path/to/some/tracking-pixel.png?campaign=xyz)');
  await untilServerHas(baseURL!, board.id, key, writer.doc);
  writer.destroy();

  const { context, page } = await openAs(browser, board.links.participant, 'Pia', {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  const png = await drawPng(page, 320, 180, '#f97316');
  const hits = await fakeExampleCom(context, png);
  await waitLive(page);
  await card(page, 'Tracking pixel test').getByTestId('card-expand').tap();
  const show = card(page, 'Tracking pixel test').getByRole('button', { name: 'Show image from example.com' });
  await expect(show).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-390.png` });
  expect(hits.count()).toBe(0);
  await show.tap();
  await expect(card(page, 'Tracking pixel test').locator('.markdown img[alt="pixel"]')).toBeVisible();
  expect(hits.count()).toBe(1);
  await context.close();
});
