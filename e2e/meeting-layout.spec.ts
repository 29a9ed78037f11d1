/**
 * The meeting leaves room for the work (issue 12): on a 1280×800 laptop the backlog list keeps at
 * least 60 % of the viewport at every stage, with the stage's screen closed and opened (it opens
 * over the board, never pushing the list away); on 360 and 390 px phones nothing is wider than
 * the screen (the board, the stage strip opened, the panels drawer, the summary), keyboard hints
 * are not shown on a touch screen, and a trim vote asks for the phone's answer wherever it is.
 * Screenshots land in test-results/ (meeting-layout-*.png).
 */
import type { Page } from '@playwright/test';
import { createItem, parkItem } from '../lib/board/mutations';
import { defaultAgenda } from '../lib/meeting/agenda';
import { connectDoc } from '../test/helpers/yjs-client';
import { card, keyOf, waitLive } from './board-helpers';
import { createBoardViaApi, expect, openAll, test } from './fixtures';

const bar = (page: Page) => page.getByTestId('meeting-bar');

/** The backlog list's height as a share of the viewport. */
async function listShare(page: Page): Promise<number> {
  return page.getByTestId('board-scroll').evaluate((el) => el.getBoundingClientRect().height / window.innerHeight);
}

async function fitsTheScreen(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

async function expectFits(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await fitsTheScreen(page);
  expect(scrollWidth, `${what}: ${scrollWidth}px wide on a ${innerWidth}px screen`).toBeLessThanOrEqual(innerWidth);
}

async function seedBoard(baseURL: string, title: string) {
  const board = await createBoardViaApi(baseURL, title);
  const seed = connectDoc(baseURL, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  seed.doc.transact(() => {
    for (let i = 1; i <= 24; i++)
      createItem(seed.doc, {
        id: `i${i}`,
        title: `Backlog item number ${i} with a longer title`,
        kind: 'story',
        position: { at: 'bottom' },
      });
    createItem(seed.doc, { id: 'old', title: 'Old banner', kind: 'story', position: { at: 'bottom' } });
  });
  parkItem(seed.doc, 'old', 'replaced by the new header');
  return { board, seed };
}

test('on a 1280×800 laptop the backlog keeps 60 % of the screen at every stage', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(240_000);
  const { board, seed } = await seedBoard(baseURL!, 'Layout board');
  const [fay, ann] = await openAll(browser, [
    [board.links.facilitator, 'Fay', { viewport: { width: 1280, height: 800 } }],
    [board.links.participant, 'Ann', { viewport: { width: 1280, height: 800 } }],
  ]);
  try {
    await waitLive(fay.page);
    await fay.page.getByTestId('meeting-start').click();
    const shares: string[] = [];
    const stages = defaultAgenda();
    for (let i = 0; i < stages.length; i++) {
      const stage = stages[i];
      for (const page of [fay.page, ann.page]) await expect(bar(page)).toHaveAttribute('data-current-stage', stage.id);
      for (const [who, page] of [
        ['Fay', fay.page],
        ['Ann', ann.page],
      ] as const) {
        const closed = await listShare(page);
        expect(closed, `${who}, stage ${stage.id}, stage closed`).toBeGreaterThanOrEqual(0.6);
        // The stage's screen opens on demand, over the board: the list keeps its height.
        await page.getByTestId('meeting-toggle-details').click();
        await expect(page.getByTestId('meeting-stage-sheet')).toBeVisible();
        await expect(page.getByTestId('meeting-stage-sheet').getByTestId('meeting-stage-title')).toHaveText(stage.title);
        const open = await listShare(page);
        expect(open, `${who}, stage ${stage.id}, stage open`).toBeGreaterThanOrEqual(0.6);
        if (who === 'Fay') {
          shares.push(`${stage.id}: ${(closed * 100).toFixed(1)} % (stage open ${(open * 100).toFixed(1)} %)`);
          if (i === 0 || stage.id === 'tail') {
            await page.screenshot({ path: testInfo.outputPath(`meeting-layout-1280-${stage.id}-open.png`) });
          }
        }
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('meeting-stage-sheet')).toBeHidden();
        if (who === 'Fay' && i === 0) await page.screenshot({ path: testInfo.outputPath(`meeting-layout-1280-${stage.id}.png`) });
      }
      if (i < stages.length - 1) await fay.page.getByTestId('meeting-next').click();
    }
    testInfo.annotations.push({ type: 'backlog share at 1280×800', description: shares.join('; ') });
    process.stdout.write(`backlog share at 1280×800 — ${shares.join('; ')}\n`);
  } finally {
    seed.destroy();
    await fay.context.close();
    await ann.context.close();
  }
});

