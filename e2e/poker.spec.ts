import { io } from 'socket.io-client';
import type { Page } from '@playwright/test';
import { createItem, setEstimate } from '../lib/board/mutations';
import { PROTOCOL_VERSION } from '../lib/protocol';
import { connectDoc } from '../test/helpers/yjs-client';
import { untilServerHas } from './board-helpers';
import { createBoardViaApi, expect as baseExpect, openAll, openAs, test } from './fixtures';

const SHOTS = process.env.POKER_SHOTS_DIR;

// Four browsers on a small shared machine: give every step room.
test.describe.configure({ timeout: 240_000 });
const expect = baseExpect.configure({ timeout: 30_000 });

async function seed(baseURL: string, boardId: string, key: string) {
  const client = connectDoc(baseURL, boardId, key);
  await client.synced();
  const ids: Record<string, string> = {};
  client.doc.transact(() => {
    for (const title of ['Checkout with saved cards', 'Refunds to original payment', 'Order history export', 'Login with passkeys']) {
      ids[title] = createItem(client.doc, { title, kind: 'story', position: { at: 'bottom' } });
    }
  });
  setEstimate(client.doc, ids['Login with passkeys'], { value: 5, label: null });
  await untilServerHas(baseURL, boardId, key, client.doc);
  client.destroy();
  return ids;
}

const keyOf = (link: string) => new URL(link).searchParams.get('key')!;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

