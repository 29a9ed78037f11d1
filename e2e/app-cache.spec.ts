import { test, expect, createBoardViaApi, openAs } from './fixtures';
import { addItem, card, waitLive } from './board-helpers';
import { STATIC_CACHE_PREFIX } from '../server/http/service-worker';
import { problemsOf, watchContext, watchPage } from './page-problems';

test.describe.configure({ timeout: 120_000 });

/** The app's service worker (server/http/service-worker.ts), as a returning visitor meets it. */
test("a returning visit takes the app's scripts from its cache and is live as before", async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'App cache');
  const { context, page } = await openAs(browser, board.links.participant, 'Ada', { serviceWorkers: 'allow' }, async (ctx, blank) => {
    await watchContext(ctx);
    // A cache an earlier build's worker left behind, and one of another app on this origin.
    await blank.goto(`${baseURL}/healthz`);
    await blank.evaluate(async (earlier) => {
      await (await caches.open(earlier)).put('/old.js', new Response('old'));
      await (await caches.open('someone-elses-cache')).put('/theirs.js', new Response('theirs'));
    }, `${STATIC_CACHE_PREFIX}an-earlier-build`);
  });
  const first = watchPage(page);
  await waitLive(page);

  // Registered once the board is live; installed once it has cached the build's files.
  const cached = await page.evaluate(async (prefix) => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active!;
    if (worker.state !== 'activated') await new Promise((resolve) => worker.addEventListener('statechange', resolve));
    const names = await caches.keys();
    const ours = names.filter((name) => name.startsWith(prefix));
    const cache = await caches.open(ours[0]);
    const scripts = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name))
      .filter((url) => url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.js'))
      .map((url) => url.pathname);
    const missing = [];
    for (const script of scripts) if (!(await cache.match(script))) missing.push(script);
    return { names, ours, scripts: scripts.length, missing };
  }, STATIC_CACHE_PREFIX);
  // The earlier build's cache is gone; the other app's is not ours to delete.
  expect(cached.ours).toHaveLength(1);
  expect(cached.ours[0]).not.toBe(`${STATIC_CACHE_PREFIX}an-earlier-build`);
  expect(cached.names).toContain('someone-elses-cache');
  expect(cached.scripts).toBeGreaterThan(5);
  expect(cached.missing).toEqual([]);
  expect(await problemsOf(first)).toEqual([]);
  await page.close();

  // The same person comes back: the page is under the worker, its scripts come from the cache
  // (the browser's static route; the worker itself has no fetch handler), and the board works.
  const again = await context.newPage();
  const second = watchPage(again);
  await again.goto(board.links.participant);
  await waitLive(again);
  const loaded = await again.evaluate(() => ({
    controlled: navigator.serviceWorker.controller !== null,
    scripts: (performance.getEntriesByType('resource') as (PerformanceResourceTiming & { workerFinalSourceType?: string })[])
      .filter((entry) => new URL(entry.name).pathname.startsWith('/_next/static/') && entry.name.endsWith('.js'))
      .map((entry) => entry.workerFinalSourceType ?? 'unknown'),
    page: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & { workerFinalSourceType?: string })
      .workerFinalSourceType,
  }));
  expect(loaded.controlled).toBe(true);
  expect(loaded.scripts.length).toBeGreaterThan(5);
  expect(new Set(loaded.scripts)).toEqual(new Set(['cache']));
  // The page itself is never cached: every visit gets the board's current preview and a fresh nonce.
  expect(loaded.page ?? '').not.toBe('cache');

  await addItem(again, 'Added on the cached app');
  const { context: other, page: watcher } = await openAs(browser, board.links.facilitator, 'Bob');
  await waitLive(watcher);
  await expect(card(watcher, 'Added on the cached app')).toBeVisible();
  expect(await problemsOf(second)).toEqual([]);
  await other.close();
  await context.close();
});
