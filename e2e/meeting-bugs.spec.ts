/**
 * Regression tests for the bugs seen in the full meeting run of issue 12 that only show on
 * screen: the item drawer's textareas on reopening, the vision banner over planning poker, the
 * card's estimate menu against the board's deck, the app icon and manifest, and where the add
 * form puts a new item. (Initials and "updated … ago" are rules in lib/, tested there.)
 */
import { addDependency } from '../lib/board/item-entries';
import { createItem, parkItem, setEstimate } from '../lib/board/mutations';
import { setPrioritizationMethod } from '../lib/board/settings';
import { readItemDetails, setItemText, setWsjfInputs } from '../lib/board/item-details';
import { getItemMap } from '../lib/board/schema';
import { defaultAgenda } from '../lib/meeting/agenda';
import { connectDoc } from '../test/helpers/yjs-client';
import { addItem, backlogTitles, card, keyOf, waitLive } from './board-helpers';
import { createBoardViaApi, expect, openAs, test } from './fixtures';

const laptop = { viewport: { width: 1280, height: 800 } };

test('reopening the item drawer shows its textareas at full height with their text', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Drawer');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  createItem(seed.doc, { id: 'cart', title: 'Cart', kind: 'story', position: { at: 'bottom' } });
  const fay = await openAs(browser, board.links.facilitator, 'Fay', laptop);
  try {
    await waitLive(fay.page);
    const open = async () => {
      await card(fay.page, 'Cart').getByTestId('open-details').click();
      await expect(fay.page.getByTestId('item-details')).toBeVisible();
    };
    await open();
    await expect(fay.page.getByTestId('text-hypothesisBelieve')).toBeVisible();
    setItemText(seed.doc, 'cart', 'hypothesisBelieve', 'We believe a saved cart brings buyers back');
    await expect(fay.page.getByTestId('text-hypothesisBelieve')).toHaveValue(/saved cart/);
    await fay.page.getByTestId('details-close').click();
    await expect(fay.page.getByTestId('item-details')).toHaveCount(0);

    await open();
    for (const field of ['hypothesisBelieve', 'hypothesisResult', 'hypothesisKnowWhen', 'acceptanceCriteria', 'notes']) {
      const box = await fay.page.getByTestId(`text-${field}`).boundingBox();
      expect(box?.height ?? 0, `${field} is ${box?.height}px tall`).toBeGreaterThan(30);
    }
    await expect(fay.page.getByTestId('text-hypothesisBelieve')).toHaveValue(/saved cart/);
  } finally {
    seed.destroy();
    await fay.context.close();
  }
});

test('"Show vision" puts the vision beside the panels, never over planning poker', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Vision');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  createItem(seed.doc, { id: 'a', title: 'First', kind: 'story', position: { at: 'bottom' } });
  const fay = await openAs(browser, board.links.facilitator, 'Fay', laptop);
  const ann = await openAs(browser, board.links.participant, 'Ann', laptop);
  try {
    await waitLive(fay.page);
    await fay.page.getByTestId('vision-toggle').click();
    for (const page of [fay.page, ann.page]) {
      const banner = page.getByTestId('vision-banner');
      await expect(banner).toBeVisible();
      // Not inside the panels column: the column's top stays uncovered.
      expect(await banner.evaluate((el) => !!el.closest('aside'))).toBe(false);
      const aside = await page.getByRole('complementary', { name: 'Meeting panels' }).boundingBox();
      const box = await banner.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(aside!.x + 1);
    }
    // The click on "Start queue" reaches the button, not the vision's textarea.
    const start = fay.page.getByTestId('poker-start-queue');
    const hit = await start.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return !!top && el.contains(top);
    });
    expect(hit).toBe(true);
    await start.click();
    await expect(fay.page.getByTestId('vision-text')).not.toBeFocused();
  } finally {
    seed.destroy();
    await fay.context.close();
    await ann.context.close();
  }
});

test("the card's estimate menu offers the board's poker deck", async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Deck');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  createItem(seed.doc, { id: 'a', title: 'Search', kind: 'story', position: { at: 'bottom' } });
  const fay = await openAs(browser, board.links.facilitator, 'Fay', laptop);
  try {
    await waitLive(fay.page);
    const search = card(fay.page, 'Search');
    await search.getByTestId('card-expand').click();
    const select = search.getByTestId('card-estimate-select');
    await expect(select).toBeVisible();
    const options = await select.locator('option').allTextContents();
    // The default deck is Fibonacci: 21 and 34, never the modified deck's 0.5, 20, 40, 100.
    expect(options).toEqual(expect.arrayContaining(['21', '34', '?']));
    for (const other of ['0.5', '20', '40', '100']) expect(options).not.toContain(other);
    await select.selectOption('21');
    await expect(search.getByTestId('card-estimate')).toContainText('21');
  } finally {
    seed.destroy();
    await fay.context.close();
  }
});

