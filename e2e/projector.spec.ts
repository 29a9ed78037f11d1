/**
 * The projector as a first-class screen (issue 12), at 1920×1080: it follows a planning-poker
 * round (each voter's status and no card value anywhere before the reveal, the distribution
 * after), a trim vote (each person's answer), the facilitator's sort preview (the moves), and
 * every stage of the meeting, then the summary. At each moment every visible text is checked
 * for size, and a screenshot is saved in the test's output folder
 * (test-results/projector-…/projector-*.png, also attached to the report).
 *
 * In the first test the facilitator's and participants' control-plane actions go through
 * socket.io clients (the same events the board sends); the second opens the sort preview in the
 * facilitator's browser, so the dialog's relay to the room is tested end to end. Boards are
 * seeded through a Node Yjs client with the board's own mutations.
 */
import type { Page, TestInfo } from '@playwright/test';
import { addDependency, addQuestion } from '../lib/board/item-entries';
import { setItemText, setValueHypothesis, setWsjfInputs } from '../lib/board/item-details';
import { createItem, parkItem, setDescription, setEstimate } from '../lib/board/mutations';
import { listItems } from '../lib/board/schema';
import { addRelease, addRoadmapEntry, setRelease, setServes } from '../lib/board/roadmap';
import { ensureVisionText, setPrioritizationMethod, setVelocity } from '../lib/board/settings';
import { defaultAgenda } from '../lib/meeting/agenda';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../lib/protocol';
import { connectDoc } from '../test/helpers/yjs-client';
import { keyOf, untilServerHas, waitLive } from './board-helpers';
import { createBoardViaApi, expect, openAs, test } from './fixtures';

const ROOM = { width: 1920, height: 1080 };
/** The cards cast before the reveal: none may appear on the projector until then. */
const SECRET_CARDS = ['13', '21', '34'];

/**
 * A person's control socket, as the board opens it: with a voter token in the handshake and
 * socket.io's own reconnection, so a dropped connection on a loaded machine comes back (votes
 * and trim seats are bound to the token and the name) instead of failing the test.
 */