test('planning poker: facilitator, two participants and a phone vote, reveal, re-vote, accept, auto-reveal, split', async ({
  browser,
  baseURL,
}) => {
  const board = await createBoardViaApi(baseURL!, 'Poker board');
  await seed(baseURL!, board.id, keyOf(board.links.facilitator));

  const desktop = { viewport: { width: 1280, height: 860 } };
  const [fay, alice, bob, pat] = await openAll(browser, [
    [board.links.facilitator, 'Fay', desktop],
    [board.links.participant, 'Alice', desktop],
    [board.links.participant, 'Bob', desktop],
    [board.links.participant, 'Pat', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true }],
  ]);
  const everyone = [fay.page, alice.page, bob.page, pat.page];
  const voters = [alice.page, bob.page, pat.page];

  for (const page of [alice.page, bob.page]) await expect(page.getByTestId('poker-waiting')).toBeVisible();
  await shot(fay.page, 'desktop-idle-facilitator');

  // Start a round on one card.
  await fay.page.getByTestId('poker-candidate').filter({ hasText: 'Checkout with saved cards' }).getByTestId('poker-start-item').click();
  for (const page of everyone) await expect(page.getByTestId('poker-item-title')).toHaveText('Checkout with saved cards');
  await expect(pat.page.getByTestId('poker-sheet')).toBeVisible();
  // Reference: an already estimated item for the 5 card.
  await expect(alice.page.getByTestId('poker-reference')).toContainText('Login with passkeys');

  // The facilitator sits this one out; the others vote (Alice changes her mind once).
  await fay.page.getByTestId('poker-not-voting').click();
  await expect(fay.page.getByTestId('poker-not-voting')).toHaveAttribute('aria-pressed', 'true');
  await alice.page.getByTestId('poker-card-2').click();
  await alice.page.getByTestId('poker-card-3').click();
  await expect(alice.page.getByTestId('poker-card-3')).toHaveAttribute('aria-pressed', 'true');
  await bob.page.getByTestId('poker-card-8').click();
  await pat.page.getByTestId('poker-card-5').tap();
  for (const page of everyone) await expect(page.getByTestId('poker-progress')).toHaveText('3/3');
  await shot(pat.page, 'phone-voting');
  await shot(alice.page, 'desktop-voting-participant');

  // Before the reveal nobody sees another vote value, only that they voted.
  const bobOnAlice = alice.page.getByTestId('poker-voter').filter({ hasText: 'Bob' });
  await expect(bobOnAlice).toHaveAttribute('data-status', 'voted');
  await expect(bobOnAlice.getByTestId('poker-voter-vote')).toHaveCount(0);
  await expect(fay.page.getByTestId('poker-voter-vote')).toHaveCount(0);
  await expect(alice.page.getByTestId('poker-voter').filter({ hasText: 'Alice' }).getByTestId('poker-voter-vote')).toHaveText('3');

  // A participant's attempt to reveal (straight on the socket; the UI offers no button) is refused.
  await expect(alice.page.getByTestId('poker-reveal')).toHaveCount(0);
  const raw = io(baseURL!, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { boardId: board.id, key: keyOf(board.links.participant), protocolVersion: PROTOCOL_VERSION, name: 'Mallory' },
  });
  const errors: Array<{ code: string; event?: string }> = [];
  raw.on('server:error', (e) => errors.push(e));
  const stateSeen = new Promise<{ round: { id: string } | null }>((resolve) => raw.on('poker:state', resolve));
  const { round } = await stateSeen;
  const ack = (await raw.timeout(5000).emitWithAck('poker:reveal', { roundId: round!.id })) as { ok: boolean; error?: { code: string } };
  expect(ack.ok).toBe(false);
  expect(ack.error?.code).toBe('forbidden');
  await expect.poll(() => errors.map((e) => `${e.event}:${e.code}`)).toContain('poker:reveal:forbidden');
  raw.disconnect();
  for (const page of everyone) await expect(page.getByTestId('poker-phase')).toHaveText('Voting');

  // Reveal: votes, chart, statistics, outliers, suggestion.
  await fay.page.getByTestId('poker-reveal').click();
  for (const page of everyone) {
    await expect(page.getByTestId('poker-results')).toBeVisible();
    await expect(page.getByTestId('poker-stat-average')).toHaveText('5.3');
    await expect(page.getByTestId('poker-stat-median')).toHaveText('5');
    await expect(page.getByTestId('poker-stat-suggested')).toHaveText('5');
    await expect(page.getByTestId('poker-consensus')).toHaveAttribute('data-consensus', 'false');
    await expect(page.getByTestId('poker-voter').filter({ hasText: 'Bob' })).toHaveAttribute('data-outlier', 'high');
    await expect(page.getByTestId('poker-voter').filter({ hasText: 'Alice' })).toHaveAttribute('data-outlier', 'low');
    await expect(page.getByTestId('poker-dist-8')).toContainText('1');
  }
  await shot(fay.page, 'desktop-revealed-facilitator');
  await shot(pat.page, 'phone-revealed');

  // Re-vote keeps the first round in the history.
  await fay.page.getByTestId('poker-revote').click();
  for (const page of everyone) {
    await expect(page.getByTestId('poker-phase')).toHaveText('Voting');
    await expect(page.getByTestId('poker-history-round')).toHaveCount(1);
  }
  for (const page of voters) await page.getByTestId('poker-card-5').click();
  await fay.page.getByTestId('poker-reveal').click();
  for (const page of everyone) await expect(page.getByTestId('poker-consensus')).toHaveAttribute('data-consensus', 'true');

  // Accept: the server writes the estimate (and history) into the doc; every screen shows it.
  await expect(fay.page.getByTestId('poker-accept-card')).toHaveValue('5');
  await fay.page.getByTestId('poker-accept').click();
  for (const page of everyone) {
    await expect(page.getByTestId('poker-accepted')).toHaveText('Accepted: 5');
    await expect(page.getByTestId('poker-item-estimate')).toHaveText('5');
    await expect(page.getByTestId('poker-history-stored')).toHaveCount(2);
    const card = page.locator('[data-testid="card"]').filter({ hasText: 'Checkout with saved cards' });
    if ((await card.count()) > 0) await expect(card.getByTestId('card-estimate').first()).toContainText('5');
  }
  await shot(fay.page, 'desktop-accepted');

  // Settings: auto-reveal and a sprint threshold of 8.
  await fay.page.getByTestId('poker-settings-toggle').click();
  await fay.page.getByTestId('poker-auto-reveal').check();
  await fay.page.getByTestId('poker-threshold').fill('8');
  await fay.page.getByTestId('poker-settings-save').click();
  for (const page of everyone) await expect(page.getByTestId('poker-deck-name')).toContainText('auto-reveal');

  // Finish, then a queue of the top 2 unestimated: Refunds first.
  await fay.page.getByTestId('poker-next').click();
  await expect(fay.page.getByTestId('poker-start-queue')).toBeVisible();
  await fay.page.getByTestId('poker-queue-count').fill('2');
  await fay.page.getByTestId('poker-start-queue').click();
  for (const page of everyone) await expect(page.getByTestId('poker-item-title')).toHaveText('Refunds to original payment');

  // Auto-reveal when every voter has voted: nobody clicks reveal.
  for (const page of voters) await page.getByTestId('poker-card-13').click();
  for (const page of everyone) await expect(page.getByTestId('poker-phase')).toHaveText('Revealed');

  // 13 is above the threshold of 8: split right here; the children are queued next.
  await fay.page.getByTestId('poker-split-open').click();
  await fay.page.getByTestId('poker-split-titles').fill('Refund by card\nRefund by invoice');
  await shot(fay.page, 'desktop-split');
  await fay.page.getByTestId('poker-split-submit').click();
  await expect(fay.page.getByTestId('poker-next')).toContainText('3 queued');
  await fay.page.getByTestId('poker-next').click();
  for (const page of everyone) await expect(page.getByTestId('poker-item-title')).toHaveText('Refund by card');

  for (const { context } of [fay, alice, bob, pat]) await context.close();
});

