import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_BROWSER_LAUNCH_OPTIONS } from './e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3311);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-e2e-'));

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    // A trace is recorded only for a retried test (CI retries once): recording one for every test
    // cost 40 % of the suite's CPU (board + refinement specs: 48.5 s of CPU with traces, 28.7 s
    // without, same load). For a trace of a local failure: `npx playwright test x.spec.ts --trace on`.
    trace: 'on-first-retry',
    launchOptions: TEST_BROWSER_LAUNCH_OPTIONS,
    // The app's service worker compiles all of its JavaScript when it installs: CPU every test's
    // context would pay once the board is live. e2e/app-cache.spec.ts allows it and tests it.
    serviceWorkers: 'block',
  },
  webServer: {
    // What `npm start` runs: the server bundle, rebuilt first when a source changed.
    command: 'node scripts/build-server.mjs --if-stale && node dist/server/index.cjs',
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    // Warnings only (LOG_LEVEL=warn): a refused or closed connection shows up beside the failing test.
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Every page of every test connects from 127.0.0.1 (two sockets each, more on reconnects).
      CONNECTS_PER_MINUTE: '6000',
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next',
    },
  },
});
