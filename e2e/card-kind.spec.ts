import { test, expect, createBoardViaApi, openAll } from './fixtures';
import { card, keyOf, seedItems, waitLive } from './board-helpers';

test.describe.configure({ timeout: 120_000 });

// The card's kind is a button until it is used (a select on every card was a third of a row's
// style time while scrolling); mouse and keyboard users must still change it, and others see it.
test("a card's kind changed with the mouse and with the keyboard", async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Kinds');
  await seedItems(baseURL!, board.id, keyOf(board.links.facilitator), ['Search', 'Export']);
  const [a, b] = await openAll(browser, [
    [board.links.facilitator, 'Ada'],
    [board.links.participant, 'Bob'],
  ]);
  await waitLive(a.page);
  await waitLive(b.page);

  const searchKind = card(a.page, 'Search').getByRole('button', { name: 'Kind: Story' });
  await expect(searchKind).toHaveAttribute('aria-haspopup', 'listbox');
  // Idle cards hold no select at all.
  await expect(a.page.locator('[data-testid="backlog"] select')).toHaveCount(0);

  // Mouse: the button gives way to the select, focused.
  await searchKind.click();
  const select = card(a.page, 'Search').getByRole('combobox', { name: 'Kind' });
  await expect(select).toBeFocused();
  await select.selectOption('bug');
  await expect(card(b.page, 'Search').getByRole('button', { name: 'Kind: Bug' })).toBeVisible();
  // Leaving it brings the button back, with the new kind.
  await card(a.page, 'Export').getByTestId('card-position').click();
  await expect(card(a.page, 'Search').getByRole('button', { name: 'Kind: Bug' })).toBeVisible();
  await expect(a.page.locator('[data-testid="backlog"] select')).toHaveCount(0);

  // Keyboard: Enter on the button, arrow keys in the select, Tab away.
  const exportKind = card(a.page, 'Export').getByRole('button', { name: 'Kind: Story' });
  await exportKind.focus();
  await a.page.keyboard.press('Enter');
  const exportSelect = card(a.page, 'Export').getByRole('combobox', { name: 'Kind' });
  await expect(exportSelect).toBeFocused();
  await a.page.keyboard.press('ArrowDown');
  await a.page.keyboard.press('Enter');
  await expect(exportSelect).toHaveValue('task');
  await a.page.keyboard.press('Tab');
  await expect(card(b.page, 'Export').getByRole('button', { name: 'Kind: Task' })).toBeVisible();
  await expect(card(a.page, 'Export').getByRole('button', { name: 'Kind: Task' })).toBeVisible();

  // Escape gives the button back, focused, the kind unchanged.
  const taskKind = card(a.page, 'Export').getByRole('button', { name: 'Kind: Task' });
  await taskKind.focus();
  await a.page.keyboard.press('Space');
  await expect(exportSelect).toBeFocused();
  await a.page.keyboard.press('Escape');
  await a.page.keyboard.press('Escape');
  await expect(taskKind).toBeFocused();
  await a.context.close();
  await b.context.close();
});