test('the app has an icon and a web manifest the CSP allows', async ({ browser, baseURL }) => {
  const favicon = await fetch(`${baseURL}/favicon.ico`);
  expect(favicon.status).toBe(200);
  expect(favicon.headers.get('content-type')).toMatch(/icon/);
  const manifest = await fetch(`${baseURL}/manifest.webmanifest`);
  expect(manifest.status).toBe(200);
  const body = (await manifest.json()) as { name: string; icons: Array<{ src: string }> };
  expect(body.name).toBe('Refinery');
  for (const icon of body.icons) expect((await fetch(`${baseURL}${icon.src}`)).status).toBe(200);

  const problems: string[] = [];
  // Listening from the first load on (not a second load after the listener).
  const { context, page } = await openAs(browser, baseURL!, 'Fay', laptop, async (_context, blank) => {
    blank.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
  });
  try {
    await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute('href', /icon|favicon/);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
    await page.waitForLoadState('networkidle');
    expect(problems.filter((p) => /Content Security Policy|manifest|icon/i.test(p))).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the add form puts a new item at the bottom by default and remembers the choice', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Add');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  createItem(seed.doc, { id: 'a', title: 'Ready one', kind: 'story', position: { at: 'bottom' } });
  createItem(seed.doc, { id: 'b', title: 'Ready two', kind: 'story', position: { at: 'bottom' } });
  const fay = await openAs(browser, board.links.facilitator, 'Fay', laptop);
  try {
    await waitLive(fay.page);
    await expect(fay.page.locator('#new-item-where')).toHaveValue('bottom');
    await addItem(fay.page, 'New idea');
    await expect.poll(() => backlogTitles(fay.page)).toEqual(['Ready one', 'Ready two', 'New idea']);
    await fay.page.locator('#new-item-where').selectOption('top');
    await fay.page.reload();
    await waitLive(fay.page);
    await expect(fay.page.locator('#new-item-where')).toHaveValue('top');
    await addItem(fay.page, 'Urgent bug');
    await expect.poll(() => backlogTitles(fay.page)).toEqual(['Urgent bug', 'Ready one', 'Ready two', 'New idea']);
  } finally {
    seed.destroy();
    await fay.context.close();
  }
});

test("the room's focus moves only when the facilitator selects a card, not when they add or edit one", async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Focus');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  createItem(seed.doc, { id: 'a', title: 'Shown card', kind: 'story', position: { at: 'bottom' } });
  createItem(seed.doc, { id: 'b', title: 'Other card', kind: 'story', position: { at: 'bottom' } });
  const fay = await openAs(browser, board.links.facilitator, 'Fay', laptop);
  const ann = await openAs(browser, board.links.participant, 'Ann', laptop);
  const roomFocus = () => ann.page.evaluate(() => window.__refinery?.connection.getSnapshot().focus.itemId ?? null);
  try {
    await waitLive(fay.page);
    await waitLive(ann.page);
    await card(fay.page, 'Shown card').getByTestId('card-position').click();
    await expect.poll(roomFocus).toBe('a');

    await addItem(fay.page, 'Fresh idea');
    await card(fay.page, 'Other card').getByTestId('card-title').click();
    await fay.page.keyboard.type(' edited');
    await fay.page.keyboard.press('Enter');
    await expect(card(ann.page, 'Other card edited')).toHaveCount(1);
    await fay.page.waitForTimeout(600); // longer than the focus debounce (120 ms)
    expect(await roomFocus()).toBe('a');

    await card(fay.page, 'Other card edited').getByTestId('card-position').click();
    await expect.poll(roomFocus).toBe('b');
  } finally {
    seed.destroy();
    await fay.context.close();
    await ann.context.close();
  }
});

test('the WSJF sort preview warns when a card would land above what it depends on', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'WSJF dependencies');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  createItem(seed.doc, { id: 'api', title: 'Payments API', kind: 'story', position: { at: 'bottom' } });
  createItem(seed.doc, { id: 'ui', title: 'Checkout page', kind: 'story', position: { at: 'bottom' } });
  setWsjfInputs(seed.doc, 'api', { businessValue: 1, timeCriticality: 1, riskReduction: 1 });
  setWsjfInputs(seed.doc, 'ui', { businessValue: 8, timeCriticality: 8, riskReduction: 4 });
  setEstimate(seed.doc, 'api', { value: 3, label: null });
  setEstimate(seed.doc, 'ui', { value: 2, label: null });
  addDependency(seed.doc, 'ui', { kind: 'item', itemId: 'api' });
  setPrioritizationMethod(seed.doc, 'wsjf');
  const fay = await openAs(browser, board.links.facilitator, 'Fay', laptop);
  try {
    await waitLive(fay.page);
    await fay.page.getByTestId('sort-by-score').click();
    await expect(fay.page.getByTestId('sort-move').first()).toContainText('Checkout page');
    const warning = fay.page.getByTestId('sort-dependency-warning');
    await expect(warning).toBeVisible();
    await expect(warning).toContainText('“Checkout page” above “Payments API”');
  } finally {
    seed.destroy();
    await fay.context.close();
  }
});

