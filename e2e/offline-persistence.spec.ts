import { test, expect, createBoardViaApi, openAll } from './fixtures';
import { addItem, card, waitLive } from './board-helpers';

test.describe.configure({ timeout: 120_000 });

test('an edit made offline survives closing the tab and reaches the team on the next visit', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Offline tab closed');
  const [ada, bob] = await openAll(browser, [
    [board.links.facilitator, 'Ada'],
    [board.links.participant, 'Bob'],
  ]);
  await waitLive(ada.page);
  await waitLive(bob.page);

  await bob.context.setOffline(true);
  await expect(bob.page.getByTestId('connection-status')).toHaveText('offline');
  await addItem(bob.page, 'Typed on the train, tab closed');
  // Let IndexedDB store it, then close the tab while still offline: the server never saw it.
  await bob.page.waitForTimeout(500);
  await bob.page.close();
  await expect(card(ada.page, 'Typed on the train, tab closed')).toHaveCount(0);

  // Later, back online, Bob opens the board again in the same browser.
  await bob.context.setOffline(false);
  const again = await bob.context.newPage();
  await again.goto(board.links.participant);
  await waitLive(again);
  await expect(card(again, 'Typed on the train, tab closed')).toHaveCount(1);
  await expect(card(ada.page, 'Typed on the train, tab closed')).toBeVisible();
  await ada.context.close();
  await bob.context.close();
});
