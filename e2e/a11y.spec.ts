import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, createBoardViaApi, openAll, newContext } from './fixtures';

test.describe.configure({ timeout: 120_000 });
import { card, keyOf, seedItems, waitLive } from './board-helpers';

async function seriousViolations(page: Page) {
  // Only the violations come back in full (passes, incomplete and inapplicable rules keep one
  // node each): the same rules are run, and 15-25 % less CPU goes to collecting what is unread.
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility (${theme})`, () => {
    test('home page with the created board links', async ({ browser, baseURL }) => {
      const context = await newContext(browser, { colorScheme: theme });
      const page = await context.newPage();
      await page.goto(baseURL!);
      await page.getByLabel('Board title').fill('Accessible board');
      await page.getByRole('button', { name: 'Create board' }).click();
      await expect(page.getByTestId('participant-qr')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await context.close();
    });

    test('board and projector', async ({ browser, baseURL }) => {
      const board = await createBoardViaApi(baseURL!, 'Accessible board');
      await seedItems(baseURL!, board.id, keyOf(board.links.facilitator), ['Sign up with email', 'Password reset', 'Audit log']);
      // Each browser opens in the theme: one page load each, no reload after switching it.
      const [{ page, context }, projector] = await openAll(browser, [
        [board.links.facilitator, 'Ali', { colorScheme: theme }],
        [board.links.spectator, 'Room', { colorScheme: theme }],
      ]);
      await waitLive(page);
      await card(page, 'Password reset').getByTestId('card-expand').click();
      await card(page, 'Audit log').getByTestId('card-position').click();
      expect(await seriousViolations(page)).toEqual([]);

      await waitLive(projector.page);
      await expect(projector.page.getByTestId('present-focus')).toContainText('Audit log');
      expect(await seriousViolations(projector.page)).toEqual([]);

      // The join prompt too.
      const fresh = await newContext(browser, { colorScheme: theme });
      const joinPage = await fresh.newPage();
      await joinPage.goto(board.links.participant);
      await expect(joinPage.getByLabel('Your name')).toBeVisible();
      expect(await seriousViolations(joinPage)).toEqual([]);
      await fresh.close();
      await projector.context.close();
      await context.close();
    });
  });
}