test('an objection to one item of a trim vote keeps that item; the other is trimmed', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Trim per item');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  createItem(seed.doc, { id: 'banner', title: 'Old banner', kind: 'story', position: { at: 'bottom' } });
  createItem(seed.doc, { id: 'report', title: 'Old report', kind: 'story', position: { at: 'bottom' } });
  parkItem(seed.doc, 'banner', 'replaced');
  parkItem(seed.doc, 'report', 'unused');
  const fay = await openAs(browser, board.links.facilitator, 'Fay', laptop);
  const ann = await openAs(browser, board.links.participant, 'Ann', laptop);
  try {
    await waitLive(fay.page);
    await waitLive(ann.page);
    await expect(fay.page.getByTestId('presence').getByText('Ann, participant')).toHaveCount(1);
    await fay.page.getByTestId('tail-select').first().check();
    await fay.page.getByTestId('tail-select').last().check();
    await fay.page.getByTestId('trim-propose').click();
    await fay.page.getByTestId('trim-confirm').click();
    await ann.page.getByRole('checkbox', { name: 'Object to trimming Old report' }).check();
    await ann.page.getByTestId('trim-reason').fill('Finance still reads it');
    await expect(ann.page.getByTestId('trim-object')).toHaveText('Object to 1 of 2');
    await ann.page.getByTestId('trim-object').click();
    for (const page of [fay.page, ann.page]) {
      const outcome = page.getByTestId('trim-outcome');
      await expect(outcome).toHaveAttribute('data-result', 'trimmed');
      await expect(outcome).toContainText('Kept for discussion: Old report (Ann objected: “Finance still reads it”)');
    }
    await expect(fay.page.getByTestId('tail-item')).toHaveCount(1);
    await expect(fay.page.getByTestId('tail-item')).toContainText('Old report');
  } finally {
    seed.destroy();
    await fay.context.close();
    await ann.context.close();
  }
});

test('WSJF inputs for many items in one keyboard grid', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'WSJF grid');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  createItem(seed.doc, { id: 'a', title: 'Alpha', kind: 'story', position: { at: 'bottom' } });
  createItem(seed.doc, { id: 'b', title: 'Beta', kind: 'story', position: { at: 'bottom' } });
  setEstimate(seed.doc, 'a', { value: 2, label: null });
  setEstimate(seed.doc, 'b', { value: 3, label: null });
  setPrioritizationMethod(seed.doc, 'wsjf');
  const fay = await openAs(browser, board.links.facilitator, 'Fay', laptop);
  try {
    await waitLive(fay.page);
    await fay.page.getByTestId('wsjf-grid-open').click();
    const grid = fay.page.getByTestId('wsjf-grid');
    const cell = (title: string, label: string) => grid.getByLabel(`${label} of ${title}`);
    await cell('Alpha', 'Business value').fill('8');
    await fay.page.keyboard.press('Enter');
    await expect(cell('Beta', 'Business value')).toBeFocused();
    await fay.page.keyboard.type('3');
    await fay.page.keyboard.press('ArrowUp');
    await expect(cell('Alpha', 'Business value')).toBeFocused();
    await fay.page.keyboard.press('Tab');
    await fay.page.keyboard.type('4');
    await fay.page.keyboard.press('Tab');
    await fay.page.keyboard.type('0');
    await fay.page.keyboard.press('Tab');
    // (8 + 4 + 0) ÷ the estimate 2
    await expect(grid.locator('[data-item-id="a"]').getByTestId('wsjf-row-score')).toHaveText('6');
    await expect.poll(() => readItemDetails(getItemMap(seed.doc, 'b')!).wsjf.businessValue).toBe(3);
    await grid.getByRole('button', { name: 'Done' }).click();
    await expect(card(fay.page, 'Alpha').getByTestId('score-badge')).toContainText('6');

    // In a meeting the grid is where the re-sort happens: on the stage's own sheet.
    await fay.page.getByTestId('meeting-start').click();
    const bar = fay.page.getByTestId('meeting-bar');
    // One "next" at a time, each waiting for the stage it leads to: reading the stage right after
    // a click could still see the old one and click again, skipping past the re-sort stage.
    for (const stage of defaultAgenda()) {
      await expect(bar).toHaveAttribute('data-current-stage', stage.id);
      if (stage.id === 'resort') break;
      await fay.page.getByTestId('meeting-next').click();
    }
    await fay.page.getByTestId('meeting-toggle-details').click();
    const sheet = fay.page.getByTestId('meeting-stage-sheet');
    await sheet.getByTestId('meeting-wsjf-grid').click();
    await expect(cell('Beta', 'Time criticality')).toBeVisible();
    await cell('Beta', 'Time criticality').fill('6');
    await fay.page.keyboard.press('Tab');
    await expect.poll(() => readItemDetails(getItemMap(seed.doc, 'b')!).wsjf.timeCriticality).toBe(6);
  } finally {
    seed.destroy();
    await fay.context.close();
  }
});
