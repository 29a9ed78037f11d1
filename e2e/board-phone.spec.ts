import { test, expect, createBoardViaApi, openAs } from './fixtures';
import { addItem, backlogTitles, card, waitLive } from './board-helpers';

test('on a 360 px phone one can add and edit an item', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Phone');
  const { page, context } = await openAs(browser, board.links.participant, 'Pia', {
    viewport: { width: 360, height: 740 },
    hasTouch: true,
    isMobile: true,
  });
  await waitLive(page);
  await addItem(page, 'Offline mode for the app', { kind: 'story' });
  await addItem(page, 'Crash on login', { kind: 'bug', where: 'bottom' });
  await expect.poll(() => backlogTitles(page)).toEqual(['Offline mode for the app', 'Crash on login']);

  await card(page, 'Crash on login').getByTestId('card-title').tap();
  const input = page.getByTestId('title-input');
  await expect(input).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.type(' on Android');
  await page.keyboard.press('Enter');
  await expect(card(page, 'Crash on login on Android')).toBeVisible();

  await card(page, 'Crash on login on Android').getByTestId('card-expand').tap();
  await card(page, 'Crash on login on Android').getByRole('button', { name: 'Add description' }).tap();
  await page.getByTestId('description-input').fill('Steps:\n1. Open app\n2. Tap **Login**');
  await page.getByRole('button', { name: 'Done' }).tap();
  await expect(card(page, 'Crash on login on Android').locator('.markdown strong')).toHaveText('Login');

  await card(page, 'Crash on login on Android')
    .getByRole('button', { name: /Actions for/ })
    .tap();
  await page.getByRole('menuitem', { name: 'Move to top' }).tap();
  await expect.poll(() => backlogTitles(page)).toEqual(['Crash on login on Android', 'Offline mode for the app']);

  // Nothing sticks out sideways at 360 px.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await context.close();
});
