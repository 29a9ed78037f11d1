import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

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
 * Opens a board link in a fresh browser context (its own storage, like another person's
 * laptop), with a display name already chosen so the join prompt does not appear.
 */
export async function openAs(
  browser: Browser,
  link: string,
  name: string,
  options: { viewport?: { width: number; height: number }; hasTouch?: boolean; isMobile?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  await context.addInitScript((displayName) => {
    window.localStorage.setItem('refinery:name', displayName);
  }, name);
  const page = await context.newPage();
  await page.goto(link);
  return { context, page };
}

export const test = base;
export { expect };