async function person(baseURL: string, boardId: string, key: string, name: string): Promise<Socket> {
  const socket = io(baseURL, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    auth: { boardId, key, protocolVersion: PROTOCOL_VERSION, name, voterToken: `${name.toLowerCase()}-token-0123456789` },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('session', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

interface TextSizeReport {
  texts: number;
  tooSmall: Array<{ text: string; size: number; min: number }>;
}

/**
 * Every visible text node of the projector, at its rendered size: none below 18 px; in the main content none below
 * 24 px except the texts marked as labels (`data-label`, 18 px and up); a number standing alone
 * in its element at 32 px or more.
 */
async function checkTextSizes(page: Page): Promise<TextSizeReport> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid="present"]')!;
    const main = document.querySelector('[data-testid="projector-main"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const report: TextSizeReport = { texts: 0, tooSmall: [] };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (!text || !element || element.closest('.sr-only')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
      const style = getComputedStyle(element);
      if (!onScreen || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      report.texts++;
      // The size as rendered: CSS zoom (the enlarged summary) is not part of the computed size.
      let zoom = 1;
      for (let el: Element | null = element; el; el = el.parentElement) zoom *= parseFloat(getComputedStyle(el).zoom) || 1;
      const size = parseFloat(style.fontSize) * zoom;
      const inMain = main.contains(element);
      const standaloneNumber = inMain && /^[#+]?\d+([.,]\d+)?$/.test(text) && element.childNodes.length === 1;
      const min = standaloneNumber ? 32 : inMain && !element.closest('[data-label]') ? 24 : 18;
      if (size < min) report.tooSmall.push({ text: text.slice(0, 60), size, min });
    }
    return report;
  });
}

async function expectReadable(page: Page, moment: string, sizes: Record<string, number>): Promise<void> {
  const report = await checkTextSizes(page);
  expect(report.texts, `${moment}: texts on screen`).toBeGreaterThan(3);
  expect(report.tooSmall, `${moment}: texts below their minimum size`).toEqual([]);
  sizes[moment] = report.texts;
}

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`projector-${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(`projector-${name}`, { path, contentType: 'image/png' });
}

/** The projector's text, and every attribute value on it: where a leaked card would be. */
async function projectorDom(page: Page): Promise<{ text: string; attributes: string[] }> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid="present"]')!;
    const attributes: string[] = [];
    for (const el of root.querySelectorAll('*')) for (const attr of el.attributes) attributes.push(attr.value);
    return { text: (document.body as HTMLElement).innerText, attributes };
  });
}

test('the projector shows the room every moment of the meeting, readable at 1920×1080', async ({ browser, baseURL }, testInfo) => {
  test.setTimeout(300_000);
  const board = await createBoardViaApi(baseURL!, 'Room board');
  const facKey = keyOf(board.links.facilitator);
  const partKey = keyOf(board.links.participant);

  // --- The board: items with details, a roadmap, a vision, a velocity, WSJF inputs, a tail.
  const seed = connectDoc(baseURL!, board.id, facKey);
  await seed.synced();
  const doc = seed.doc;
  const add = (id: string, title: string, estimate: number | null, wsjf: [number, number, number] | null) => {
    createItem(doc, { id, title, kind: 'story', position: { at: 'bottom' } });
    if (estimate !== null) setEstimate(doc, id, { value: estimate, label: null });
    if (wsjf) setWsjfInputs(doc, id, { businessValue: wsjf[0], timeCriticality: wsjf[1], riskReduction: wsjf[2] });
  };
  add('login', 'Single sign-on', 3, [2, 1, 1]);
  add('search', 'Search the catalogue', null, [8, 5, 3]);
  add('export', 'Export to CSV', 5, [3, 3, 2]);
  add('audit', 'Audit log', 2, [8, 8, 4]);
  add('mobile', 'Mobile layout', 8, [5, 2, 1]);
  add('old1', 'Fax integration', 1, null);
  add('old2', 'Printer-friendly view', 2, null);
  setDescription(doc, 'search', 'Find any product by **name**, code or tag.');
  setValueHypothesis(doc, 'search', { believe: 'a search box', resultIn: 'fewer support calls', knowWhen: 'calls drop by a third' });
  setItemText(doc, 'search', 'acceptanceCriteria', 'Given a product code, when I search, then the product is first.');
  addQuestion(doc, 'search', 'Do we search archived products?', 'Ann');
  addDependency(doc, 'export', { kind: 'external', name: 'Data platform team', status: 'blocked' });
  addDependency(doc, 'login', { kind: 'item', itemId: 'audit' });
  const release = addRelease(doc, { name: 'Spring release', date: '2027-03-01', goal: 'Customers find things alone' });
  setRelease(doc, 'search', release);
  const pain = addRoadmapEntry(doc, 'pain', 'Support drowns in “where is it” calls');
  addRoadmapEntry(doc, 'gain', 'Exports for accountants');
  setServes(doc, 'search', pain, true);
  ensureVisionText(doc).insert(0, 'Every shop owner finds, sells and ships without calling us.');
  setVelocity(doc, 10);
  setPrioritizationMethod(doc, 'wsjf');
  parkItem(doc, 'old1', 'nobody sends faxes');
  parkItem(doc, 'old2', 'browsers print well enough');
  await untilServerHas(baseURL!, board.id, facKey, doc);

  const projector = await openAs(browser, board.links.spectator, 'Room 1', { viewport: ROOM });
  const clients: Socket[] = [];
  const sizes: Record<string, number> = {};
  try {
    await waitLive(projector.page);
    const page = projector.page;
    const fay = await person(baseURL!, board.id, facKey, 'Fay');
    const ann = await person(baseURL!, board.id, partKey, 'Ann');
    const bob = await person(baseURL!, board.id, partKey, 'Bob');
    clients.push(fay, ann, bob);
    const ok = async (client: Socket, event: string, payload: unknown) => {
      // A generous wait: the machine running the e2e suite is shared and often loaded.
      const ack = (await client.timeout(30_000).emitWithAck(event, payload)) as { ok: boolean; result?: unknown };
      expect(ack, `${event}`).toMatchObject({ ok: true });
      return ack;
    };

    await expect(page.getByTestId('present-card')).toHaveCount(5);
    await expect(page.getByTestId('present')).toContainText('3 people here');
    await expect(page.getByTestId('present-cut-line').first()).toBeVisible();
    await expect(page.getByTestId('present-ready').or(page.getByTestId('present-not-ready')).first()).toBeVisible();
    // The facilitator's board makes its selected card the room's focus.
    await ok(fay, 'focus:set', { itemId: 'search' });
    await expect(page.getByTestId('present-hypothesis')).toContainText('fewer support calls');
    await expect(page.getByTestId('present-acceptance')).toContainText('the product is first');
    await expect(page.getByTestId('present-questions')).toContainText('Do we search archived products?');
    await expectReadable(page, 'board', sizes);
    await shoot(page, testInfo, 'board');

    // --- Planning poker: statuses without values, then the reveal.
    const pokerStarted = new Promise<string>((resolve) =>
      fay.on('poker:state', (view: { round: { id: string } | null }) => view.round && resolve(view.round.id)),
    );
    await ok(fay, 'poker:start', { mode: 'item', itemId: 'search' });
    await ok(fay, 'poker:not-voting', { notVoting: true });
    const poker = page.getByTestId('projector-poker');
    await expect(poker).toBeVisible();
    await expect(page.getByTestId('projector-poker-item')).toHaveText('Search the catalogue');
    const roundId = await pokerStarted;
    await ok(ann, 'poker:vote', { roundId, card: '21' });
    await ok(fay, 'poker:timer', { roundId, seconds: 120, revealAtEnd: false });
    const voter = (name: string) => page.locator(`[data-testid="projector-voter"][data-name="${name}"]`);
    await expect(voter('Ann')).toHaveAttribute('data-status', 'voted');
    await expect(voter('Bob')).toHaveAttribute('data-status', 'thinking');
    await expect(voter('Fay')).toHaveAttribute('data-status', 'not-voting');
    await expect(page.getByTestId('projector-poker-timer')).toBeVisible();
    await ok(bob, 'poker:vote', { roundId, card: '34' });
    await expect(voter('Bob')).toHaveAttribute('data-status', 'voted');
    // Cy votes and leaves: the vote counts, and the room sees Cy as away.
    const cy = await person(baseURL!, board.id, partKey, 'Cy');
    await ok(cy, 'poker:vote', { roundId, card: '13' });
    cy.disconnect();
    await expect(voter('Cy')).toHaveAttribute('data-status', 'away');
    await expect(page.getByTestId('projector-poker-count')).toContainText('3 of 3 voted');
    const before = await projectorDom(page);
    for (const secret of SECRET_CARDS) {
      expect(before.text, `card ${secret} in the projector's text before the reveal`).not.toMatch(
        new RegExp(`(^|[^\\d.])${secret}($|[^\\d.])`),
      );
      expect(before.attributes, `card ${secret} in an attribute before the reveal`).not.toContain(secret);
    }
    await expect(page.getByTestId('projector-voter-card')).toHaveCount(0);
    await expectReadable(page, 'poker-voting', sizes);
    await shoot(page, testInfo, 'poker-voting');

    await ok(fay, 'poker:reveal', { roundId });
    await expect(poker).toHaveAttribute('data-phase', 'revealed');
    await expect(page.getByTestId('projector-dist-bar')).toHaveCount(3);
    await expect(page.locator('[data-testid="projector-dist-bar"][data-card="21"]')).toContainText('1');
    await expect(page.locator('[data-testid="projector-dist-bar"][data-card="34"]')).toContainText('1');
    await expect(voter('Bob')).toHaveAttribute('data-outlier', 'high');
    await expect(voter('Cy')).toHaveAttribute('data-outlier', 'low');
    await expect(voter('Ann')).not.toHaveAttribute('data-outlier', /./);
    // Average 22.7: the nearest card is 21.
    await expect(page.getByTestId('projector-poker-suggested')).toHaveText('21');
    await ok(fay, 'poker:accept', { roundId, card: '34' });
    await expect(page.getByTestId('projector-poker-accepted')).toHaveText('34');
    await expectReadable(page, 'poker-revealed', sizes);
    await shoot(page, testInfo, 'poker-revealed');
    await ok(fay, 'poker:stop', {});
    await expect(poker).toHaveCount(0);

    // --- The meeting, stage by stage; the trim vote in the tail, the sort preview in re-sort.
    await ok(fay, 'meeting:start', {});
    for (const stage of defaultAgenda()) {
      await ok(fay, 'meeting:goto', { stageId: stage.id });
      await expect(page.getByTestId('meeting-bar')).toHaveAttribute('data-current-stage', stage.id);
      await expect(page.getByTestId('projector-stage')).toHaveAttribute('data-stage-id', stage.id);
      await expect(page.getByTestId('meeting-stage-title')).toHaveText(stage.title);
      await expect(page.getByTestId('meeting-timer')).toBeVisible();
      if (stage.kind === 'vision') await expect(page.getByTestId('projector-vision')).toContainText('without calling us');
      if (stage.kind === 'roadmap') {
        await expect(page.getByTestId('projector-roadmap')).toContainText('Spring release');
        await expect(page.getByTestId('projector-roadmap-entry').first()).toContainText('Search the catalogue');
        await expect(page.getByTestId('projector-roadmap-entry').nth(1)).toContainText('No item serves it yet');
      }
      if (stage.kind === 'tail') await expect(page.getByTestId('projector-stage-items')).toContainText('nobody sends faxes');
      if (stage.kind === 'dependencies') {
        await expect(page.getByTestId('projector-dependencies')).toContainText('Data platform team');
        await expect(page.getByTestId('projector-dependencies')).toContainText('blocked');
        await expect(page.getByTestId('projector-dependency-warning').first()).toBeVisible();
      }
      if (stage.kind === 'ready-check') {
        await expect(page.getByTestId('projector-runway')).toContainText('Ready runway');
        await expect(page.getByTestId('present-cut-line').first()).toBeVisible();
      }
      await expectReadable(page, `stage-${stage.id}`, sizes);
      await shoot(page, testInfo, `stage-${stage.id}`);

      if (stage.id === 'tail') {
        const proposed = await ok(fay, 'trim:propose', { itemIds: ['old1', 'old2'] });
        const { proposalId } = proposed.result as { proposalId: string };
        const trim = page.getByTestId('projector-trim');
        await expect(trim).toBeVisible();
        await expect(page.getByTestId('projector-trim-items')).toContainText('Fax integration');

        await ok(ann, 'trim:respond', { proposalId, response: 'confirm' });
        const seat = (name: string) => page.locator(`[data-testid="projector-trim-voter"][data-name="${name}"]`);
        await expect(seat('Ann')).toHaveAttribute('data-response', 'confirm');
        await expect(seat('Bob')).toHaveAttribute('data-response', 'pending');
        await expect(seat('Fay')).toHaveAttribute('data-response', 'pending');
        await expectReadable(page, 'trim-vote', sizes);
        await shoot(page, testInfo, 'trim-vote');
        await ok(bob, 'trim:respond', { proposalId, response: 'object', reason: 'Printing is still asked for' });
        await expect(trim).toHaveCount(0);
        await expect(page.getByTestId('projector-trim-outcome')).toContainText('Printing is still asked for');
        await shoot(page, testInfo, 'trim-outcome');
      }

      if (stage.id === 'resort') {
        // What the facilitator's sort dialog sends (the dialog itself: the next test).
        await ok(fay, 'sort:preview', {
          phase: 'previewing',
          method: 'wsjf',
          total: 1,
          moves: [{ id: 'audit', title: 'Audit log', from: 3, to: 0, score: 10 }],
        });
        const sort = page.getByTestId('projector-sort');
        await expect(page.getByTestId('projector-sort-move').first()).toContainText('#4 → #1');
        await expectReadable(page, 'sort-preview', sizes);
        await shoot(page, testInfo, 'sort-preview');
        await ok(fay, 'sort:preview', { phase: 'closed' });
        await expect(sort).toHaveCount(0);
      }
    }

    // The same screen at 4K: the layout grows with it (the root font size follows the width).
    await page.setViewportSize({ width: 3840, height: 2160 });
    await expect.poll(() => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(32);
    await shoot(page, testInfo, 'stage-ready-check-4k');
    await page.setViewportSize(ROOM);

    // A productive meeting: more new items than the wall has room for.
    for (let i = 1; i <= 60; i++) createItem(doc, { title: `Follow-up story ${i}`, kind: 'story', position: { at: 'bottom' } });
    // The summary is taken from the server's copy: end the meeting once it has all 60.
    const reader = connectDoc(baseURL!, board.id, facKey);
    await reader.synced();
    await expect.poll(() => listItems(reader.doc).filter((i) => i.title.startsWith('Follow-up story')).length).toBe(60);
    reader.destroy();
    await ok(fay, 'meeting:end', {});
    await expect(page.getByTestId('projector-summary').getByTestId('meeting-summary')).toBeVisible();
    // Lists with nothing in them are left out on the wall; the tiles still say 0.
    await expect(page.getByTestId('summary-objections')).toContainText('Bob objected');
    await expect(page.getByTestId('summary-tile-trimmed')).toContainText('0');
    await expect(page.getByTestId('summary-tile-created')).toContainText('60');
    // Nothing is cut off and nothing needs scrolling: long lists end with "+ N more".
    await expect(page.getByTestId('summary-created')).toContainText(/\+ \d+ more/);
    const lists = page.getByTestId('projector-summary-lists');
    const fits = await lists.evaluate((el) => ({
      overflowX: el.scrollWidth - el.clientWidth,
      overflowY: el.scrollHeight - el.clientHeight,
      bottom: el.getBoundingClientRect().bottom,
    }));
    expect(fits.overflowX, 'summary lists spill into a hidden column').toBeLessThanOrEqual(1);
    expect(fits.overflowY, 'summary lists taller than their box').toBeLessThanOrEqual(1);
    expect(fits.bottom).toBeLessThanOrEqual(ROOM.height);
    await shoot(page, testInfo, 'summary');
    await expectReadable(page, 'summary', sizes);
    testInfo.annotations.push({ type: 'texts checked', description: JSON.stringify(sizes) });
  } finally {
    for (const client of clients) client.disconnect();
    seed.destroy();
    await projector.context.close();
  }
});

