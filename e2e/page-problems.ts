import type { BrowserContext, Page } from '@playwright/test';

/**
 * Collects what a page should never show under its Content-Security-Policy: the
 * `securitypolicyviolation` events of the document (recorded by an init script, which CSP does
 * not govern), console errors (Chromium reports blocked loads there too) and uncaught errors.
 */
export async function watchContext(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  violations(): Promise<string[]>;
}

export function watchPage(page: Page): PageProblems {
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    // The browser asks for /favicon.ico by itself; the app has none. Not a policy matter.
    if (where.endsWith('/favicon.ico')) return;
    consoleErrors.push(`${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    consoleErrors,
    pageErrors,
    violations: () => page.evaluate(() => [...((window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])]),
  };
}

/** Everything collected so far, one line each; empty when the page was clean. */
export async function problemsOf(watch: PageProblems): Promise<string[]> {
  return [
    ...(await watch.violations()).map((v) => `CSP: ${v}`),
    ...watch.consoleErrors.map((e) => `console: ${e}`),
    ...watch.pageErrors.map((e) => `uncaught: ${e}`),
  ];
}

/** A PNG drawn by the browser (the server checks uploads against their bytes). */
export async function drawPng(page: Page, width: number, height: number, color: string): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ({ width, height, color }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d')!;
      g.fillStyle = color;
      g.fillRect(0, 0, width, height);
      g.fillStyle = '#ffffff';
      g.fillRect(width / 4, height / 4, width / 2, height / 2);
      return canvas.toDataURL('image/png');
    },
    { width, height, color },
  );
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}