test('a late joiner and a reloaded voter see the round as it stands, with their own vote', async ({ browser, baseURL }) => {
  const board = await createBoardViaApi(baseURL!, 'Late joiners');
  await seed(baseURL!, board.id, keyOf(board.links.facilitator));
  const [fay, alice] = await openAll(browser, [
    [board.links.facilitator, 'Fay', { viewport: { width: 1280, height: 860 } }],
    [board.links.participant, 'Alice', { viewport: { width: 1280, height: 860 } }],
  ]);
  await fay.page.getByTestId('poker-candidate').filter({ hasText: 'Order history export' }).getByTestId('poker-start-item').click();
  await alice.page.getByTestId('poker-card-8').click();
  await expect(alice.page.getByTestId('poker-card-8')).toHaveAttribute('aria-pressed', 'true');
  await alice.page.reload();
  await expect(alice.page.getByTestId('poker-item-title')).toHaveText('Order history export');
  await expect(alice.page.getByTestId('poker-card-8')).toHaveAttribute('aria-pressed', 'true');

  const late = await openAs(browser, board.links.participant, 'Lou', { viewport: { width: 1280, height: 860 } });
  await expect(late.page.getByTestId('poker-item-title')).toHaveText('Order history export');
  await expect(late.page.getByTestId('poker-voter').filter({ hasText: 'Alice' })).toHaveAttribute('data-status', 'voted');
  await expect(late.page.getByTestId('poker-voter-vote')).toHaveCount(0);
  // The spectator's own link opens the projector view; the board page shows the same panel.
  const projector = await openAs(browser, `${baseURL}/b/${board.id}?key=${keyOf(board.links.spectator)}`, 'Projector', {
    viewport: { width: 1280, height: 860 },
  });
  await expect(projector.page.getByTestId('poker-item-title')).toHaveText('Order history export');
  await expect(projector.page.getByTestId('poker-deck')).toHaveCount(0);
  for (const { context } of [fay, alice, late, projector]) await context.close();
});

test('a WSJF input estimated with poker: started from the item details, accepted into that input, the estimate untouched', async ({
  browser,
  baseURL,
}) => {
  const board = await createBoardViaApi(baseURL!, 'WSJF poker');
  const ids = await seed(baseURL!, board.id, keyOf(board.links.facilitator));
  const itemId = ids['Login with passkeys'];
  const desktop = { viewport: { width: 1280, height: 860 } };
  const [fay, alice] = await openAll(browser, [
    [board.links.facilitator, 'Fay', desktop],
    [board.links.participant, 'Alice', desktop],
  ]);
  const card = (page: Page) => page.locator(`[data-testid="card"][data-item-id="${itemId}"]`);

  // Only the facilitator is offered poker rounds on WSJF inputs.
  await card(alice.page).getByTestId('open-details').click();
  await expect(alice.page.getByTestId('wsjf-inputs')).toBeVisible();
  await expect(alice.page.getByTestId('wsjf-poker')).toHaveCount(0);
  await alice.page.getByTestId('details-close').click();

  await card(fay.page).getByTestId('open-details').click();
  await fay.page.getByTestId('wsjf-poker-businessValue').click();
  await expect(fay.page.getByTestId('item-details')).toHaveCount(0);
  for (const page of [fay.page, alice.page]) {
    await expect(page.getByTestId('poker-item-title')).toHaveText('Login with passkeys');
    await expect(page.getByTestId('poker-target')).toHaveText('WSJF: Business value');
  }
  await fay.page.getByTestId('poker-card-8').click();
  await alice.page.getByTestId('poker-card-8').click();
  await fay.page.getByTestId('poker-reveal').click();
  await expect(fay.page.getByTestId('poker-accept-card')).toHaveValue('8');
  await fay.page.getByTestId('poker-accept').click();
  for (const page of [fay.page, alice.page]) {
    await expect(page.getByTestId('poker-accepted')).toHaveText('Accepted: 8 as business value');
    await expect(page.getByTestId('poker-item-estimate')).toHaveText('8');
  }
  await card(alice.page).getByTestId('open-details').click();
  await expect(alice.page.getByTestId('wsjf-businessValue')).toHaveValue('8');
  await expect(card(alice.page).getByTestId('card-estimate').first()).toContainText('5');
  for (const { context } of [fay, alice]) await context.close();
});
