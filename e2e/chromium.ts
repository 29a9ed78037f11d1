/**
 * How every Playwright run here launches Debian's Chromium (the e2e suite and bench:board).
 * `npx playwright install` cannot download browsers on this machine; CHROMIUM_PATH overrides.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};
