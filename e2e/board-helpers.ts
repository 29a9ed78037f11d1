import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { expect } from './fixtures';
import { createItem } from '../lib/board/mutations';
import { connectDoc, untilServerHas } from '../test/helpers/yjs-client';

/** Titles of the backlog cards as rendered, top to bottom. */
export async function backlogTitles(page: Page): Promise<string[]> {
  return page.locator('[data-testid="backlog"] [data-testid="card-title"]').allTextContents();
}

export function card(page: Page, title: string) {
  return page
    .locator('[data-testid="card"], [data-testid="tail-card"]')
    .filter({ has: page.getByTestId('card-title').getByText(title, { exact: true }) });
}

/**
 * Until the page is live and, on a board, its meeting bar is there (or known to be none): the
 * bar mounts after the list's first paint and moves the list down (53 px at 1366 px), and a
 * click aimed before that could land on whatever moved under it (once, in a fresh-clone suite:
 * an "Add item" click that added nothing).
 */
export async function waitLive(page: Page): Promise<void> {
  await expect(page.getByTestId('connection-status')).toHaveText('live');
  if ((await page.locator('[data-live-board]').count()) > 0)
    await expect(page.locator('[data-testid="meeting-bar"], [data-meeting-bar="none"]').first()).toBeAttached();
}

export async function addItem(page: Page, title: string, options: { kind?: string; where?: 'top' | 'bottom' } = {}): Promise<void> {
  await page.getByLabel('New item title').fill(title);
  if (options.kind) await page.locator('#new-item-kind').selectOption(options.kind);
  if (options.where) await page.locator('#new-item-where').selectOption(options.where);
  await page.getByRole('button', { name: 'Add item' }).click();
  await expect(card(page, title)).toHaveCount(1);
}

/** Seeds items straight into the board's doc through a Node y-websocket client (fast setup). */
export async function seedItems(baseURL: string, boardId: string, key: string, titles: string[]): Promise<string[]> {
  const client = connectDoc(baseURL, boardId, key);
  await client.synced();
  const ids: string[] = [];
  client.doc.transact(() => {
    for (const title of titles) ids.push(createItem(client.doc, { title, kind: 'story', position: { at: 'bottom' } }));
  });
  await untilServerHas(baseURL, boardId, key, client.doc);
  client.destroy();
  return ids;
}

export function keyOf(link: string): string {
  return new URL(link).searchParams.get('key')!;
}

export { Y, untilServerHas };
