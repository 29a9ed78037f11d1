/**
 * The guided meeting end to end: a facilitator, two participants and a projector step through
 * the whole agenda; a participant browses away and jumps back; a late joiner lands on the
 * current stage; the summary at the end lists what happened on the board, and the Markdown
 * download has it. Board changes other than the item added in the UI are made through the
 * board's own mutations on a Node Yjs client, so the summary is computed from real changes.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { createItem, parkItem, restoreItem, setEstimate, trimItems } from '../lib/board/mutations';
import { defaultAgenda } from '../lib/meeting/agenda';
import { splitItem } from '../lib/refinement/split';
import { connectDoc } from '../test/helpers/yjs-client';
import { addItem, keyOf, waitLive } from './board-helpers';
import { createBoardViaApi, expect, openAs, test } from './fixtures';

const bar = (page: Page) => page.getByTestId('meeting-bar');

async function expectStage(page: Page, stageId: string) {
  await expect(bar(page)).toHaveAttribute('data-current-stage', stageId);
}

test('a facilitator runs the meeting; everyone follows; the summary records the changes', async ({ browser, baseURL }) => {
  test.setTimeout(480_000);
  const board = await createBoardViaApi(baseURL!, 'Meeting board');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  createItem(seed.doc, { id: 'epic', title: 'Checkout', kind: 'epic', position: { at: 'bottom' } });
  createItem(seed.doc, { id: 'cart', title: 'Cart', kind: 'story', position: { at: 'bottom' } });
  createItem(seed.doc, { id: 'old', title: 'Old banner', kind: 'story', position: { at: 'bottom' } });
  setEstimate(seed.doc, 'cart', { value: 3, label: null });
  parkItem(seed.doc, 'old', 'replaced');

  const fay = await openAs(browser, board.links.facilitator, 'Fay');
  const ann = await openAs(browser, board.links.participant, 'Ann');
  const bob = await openAs(browser, board.links.participant, 'Bob', { viewport: { width: 390, height: 844 } });
  const projector = await openAs(browser, board.links.spectator, 'Projector', { viewport: { width: 1600, height: 900 } });
  const contexts = [fay, ann, bob, projector];
  try {
    await waitLive(fay.page);
    await expect(bar(fay.page)).toHaveAttribute('data-meeting', 'none');
    // Participants cannot start: they have no control for it.
    await expect(ann.page.getByTestId('meeting-start')).toHaveCount(0);
    await fay.page.getByTestId('meeting-start').click();
    for (const { page } of contexts) await expectStage(page, 'vision');
    await expect(projector.page.getByTestId('meeting-timer')).toBeVisible();
    await expect(ann.page.getByTestId('meeting-follow')).toHaveAttribute('data-state', 'following');

    const stages = defaultAgenda();
    for (let i = 0; i < stages.length; i++) {
      const stage = stages[i];
      for (const { page } of contexts) await expectStage(page, stage.id);
      await expect(projector.page.getByTestId('meeting-stage-title')).toHaveText(stage.title);
      await expect(bob.page.getByTestId('meeting-stage-title')).toHaveText(stage.title);

      if (stage.id === 'tail') {
        await expect(fay.page.getByTestId('meeting-stage-items')).toContainText('Old banner');
        trimItems(seed.doc, ['old']);
        // The room parks the cart, then changes its mind: the net comparison alone would miss it.
        parkItem(seed.doc, 'cart', 'maybe later');
        restoreItem(seed.doc, 'cart');
      }
      if (stage.id === 'new-items') {
        await addItem(fay.page, 'Wishlist');
        await expect(ann.page.getByTestId('meeting-stage-items')).toContainText('Wishlist');
      }
      if (stage.id === 'split') {
        await expect(fay.page.getByTestId('meeting-stage-items')).toContainText('Checkout');
        splitItem(seed.doc, 'epic', ['Pay by card', 'Pay by invoice']);
        // A participant browses away to the vision, and stays there while the meeting moves on.
        await ann.page.getByTestId('meeting-stage-vision').click();
        await expect(bar(ann.page)).toHaveAttribute('data-viewed-stage', 'vision');
        await expect(ann.page.getByTestId('meeting-follow')).toHaveAttribute('data-state', 'browsing');
      }
      if (stage.id === 'dependencies') {
        await expect(bar(ann.page)).toHaveAttribute('data-viewed-stage', 'vision');
        await expect(ann.page.getByTestId('meeting-stage-title')).toHaveText('Vision');
        await ann.page.getByTestId('meeting-jump-back').click();
        await expect(bar(ann.page)).toHaveAttribute('data-viewed-stage', 'dependencies');
        await expect(ann.page.getByTestId('meeting-follow')).toHaveAttribute('data-state', 'following');

        // A late joiner lands on the current stage, with its timer running.
        const carl = await openAs(browser, board.links.participant, 'Carl');
        contexts.push(carl);
        // A cold page on a loaded machine can take a while; what matters is where it lands.
        await expect(bar(carl.page)).toHaveAttribute('data-current-stage', 'dependencies', { timeout: 60_000 });
        await expect(carl.page.getByTestId('meeting-stage-title')).toHaveText('Dependencies');
        await expect(carl.page.getByTestId('meeting-timer')).toContainText(/left|over/);
      }
      if (stage.id === 'ready-check') {
        setEstimate(seed.doc, 'cart', { value: 5, label: null });
        // Bob's phone loses its network just as the meeting ends: the one-off "ended" event
        // never reaches it, and it must still show the summary once it is back.
        await bob.context.setOffline(true);
        await expect(bob.page.getByTestId('connection-status')).toHaveText('offline');
        await fay.page.getByTestId('meeting-finish').click();
        await fay.page.getByTestId('meeting-end-confirm').click();
        await expect(fay.page.getByTestId('meeting-summary')).toBeVisible();
        await bob.context.setOffline(false);
      } else {
        await fay.page.getByTestId('meeting-next').click();
      }
    }

    // Everyone sees the summary.
    for (const { page } of [fay, ann, projector, bob]) {
      const summary = page.getByTestId('meeting-summary');
      // Bob's phone reconnects first (socket.io backs off for up to a few seconds).
      await expect(summary).toBeVisible({ timeout: page === bob.page ? 30_000 : undefined });
      await expect(summary.getByTestId('summary-parked-then-restored')).toContainText('Cart');
      await expect(summary.getByTestId('summary-created')).toContainText('Wishlist');
      await expect(summary.getByTestId('summary-splits')).toContainText('Checkout');
      await expect(summary.getByTestId('summary-splits')).toContainText('Pay by card');
      await expect(summary.getByTestId('summary-trimmed')).toContainText('Old banner');
      await expect(summary.getByTestId('summary-estimates')).toContainText('Cart: 3 → 5');
      await expect(summary.getByTestId('summary-attendees')).toContainText('Carl');
    }
    await expect(bar(ann.page)).toHaveAttribute('data-meeting', 'none');

    const download = fay.page.waitForEvent('download');
    await fay.page.getByTestId('summary-download-md').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^refinement-meeting-board-\d{4}-\d{2}-\d{2}\.md$/);
    const markdown = fs.readFileSync((await file.path())!, 'utf8');
    expect(markdown).toContain('# Refinement meeting: Meeting board');
    expect(markdown).toContain('**Wishlist**');
    expect(markdown).toContain('**Checkout** → Pay by card; Pay by invoice');
    expect(markdown).toContain('## Trimmed (1)');
    expect(markdown).toContain('**Old banner**');
    expect(markdown).toContain('**Cart**: 3 → 5');
    expect(markdown).toContain('## Parked, then restored during the meeting (1)');
    expect(markdown).toContain('| Ready check |');

    const json = fay.page.waitForEvent('download');
    await fay.page.getByTestId('summary-download-json').click();
    const parsed = JSON.parse(fs.readFileSync((await (await json).path())!, 'utf8'));
    expect(parsed.format).toBe('refinery.meeting-summary');
    expect(parsed.trimmed[0].title).toBe('Old banner');
    expect(parsed.parkedThenRestored).toEqual([{ id: 'cart', title: 'Cart' }]);

    // The meeting is listed with the board's past meetings.
    await fay.page.keyboard.press('Escape');
    await fay.page.getByTestId('meeting-past').click();
    await expect(fay.page.getByTestId('past-meeting')).toHaveCount(1);
    await fay.page.getByTestId('past-meeting').click();
    await expect(fay.page.getByTestId('summary-created')).toContainText('Wishlist');
  } finally {
    seed.destroy();
    for (const { context } of contexts) await context.close();
  }
});
