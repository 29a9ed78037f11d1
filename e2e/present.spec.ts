import { test, expect, createBoardViaApi, openAll } from './fixtures';

test.describe.configure({ timeout: 120_000 });
import { card, keyOf, seedItems, waitLive } from './board-helpers';

test('the projector follows the facilitator and cannot change anything', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Projected');
  const titles = Array.from({ length: 40 }, (_, i) => `Item ${i + 1}`);
  const ids = await seedItems(baseURL!, board.id, keyOf(board.links.facilitator), titles);
  const [facilitator, projector] = await openAll(browser, [
    [board.links.facilitator, 'Fran'],
    [board.links.spectator, 'Room 4', { viewport: { width: 1280, height: 720 } }],
  ]);
  expect(board.links.spectator).toContain('/present?key=');
  await waitLive(facilitator.page);
  await waitLive(projector.page);
  await expect(projector.page.getByTestId('present-card')).toHaveCount(40);

  // The facilitator finds item 35 and focuses it: the projector highlights it and scrolls to it.
  const target = projector.page.locator(`[data-present-id="${ids[34]}"]`);
  await expect(target).not.toBeInViewport();
  await facilitator.page.getByLabel('Search items').fill('Item 35');
  await card(facilitator.page, 'Item 35').getByTestId('card-position').click();
  await expect(target).toHaveAttribute('data-focused', 'true');
  await expect(target).toBeInViewport();
  await expect(projector.page.getByTestId('present-focus')).toContainText('Item 35');

  // Keyboard focus moves follow too.
  await facilitator.page.getByLabel('Search items').fill('');
  await facilitator.page.locator('body').click({ position: { x: 5, y: 400 } });
  await facilitator.page.keyboard.press('k');
  await expect(projector.page.locator(`[data-present-id="${ids[33]}"]`)).toHaveAttribute('data-focused', 'true');

  // Live edits show up on the projector.
  await card(facilitator.page, 'Item 34').getByTestId('card-title').click();
  await facilitator.page.keyboard.press('End');
  await facilitator.page.keyboard.type(' — agreed');
  await facilitator.page.keyboard.press('Enter');
  await expect(projector.page.getByTestId('present-focus')).toContainText('Item 34 — agreed');

  // Read-only: no edit controls at all.
  await expect(projector.page.locator('input, textarea, select, [contenteditable="true"]')).toHaveCount(0);
  await expect(projector.page.getByTestId('drag-handle')).toHaveCount(0);
  await expect(projector.page.getByRole('button', { name: /add|edit|park|move|undo/i })).toHaveCount(0);

  // A write forced from the projector's browser reaches no one: the server drops it.
  await projector.page.evaluate((id) => {
    const doc = window.__refinery!.doc;
    doc.getMap('meta').set('title', 'Hacked');
    (doc.getMap('items').get(id) as import('yjs').Map<unknown>).set('kind', 'bug');
  }, ids[0]);
  await facilitator.page.waitForTimeout(1000);
  await expect(facilitator.page.getByTestId('board-title')).toHaveText('Projected');
  const kindSeenByFacilitator = await facilitator.page.evaluate(
    (id) => (window.__refinery!.doc.getMap('items').get(id) as import('yjs').Map<unknown>).get('kind'),
    ids[0],
  );
  expect(kindSeenByFacilitator).toBe('story');
  await projector.page.reload();
  await waitLive(projector.page);
  await expect(projector.page.getByTestId('board-title')).toHaveText('Projected');

  await facilitator.context.close();
  await projector.context.close();
});
