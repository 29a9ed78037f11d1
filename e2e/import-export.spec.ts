import path from 'node:path';
import { parseImport } from '../lib/import/formats';
import { createBoardViaApi, expect, openAll, test } from './fixtures';

const JIRA = path.join(__dirname, '../test/fixtures/import/jira.csv');

test('a facilitator imports a Jira CSV through the dialog (preview, then apply); a participant sees the items arrive; the Jira export downloads and reads back', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const board = await createBoardViaApi(baseURL!, 'Import board');
  const [fay, pat] = await openAll(browser, [
    [board.links.facilitator, 'Fay', { viewport: { width: 1280, height: 800 } }],
    [board.links.participant, 'Pat', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
  ]);
  await expect(fay.page.getByTestId('connection-status')).toHaveText('live', { timeout: 30_000 });
  await expect(pat.page.getByTestId('connection-status')).toHaveText('live', { timeout: 30_000 });

  await fay.page.getByTestId('open-backlog-data').click();
  const dialog = fay.page.getByTestId('backlog-data-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('import-file').setInputFiles(JIRA);
  await expect(dialog.getByTestId('import-file-name')).toHaveText(/jira\.csv/);
  await dialog.getByTestId('import-base-url').fill('https://acme.atlassian.net');

  // The preview: counts, rows, and each skipped row with its reason; nothing on the board yet.
  await expect(dialog.getByTestId('import-summary')).toHaveText('Jira CSV: 4 new, 0 updated, 0 unchanged, 3 skipped');
  await expect(dialog.getByTestId('import-preview-row')).toHaveCount(4);
  await expect(dialog.getByTestId('import-skipped')).toContainText('Row 13: Custom field (Story Points) "abc" is not a number');
  await expect(pat.page.getByTestId('card')).toHaveCount(0);
  if (process.env.IMPORT_SHOTS_DIR) await fay.page.screenshot({ path: `${process.env.IMPORT_SHOTS_DIR}/import-preview.png` });

  await dialog.getByTestId('import-apply').click();
  await expect(dialog).toBeHidden();

  // The participant's phone shows them, with the tracker key linking to the issue; the script in
  // a description stays text.
  for (const page of [fay.page, pat.page]) {
    await expect(page.getByTestId('card')).toHaveCount(4, { timeout: 15_000 });
    const card = page.getByTestId('card').filter({ hasText: 'Pay with saved card' });
    await expect(card.getByTestId('card-external-key')).toHaveText('SHOP-2');
    await expect(card.getByTestId('card-external-key')).toHaveAttribute('href', 'https://acme.atlassian.net/browse/SHOP-2');
  }

  if (process.env.IMPORT_SHOTS_DIR) {
    await fay.page.screenshot({ path: `${process.env.IMPORT_SHOTS_DIR}/imported-laptop.png` });
    await pat.page.screenshot({ path: `${process.env.IMPORT_SHOTS_DIR}/imported-phone.png` });
  }
  // A participant may export, not import (from a laptop: on a phone the header keeps to what a
  // meeting needs).
  await expect(pat.page.getByTestId('open-backlog-data')).toBeHidden();
  expect(await pat.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await pat.page.setViewportSize({ width: 1280, height: 800 });
  await pat.page.getByTestId('open-backlog-data').click();
  await expect(pat.page.getByTestId('export-jira')).toBeVisible();
  await expect(pat.page.getByTestId('import-pane')).toHaveCount(0);
  await pat.page.keyboard.press('Escape');

  // One undo takes the whole import back, for everyone.
  await fay.page.getByRole('button', { name: 'Undo my last edit' }).click();
  await expect(pat.page.getByTestId('card')).toHaveCount(0, { timeout: 15_000 });
  await fay.page.getByRole('button', { name: 'Redo' }).click();
  await expect(pat.page.getByTestId('card')).toHaveCount(4, { timeout: 15_000 });

  // Export: the Jira CSV downloads and the importer reads it back with the same keys.
  await fay.page.getByTestId('open-backlog-data').click();
  await fay.page.getByRole('tab', { name: 'Export' }).click();
  const [download] = await Promise.all([fay.page.waitForEvent('download'), fay.page.getByTestId('export-jira').click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  const back = parseImport(readFileSync(file!, 'utf8'), { format: 'jira', includeClosed: true });
  expect(back.records.map((r) => r.externalKey).sort()).toEqual(['SHOP-1', 'SHOP-2', 'SHOP-3', 'SHOP-4']);
  expect(back.records.find((r) => r.externalKey === 'SHOP-2')?.estimate).toBe(5);

  await fay.context.close();
  await pat.context.close();
});
