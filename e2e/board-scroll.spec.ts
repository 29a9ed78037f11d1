import { test, expect, createBoardViaApi, openAs } from './fixtures';
import { keyOf, seedItems, waitLive } from './board-helpers';

test.describe.configure({ timeout: 120_000 });

const ITEMS = 400;

/**
 * Scrolls the board 600 px a frame (a fling, as bench:board does) for `frames` frames or until
 * the end, and says whether any light row (a card mounted while flung) was on screen meanwhile.
 */
function fling(page: import('@playwright/test').Page, direction: 1 | -1, frames: number): Promise<boolean> {
  return page.evaluate(
    ([direction, frames]) =>
      new Promise<boolean>((resolve) => {
        const scroller = document.querySelector<HTMLElement>('[data-testid="board-scroll"]')!;
        let sawLight = false;
        let left = frames;
        const step = () => {
          sawLight ||= document.querySelector('[data-testid="backlog"] [data-light]') !== null;
          scroller.scrollTop += 600 * direction;
          const atEnd =
            direction === 1 ? scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2 : scroller.scrollTop === 0;
          if (--left <= 0 || atEnd) resolve(sawLight);
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    [direction, frames] as const,
  );
}

/** A board of ITEMS cards, open and live for its facilitator on a 1366 × 900 screen. */
async function openLongBacklog(browser: import('@playwright/test').Browser, baseURL: string, title: string) {
  const board = await createBoardViaApi(baseURL, title);
  const titles = Array.from({ length: ITEMS }, (_, i) => `Item ${i + 1}`);
  await seedItems(baseURL, board.id, keyOf(board.links.facilitator), titles);
  const { page, context } = await openAs(browser, board.links.facilitator, 'Ada', { viewport: { width: 1366, height: 900 } });
  await waitLive(page);
  const backlog = page.getByTestId('backlog');
  await expect(backlog.getByTestId('card').first()).toContainText('Item 1');
  return { page, context, backlog };
}

// Rows that mount during a fast scroll are light stand-ins (DECISIONS, issue 15, fifth stop); once
// the scroll stops, every card on screen is whole again, with its controls, and none is left light.
test('after a fast scroll stops, the cards on screen are whole, none left light', async ({ browser, baseURL }) => {
  const { page, context, backlog } = await openLongBacklog(browser, baseURL!, 'Long backlog');

  for (const [direction, frames] of [
    [1, 25],
    [1, 1000],
    [-1, 30],
  ] as const) {
    const sawLight = await fling(page, direction, frames);
    // Whether light rows showed depends on the frame rate (a loaded machine may scroll too
    // slowly to count as fast), so it is noted, not asserted.
    test.info().annotations.push({ type: 'light rows seen while flung', description: String(sawLight) });

    await expect(backlog.locator('[data-light]')).toHaveCount(0);
    const cards = backlog.getByTestId('card');
    const count = await cards.count();
    expect(count).toBeGreaterThan(5);
    // Every card's four checks at once, not ~100 round trips to the page one after another.
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const row = cards.nth(i);
        const title = (await row.getByTestId('card-title').textContent())!;
        await Promise.all([
          expect(row.getByRole('button', { name: `Reorder ${title}` })).toBeAttached(),
          expect(row.getByRole('button', { name: 'Kind: Story' })).toBeAttached(),
          expect(row.getByRole('button', { name: `Show details of ${title}` })).toBeAttached(),
          expect(row.getByRole('button', { name: `Actions for ${title}` })).toBeAttached(),
        ]);
      }),
    );
  }

  // At the bottom and back: the last card was reached, and its details open as usual.
  const last = backlog.getByTestId('card').filter({ has: page.getByTestId('card-title').getByText(`Item ${ITEMS}`, { exact: true }) });
  await page.getByTestId('board-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await last.getByTestId('card-expand').click();
  await expect(last.getByRole('button', { name: `Hide details of Item ${ITEMS}` })).toBeVisible();
  await context.close();
});

// A tap right after a fling lands on a light row (the list settles SETTLE_MS, 120 ms, after the
// last fast scroll). The rows stay as they are while the button is held, even past the settling
// time, so the click reaches the row the tap began on; it selects that card, as a tap on the whole
// card does, and the card turns whole.
test('a tap on a card right after a fast scroll selects it, even held past the settling time', async ({ browser, baseURL }) => {
  const { page, context, backlog } = await openLongBacklog(browser, baseURL!, 'Tap after fling');
  // What the tap lands on, seen by the page when the button goes down: the row, and whether it is light.
  await page.evaluate(() => {
    const w = window as unknown as { __pressed: { id: string | null; light: boolean } | null };
    w.__pressed = null;
    window.addEventListener(
      'pointerdown',
      (event) => {
        const row = (event.target as Element).closest('li[data-item-id]');
        w.__pressed = { id: row?.getAttribute('data-item-id') ?? null, light: row?.hasAttribute('data-light') ?? false };
      },
      { capture: true },
    );
  });
  // The meeting bar mounts above the list after the list's first paint and moves it down (53 px
  // here): pressed before that, a held pointer could end up over the next row.
  await expect(page.getByTestId('meeting-bar')).toBeVisible();
  const scroller = (await page.getByTestId('board-scroll').boundingBox())!;
  // Whole pixels: at a fractional y on the border of two rows, Chromium hit-tested the press on
  // one row and the release on the next (the release's y rounded), and the click went to neither.
  const x = Math.round(scroller.x + scroller.width / 2);
  const y = Math.round(scroller.y + scroller.height / 2);
  await page.mouse.move(x, y);
  type Pressed = { id: string | null; light: boolean } | null;
  let pressed: Pressed = null;
  // A few tries: on a loaded machine the press can reach the page after the rows under the
  // pointer were replaced by whole ones; that press is released and the fling starts again.
  for (let attempt = 1; attempt <= 5 && !pressed?.light; attempt++) {
    if (attempt > 1) {
      await page.mouse.up();
      await expect(backlog.locator('[data-light]')).toHaveCount(0);
    }
    // The list keeps being flung down (600 px a frame, from the top again at the end) until the
    // button goes down, so the press lands while the rows under it are light, however slow this
    // machine's round trips.
    await page.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>('[data-testid="board-scroll"]')!;
      let down = false;
      window.addEventListener('pointerdown', () => (down = true), { capture: true, once: true });
      let frames = 0;
      const step = () => {
        if (down || ++frames > 1200) return;
        if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2) scroller.scrollTop = 0;
        else scroller.scrollTop += 600;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    await page.waitForFunction(([px, py]) => document.elementFromPoint(px, py)?.closest('li[data-light]') !== null, [x, y] as const);
    await page.mouse.down();
    pressed = await page.evaluate(() => (window as unknown as { __pressed: Pressed }).__pressed);
  }
  expect(pressed?.light, 'the press landed on a light row').toBe(true);
  const tapped = pressed!.id!;
  // Held for more than twice the settling time: the pressed row is still the light one.
  await page.waitForTimeout(300);
  await expect(backlog.locator(`li[data-item-id="${tapped}"]`), 'the row under a held pointer stays as it was').toHaveAttribute(
    'data-light',
    '',
  );
  await page.mouse.up();
  const card = backlog.locator(`li[data-testid="card"][data-item-id="${tapped}"]`);
  await expect(card.locator('article')).toHaveAttribute('data-selected', 'true');
  await expect(card).not.toHaveAttribute('data-light');
  await expect(card.getByRole('button', { name: /^Show details of / })).toBeAttached();
  // Released, the other rows settle too.
  await expect(backlog.locator('[data-light]')).toHaveCount(0);
  await context.close();
});
