import { test, expect, newContext } from './fixtures';

test('create a board from the home page, open the participant link, see the board load', async ({ page, browser }) => {
  await page.goto('/');
  await page.getByLabel('Board title').fill('Checkout backlog');
  await page.getByRole('button', { name: 'Create board' }).click();
  const participantLink = page.getByTestId('link-participant');
  await expect(participantLink).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy facilitator link' })).toBeVisible();
  const href = await participantLink.getAttribute('href');
  expect(href).toMatch(/\/b\/[A-Za-z0-9_-]+\?key=/);

  const context = await newContext(browser);
  await context.addInitScript(() => window.localStorage.setItem('refinery:name', 'Pat'));
  const participant = await context.newPage();
  await participant.goto(href!);
  await expect(participant.getByTestId('board-title')).toHaveText('Checkout backlog');
  await expect(participant.getByTestId('connection-status')).toHaveText(/live/i);
  await context.close();
});
