import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

export interface CreatedBoard {
  id: string;
  links: { facilitator: string; participant: string; spectator: string };
}

/** Creates a board through the real API of the server under test. */
export async function createBoardViaApi(baseURL: string, title = 'E2E board'): Promise<CreatedBoard> {
  const res = await fetch(`${baseURL}/api/boards`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedBoard;
}

/**
 * A fresh browser context (another person's browser) with the app's service worker blocked
 * unless `options` allow it: installing it compiles all of the app's JavaScript, CPU that every
 * test would pay once its board is live (e2e/app-cache.spec.ts tests it). playwright.config.ts
 * blocks it for every context a test makes; said here too, where the specs make theirs, so a
 * spec that needs it allows it in plain sight.
 */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ serviceWorkers: 'block', ...options });
}

/**
 * Opens a board link in a fresh browser context (its own storage, like another person's
 * laptop), with a display name already chosen so the join prompt does not appear.
 * `beforeLoad` runs on the blank page before it navigates: routes, init scripts and listeners
 * set there see the first load, so a test need not load the page a second time for them.
 */
export async function openAs(
  browser: Browser,
  link: string,
  name: string,
  options: Pick<BrowserContextOptions, 'viewport' | 'hasTouch' | 'isMobile' | 'colorScheme' | 'serviceWorkers'> = {},
  beforeLoad?: (context: BrowserContext, page: Page) => Promise<void>,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, options);
  await context.addInitScript((displayName) => {
    window.localStorage.setItem('refinery:name', displayName);
  }, name);
  const page = await context.newPage();
  await beforeLoad?.(context, page);
  await page.goto(link);
  return { context, page };
}

/**
 * Opens several people's browsers at once, as a room arrives together: the page loads overlap
 * instead of each waiting for the one before. Resolves in the order given.
 */
export function openAll(
  browser: Browser,
  people: Array<[link: string, name: string, options?: Parameters<typeof openAs>[3]]>,
): Promise<Array<{ context: BrowserContext; page: Page }>> {
  return Promise.all(people.map(([link, name, options]) => openAs(browser, link, name, options)));
}

export const test = base;
export { expect };