test('the facilitator’s sort preview is shown on the projector: the moves, the result, and its end', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const board = await createBoardViaApi(baseURL!, 'Sort board');
  const seed = connectDoc(baseURL!, board.id, keyOf(board.links.facilitator));
  await seed.synced();
  // title: business value, time criticality, risk reduction, estimate -> WSJF 1.3, 1.6, 10: two cards move
  const inputs: Array<[string, number, number, number, number]> = [
    ['Single sign-on', 2, 1, 1, 3],
    ['Export to CSV', 3, 3, 2, 5],
    ['Audit log', 8, 8, 4, 2],
  ];
  for (const [title, bv, tc, rr, estimate] of inputs) {
    const id = createItem(seed.doc, { title, kind: 'story', position: { at: 'bottom' } });
    setWsjfInputs(seed.doc, id, { businessValue: bv, timeCriticality: tc, riskReduction: rr });
    setEstimate(seed.doc, id, { value: estimate, label: null });
  }
  setPrioritizationMethod(seed.doc, 'wsjf');
  await untilServerHas(baseURL!, board.id, keyOf(board.links.facilitator), seed.doc);

  const projector = await openAs(browser, board.links.spectator, 'Room 1', { viewport: ROOM });
  const fran = await openAs(browser, board.links.facilitator, 'Fran');
  try {
    await waitLive(projector.page);
    await waitLive(fran.page);
    const page = projector.page;
    const sort = page.getByTestId('projector-sort');

    await fran.page.getByTestId('sort-by-score').click();
    await expect(fran.page.getByTestId('sort-move')).toHaveCount(2);
    await expect(sort).toHaveAttribute('data-phase', 'previewing');
    await expect(page.getByTestId('projector-sort-move')).toHaveCount(2);
    await expect(page.getByTestId('projector-sort-move').first()).toContainText('Audit log');
    await expect(page.getByTestId('projector-sort-move').first()).toContainText('#3 → #1');
    await expect(page.getByTestId('projector-sort-move').first()).toContainText('10');
    await expectReadable(page, 'sort-preview-dialog', {});
    await shoot(page, testInfo, 'sort-preview-dialog');

    await fran.page.getByTestId('sort-apply').click();
    await expect(sort).toHaveAttribute('data-phase', 'applied');
    await expect(sort).toContainText('New order applied: 2 cards moved');
    await shoot(page, testInfo, 'sort-applied');

    // A preview closed without applying ends on the projector at once.
    await fran.page.getByTestId('sort-by-score').click();
    await expect(fran.page.getByTestId('sort-no-moves')).toBeVisible();
    await expect(sort).toHaveAttribute('data-phase', 'previewing');
    await expect(sort).toContainText('Already in order');
    await fran.page.getByTestId('sort-preview').getByRole('button', { name: 'Cancel' }).click();
    await expect(sort).toHaveCount(0);
    await expect(page.getByTestId('present-card').first()).toContainText('Audit log');
  } finally {
    seed.destroy();
    await projector.context.close();
    await fran.context.close();
  }
});
