import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { expect } from './fixtures';
import { createItem } from '../lib/board/mutations';
import { connectDoc } from '../test/helpers/yjs-client';

/** Titles of the backlog cards as rendered, top to bottom. */
export async function backlogTitles(page: Page): Promise<string[]> {
  return page.locator('[data-testid="backlog"] [data-testid="card-title"]').allTextContents();
}

export function card(page: Page, title: string) {
  return page
    .locator('[data-testid="card"], [data-testid="tail-card"]')
    .filter({ has: page.getByTestId('card-title').getByText(title, { exact: true }) });
}

export async function waitLive(page: Page): Promise<void> {
  await expect(page.getByTestId('connection-status')).toHaveText('live');
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
  // Wait until the server has acknowledged everything we sent.
  await new Promise((resolve) => setTimeout(resolve, 300));
  client.destroy();
  return ids;
}

export function keyOf(link: string): string {
  return new URL(link).searchParams.get('key')!;
}

export { Y };
