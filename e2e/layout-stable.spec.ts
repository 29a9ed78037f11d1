import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, openAs, createBoardViaApi } from './fixtures';
import { seedItems, keyOf, waitLive } from './board-helpers';

interface Shift {
  at: number;
  value: number;
  sources: string[];
}

/** Records every layout shift of the page from its first load (Layout Instability API). */
async function recordShifts(_context: BrowserContext, page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: Shift[] = [];
    type Entry = PerformanceEntry & {
      value: number;
      sources?: Array<{ node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }>;
    };
    const record = (entries: Entry[]) => {
      for (const entry of entries) {
        shifts.push({
          at: entry.startTime,
          value: entry.value,
          sources: (entry.sources ?? []).map((source) => {
            const node = source.node;
            const element = node instanceof Element ? node : (node?.parentElement ?? null);
            // A card, or anything that holds cards or sits in one: the browser names at most
            // five moved elements, the largest first, so a list that moves whole is usually
            // named by its container, not by its cards.
            const card = '[data-testid="card"]';
            const cards = element !== null && (element.closest(card) !== null || element.querySelector(card) !== null);
            const name = element?.getAttribute('data-testid') ?? node?.nodeName ?? '?';
            return `${cards ? 'cards: ' : ''}${name} ${source.previousRect.y}→${source.currentRect.y}`;
          }),
        });
      }
    };
    const observer = new PerformanceObserver((list) => record(list.getEntries() as Entry[]));
    observer.observe({ type: 'layout-shift', buffered: true });
    // Entries still queued for the observer's next callback are taken as well.
    (window as unknown as { __shifts: () => Shift[] }).__shifts = () => {
      record(observer.takeRecords() as Entry[]);
      return shifts;
    };
  });
}

/** A board with more cards than any screen here shows at once. */
async function boardOf30Items(baseURL: string) {
  const board = await createBoardViaApi(baseURL);
  await seedItems(
    baseURL,
    board.id,
    keyOf(board.links.facilitator),
    Array.from({ length: 30 }, (_, i) => `Item ${i + 1}`),
  );
  return board;
}

/**
 * Once the cards' refinement lines are in: no card moved after the live list's mark, and the
 * page's layout shift score since then is under 0.01 (the side panel's own movement).
 */
async function expectNoShiftSinceLive(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="card"]').first().getByTestId('card-badges')).toBeVisible();
  await expect(page.getByTestId('card-badges-pending')).toHaveCount(0);
  // Two frames more: a shift is reported for the frame that painted it.
  const { live, shifts } = await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return {
      live: performance.getEntriesByName('refinery:live-list')[0]?.startTime ?? NaN,
      shifts: (window as unknown as { __shifts: () => Shift[] }).__shifts(),
    };
  });
  expect(Number.isFinite(live)).toBe(true);
  const after = shifts.filter((shift) => shift.at >= live);
  const score = after.reduce((sum, shift) => sum + shift.value, 0);
  expect(
    after.filter((shift) => shift.sources.some((source) => source.startsWith('cards: '))),
    JSON.stringify(after),
  ).toEqual([]);
  expect(score, JSON.stringify(after)).toBeLessThan(0.01);
}

// Once the board is live, what fills in after it (the meeting bar, which loads after the list
// has painted and learns the meeting's state over the control socket; each card's refinement
// line, computed a frame later) must not move the cards: a click on its way would land on the
// card that moved under it. Before their slots were kept, the cards moved by 53 px (the bar) and
// by 24 px more per card down the list (the badges): a layout shift score of 0.09–0.16.
for (const [role, viewport] of [
  ['facilitator', { width: 1366, height: 800 }],
  ['participant', { width: 390, height: 844 }],
] as const) {
  test(`the cards stay where they are once the board is live (${role}, ${viewport.width} px)`, async ({ browser, baseURL }) => {
    const board = await boardOf30Items(baseURL!);
    const { page, context } = await openAs(browser, board.links[role], 'Stable', { viewport }, recordShifts);
    try {
      await waitLive(page);
      await expect(page.getByTestId('meeting-bar')).toBeVisible();
      await expectNoShiftSinceLive(page);
    } finally {
      await context.close();
    }
  });
}

// Most of the room opens the link once the facilitator has started the meeting: the bar then
// comes in its running form, which must not move the cards either. Before the idle and running
// rows shared one height (MEETING_ROW_HEIGHT), the cards moved by 12 px for a participant (37 to
// 49 px) and by -4 px for a facilitator at 1366 px (53 to 49 px); before the agenda's stages left
// the band below 1280 px, its second line moved them by 36 px more on a tablet (768 px) and for
// a facilitator at 1024 px.
for (const [role, viewport] of [
  ['participant', { width: 1366, height: 800 }],
  ['participant', { width: 768, height: 1024 }],
  ['participant', { width: 390, height: 844 }],
  ['facilitator', { width: 1366, height: 800 }],
  ['facilitator', { width: 1024, height: 768 }],
  ['facilitator', { width: 390, height: 844 }],
] as const) {
  test(`the cards stay where they are when joining a running meeting (${role}, ${viewport.width} px)`, async ({ browser, baseURL }) => {
    const board = await boardOf30Items(baseURL!);
    const host = await openAs(browser, board.links.facilitator, 'Host');
    try {
      await waitLive(host.page);
      await host.page.getByTestId('meeting-start').click();
      await expect(host.page.getByTestId('meeting-bar')).toHaveAttribute('data-meeting', 'running');

      const { page, context } = await openAs(browser, board.links[role], 'Joiner', { viewport }, recordShifts);
      try {
        await waitLive(page);
        await expect(page.getByTestId('meeting-bar')).toHaveAttribute('data-meeting', 'running');
        await expectNoShiftSinceLive(page);
      } finally {
        await context.close();
      }
    } finally {
      await host.context.close();
    }
  });
}

// The side panel's poker section waits for its state over the control socket; until then it
// holds the room of what it will show with no round running (a participant's note, a
// facilitator's controls and list), so the refinement panels below it do not move when the state
// comes (68 px down for a participant at 1366 px before, and off the screen for a facilitator).
for (const role of ['participant', 'facilitator'] as const) {
  test(`the side panel stays where it is when the poker state comes late (${role}, 1366 px)`, async ({ browser, baseURL }) => {
    const board = await boardOf30Items(baseURL!);
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const { page, context } = await openAs(
      browser,
      board.links[role],
      'Late',
      { viewport: { width: 1366, height: 800 } },
      async (_context, blank) => {
        // socket.io's frames pass as they are, except the poker state, held until released.
        await blank.routeWebSocket(/\/socket\.io\//, (socket) => {
          const server = socket.connectToServer();
          server.onMessage((message) => {
            if (typeof message === 'string' && message.includes('"poker:state"')) void released.then(() => socket.send(message));
            else socket.send(message);
          });
        });
      },
    );
    try {
      await waitLive(page);
      const panels = page.getByTestId('refinement-panels');
      await expect(panels).toBeVisible();
      // The state is held back: the section is holding its room (not measured after the state).
      await expect(page.getByTestId('poker-deck-name')).toHaveCount(0);
      const slot = await page.getByTestId('poker-connecting-slot').boundingBox();
      expect(slot?.height ?? 0).toBeGreaterThan(40);
      const before = (await panels.boundingBox())!.y;
      release();
      await expect(page.getByTestId(role === 'facilitator' ? 'poker-start-queue' : 'poker-waiting')).toBeVisible();
      expect((await panels.boundingBox())!.y).toBe(before);
    } finally {
      await context.close();
    }
  });
}
