import type { Browser, WebSocketRoute } from '@playwright/test';
import { test, expect, createBoardViaApi, openAs, newContext } from './fixtures';
import { addItem, backlogTitles, waitLive } from './board-helpers';
import { CLOSE_CODES } from '../lib/protocol';

test.describe.configure({ timeout: 120_000 });

const SHOTS = process.env.E2E_SCREENSHOTS;

/**
 * Opens a board whose /yjs socket passes through Playwright, so the test can play the server
 * closing it with one of our close codes when the page sends its next document update
 * (y-websocket frame: messageSync 0, then messageYjsUpdate 2).
 */
async function openWithSyncProxy(browser: Browser, link: string, name: string) {
  const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  const proxy = { attempts: 0, closeNextUpdateWith: null as number | null };
  await context.routeWebSocket(/\/yjs\//, (ws: WebSocketRoute) => {
    proxy.attempts++;
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const bytes = typeof message === 'string' ? Buffer.from(message) : message;
      if (proxy.closeNextUpdateWith !== null && bytes[0] === 0 && bytes[1] === 2) {
        const code = proxy.closeNextUpdateWith;
        proxy.closeNextUpdateWith = null;
        // As the server does: the refused change is not applied, the socket is closed.
        void ws.close({ code, reason: 'test' });
        void server.close();
        return;
      }
      server.send(message);
    });
  });
  await context.addInitScript((displayName) => window.localStorage.setItem('refinery:name', displayName), name);
  const page = await context.newPage();
  await page.goto(link);
  return { context, page, proxy };
}

test('board over its size cap: no reconnect loop, the change is kept, Try again delivers it', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Full board');
  const [{ context, page, proxy }, other] = await Promise.all([
    openWithSyncProxy(browser, board.links.facilitator, 'Fred'),
    openAs(browser, board.links.participant, 'Olga'),
  ]);
  await waitLive(page);
  await waitLive(other.page);
  expect(proxy.attempts).toBe(1);

  proxy.closeNextUpdateWith = CLOSE_CODES.boardTooLarge;
  await addItem(page, 'A very large paste');
  await expect(page.getByTestId('connection-status')).toHaveText('not shared');
  const notice = page.getByTestId('connection-notice');
  await expect(notice).toContainText('This board reached its size limit; your latest change is kept on this device but not shared.');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/board-too-large-1280.png` });
  // y-websocket alone would reconnect within 0.2 s and send the change again, for ever.
  await page.waitForTimeout(4000);
  expect(proxy.attempts).toBe(1);
  await expect(page.getByTestId('connection-status')).toHaveText('not shared');
  expect(await backlogTitles(page)).toEqual(['A very large paste']);
  expect(await backlogTitles(other.page)).toEqual([]);

  // Going offline and back does not restart the loop either.
  await context.setOffline(true);
  await context.setOffline(false);
  await page.waitForTimeout(1000);
  expect(proxy.attempts).toBe(1);

  await notice.getByRole('button', { name: 'Try again' }).click();
  await waitLive(page);
  expect(proxy.attempts).toBe(2);
  await expect(notice).toHaveCount(0);
  await expect.poll(() => backlogTitles(other.page)).toEqual(['A very large paste']);
  await other.context.close();
  await context.close();
});

test('rate limited: a short "slowed down" notice, a reconnect only after several seconds', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Busy board');
  const [{ context, page, proxy }, other] = await Promise.all([
    openWithSyncProxy(browser, board.links.participant, 'Rita'),
    openAs(browser, board.links.participant, 'Sam'),
  ]);
  await waitLive(page);
  await waitLive(other.page);

  proxy.closeNextUpdateWith = CLOSE_CODES.rateLimited;
  const closedAt = Date.now();
  await addItem(page, 'Typed during a flood');
  await expect(page.getByTestId('connection-status')).toHaveText('slowed down');
  await expect(page.getByTestId('connection-notice')).toContainText('Slowed down');
  await page.waitForTimeout(3000);
  expect(proxy.attempts).toBe(1);

  await expect(page.getByTestId('connection-status')).toHaveText('live', { timeout: 15_000 });
  expect(Date.now() - closedAt).toBeGreaterThanOrEqual(5000);
  expect(proxy.attempts).toBe(2);
  await expect(page.getByTestId('connection-notice')).toHaveCount(0);
  await expect.poll(() => backlogTitles(other.page)).toEqual(['Typed during a flood']);
  await other.context.close();
  await context.close();
});

test('control socket cut off for its event budget: slowed down, then back by itself', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Chatty board');
  const context = await newContext(browser);
  const control: WebSocketRoute[] = [];
  await context.routeWebSocket(/\/socket\.io\//, (ws: WebSocketRoute) => {
    control.push(ws);
    ws.connectToServer();
  });
  await context.addInitScript(() => window.localStorage.setItem('refinery:name', 'Chad'));
  const page = await context.newPage();
  await page.goto(board.links.participant);
  await waitLive(page);
  expect(control).toHaveLength(1);

  // What the server sends a socket past its second burst: a rate_limited error, then the
  // namespace disconnect (engine.io message 4, socket.io EVENT 2 / DISCONNECT 1).
  const cutAt = Date.now();
  control[0].send('42["server:error",{"code":"rate_limited","message":"too many events per second; disconnected"}]');
  control[0].send('41');
  await expect(page.getByTestId('connection-status')).toHaveText('slowed down');
  await expect(page.getByTestId('connection-notice')).toContainText('Slowed down');
  // socket.io alone would stay disconnected after a server-side disconnect.
  await expect(page.getByTestId('connection-status')).toHaveText('live', { timeout: 15_000 });
  expect(Date.now() - cutAt).toBeGreaterThanOrEqual(5000);
  expect(control).toHaveLength(2);
  await expect(page.getByTestId('connection-notice')).toHaveCount(0);
  await context.close();
});
