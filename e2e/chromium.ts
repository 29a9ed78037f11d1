/**
 * How every Playwright run here launches Debian's Chromium. `npx playwright install` cannot
 * download browsers on this machine; scripts/ensure-chromium.sh installs Debian's packages, and
 * CHROMIUM_PATH overrides both choices below.
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * The full browser, as people run it: bench:board, which measures what a person's browser does
 * (its window's own pages included, see bench/board.ts), and one-off screenshot scripts. The
 * e2e specs' screenshots (SHOTS=…) come from the shell below: the same rendering.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ARGS,
};

/**
 * The end-to-end tests: the same Chromium engine without the browser's window around each page
 * (Debian's chromium-headless-shell, what Playwright itself runs headless tests in). Each new
 * page of the full browser also starts the window's omnibox pages; the board and poker specs took
 * 234 s of the machine's CPU and 120 s of wall in the full browser, 106 s and 55 s in the shell
 * (DECISIONS, "Test suite time", fourth pass).
 */
export const TEST_BROWSER_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell',
  args: ARGS,
};