for (const width of [360, 390]) {
  test(`a ${width} px phone: nothing wider than the screen, no keyboard hints, the trim vote asks for an answer`, async ({
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(180_000);
    const { board, seed } = await seedBoard(baseURL!, `Phone ${width}`);
    const [fay, bea] = await openAll(browser, [
      [board.links.facilitator, 'Fay', { viewport: { width: 1280, height: 800 } }],
      [board.links.participant, 'Bea (QA, Team Falcon)', { viewport: { width, height: 844 }, hasTouch: true, isMobile: true }],
    ]);
    const { page } = bea;
    try {
      await waitLive(fay.page);
      await waitLive(page);
      // A touch screen: no "(N)" or "(/)".
      await expect(page.getByLabel('New item title')).toHaveAttribute('placeholder', 'Add an item…');
      await expect(page.locator('#board-search')).toHaveAttribute('placeholder', 'Search…');
      await expectFits(page, 'board');

      // The dialogs a participant opens on a phone: item details and the park dialog.
      const first = card(page, 'Backlog item number 1 with a longer title');
      await first.getByTestId('open-details').click();
      await expect(page.getByTestId('item-details')).toBeVisible();
      await expectFits(page, 'item details');
      await page.getByTestId('details-close').click();
      await first.getByRole('button', { name: /^Actions for/ }).click();
      await page.getByRole('menuitem', { name: 'Park in tail…' }).click();
      await expect(page.getByLabel('Reason')).toBeVisible();
      await expectFits(page, 'park dialog');
      await page.keyboard.press('Escape');
      await expect(page.getByLabel('Reason')).toHaveCount(0);

      await fay.page.getByTestId('meeting-start').click();
      await expect(bar(page)).toHaveAttribute('data-current-stage', 'vision');
      // A thin strip: the backlog still has most of the phone.
      expect(await listShare(page)).toBeGreaterThanOrEqual(0.5);
      await expectFits(page, 'board during a meeting');
      await page.getByTestId('meeting-toggle-details').click();
      await expect(page.getByTestId('meeting-stage-sheet')).toBeVisible();
      await expectFits(page, 'stage strip opened');
      await page.screenshot({ path: testInfo.outputPath(`meeting-layout-${width}-stage-open.png`) });
      await page.getByTestId('meeting-toggle-details').click();
      await page.screenshot({ path: testInfo.outputPath(`meeting-layout-${width}-board.png`) });

      // The trim vote: Fay proposes from her panel; the phone sees the request over the board.
      await fay.page.getByTestId('tail-select').check();
      await fay.page.getByTestId('trim-propose').click();
      await expect(page.getByTestId('trim-request')).toBeVisible();
      await expectFits(page, 'trim request');
      await page.screenshot({ path: testInfo.outputPath(`meeting-layout-${width}-trim-request.png`) });
      await page.getByTestId('trim-request-answer').click();
      const confirm = page.locator('aside').getByTestId('trim-confirm');
      await expect(confirm).toBeInViewport();
      await expectFits(page, 'panels drawer');
      await confirm.click();
      await expect(page.getByTestId('trim-request')).toHaveCount(0);
      await page.getByRole('button', { name: 'Close panels' }).click();

      // The summary at the end of the meeting.
      await fay.page.getByTestId('meeting-end').click();
      await fay.page.getByTestId('meeting-end-confirm').click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectFits(page, 'summary');
      await page.screenshot({ path: testInfo.outputPath(`meeting-layout-${width}-summary.png`) });
    } finally {
      seed.destroy();
      await fay.context.close();
      await bea.context.close();
    }
  });
}

test('ending the meeting closes the poker round after asking, and the phone is not left behind a poker sheet', async ({
  browser,
  baseURL,
}) => {
  const { board, seed } = await seedBoard(baseURL!, 'Poker at the end');
  const [fay, bea] = await openAll(browser, [
    [board.links.facilitator, 'Fay', { viewport: { width: 1280, height: 800 } }],
    [board.links.participant, 'Bea', { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }],
  ]);
  try {
    await waitLive(fay.page);
    await waitLive(bea.page);
    await fay.page.getByTestId('meeting-start').click();
    await expect(bar(bea.page)).toHaveAttribute('data-meeting', 'running');
    await fay.page.getByTestId('poker-start-item').first().click();
    await expect(bea.page.getByTestId('poker-sheet')).toBeVisible();
    await bea.page.getByTestId('poker-card-5').click();
    await expect(bea.page.getByTestId('poker-card-5')).toHaveAttribute('aria-pressed', 'true');

    await fay.page.getByTestId('meeting-end').click();
    await fay.page.getByTestId('meeting-end-confirm').click();
    // A vote nobody accepted: the facilitator is asked first, and the meeting goes on meanwhile.
    await expect(fay.page.getByTestId('meeting-end-question')).toContainText('votes nobody accepted');
    await expect(bar(bea.page)).toHaveAttribute('data-meeting', 'running');
    await fay.page.getByTestId('meeting-end-confirm').click();
    await expect(bea.page.getByTestId('meeting-summary')).toBeVisible();
    await expect(bea.page.getByTestId('poker-sheet')).toHaveCount(0);
    await expect(fay.page.getByTestId('poker-item-title')).toHaveCount(0);
  } finally {
    seed.destroy();
    await fay.context.close();
    await bea.context.close();
  }
});

// Between 768 and 1279 px the agenda's stages are not in the band (it would wrap to a second line
// and move the backlog): browsing on one's own opens the sheet that has them.
test('on a 1024 px tablet the band is one line and browsing on your own opens the stages', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!);
  const [fay, ann] = await openAll(browser, [
    [board.links.facilitator, 'Fay', { viewport: { width: 1280, height: 800 } }],
    [board.links.participant, 'Ann', { viewport: { width: 1024, height: 768 } }],
  ]);
  try {
    await waitLive(fay.page);
    await fay.page.getByTestId('meeting-start').click();
    const band = bar(ann.page);
    await expect(band).toHaveAttribute('data-meeting', 'running');
    expect((await band.boundingBox())!.height).toBeLessThan(60);
    await expect(ann.page.getByTestId('meeting-stepper')).toBeHidden();
    await ann.page.getByTestId('meeting-browse').click();
    await expect(ann.page.getByTestId('meeting-stage-sheet')).toBeVisible();
    const stepper = ann.page.getByTestId('meeting-stepper');
    await expect(stepper).toBeVisible();
    // A stage picked there is the one shown, while the meeting stays where the facilitator is.
    const stages = stepper.locator('li button');
    await stages.nth(2).click();
    await expect(band).not.toHaveAttribute('data-viewed-stage', (await band.getAttribute('data-current-stage'))!);
  } finally {
    await fay.context.close();
    await ann.context.close();
  }
});
