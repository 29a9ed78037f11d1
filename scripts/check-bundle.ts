/* eslint-disable no-console -- a build check reports on the console; that is its output. */
/**
 * First-load JavaScript per route, from the build output, with a budget for the board and the
 * projector. Next 16 no longer prints sizes in `next build` (vercel/next.js#83815), so this adds
 * up what a route's HTML makes the browser load before it can hydrate: the app's root chunks
 * (`build-manifest.json` rootMainFiles) and the entry chunks of the route's layouts and page
 * (the page's client reference manifest, `entryJSFiles`). Chunks loaded later with `import()`
 * (the live board, the panels) are not counted: that is the point of loading them later.
 *
 * Run after `next build`; honours NEXT_DIST_DIR. Exit code 1 when a budgeted route is over.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

const distDir = path.resolve(process.env.NEXT_DIST_DIR || '.next');

/** Gzipped bytes allowed per route; measured on the build, plus a little headroom (DECISIONS). */
const BUDGETS_GZIP: Record<string, number | null> = {
  '/': null,
  '/b/[id]': 220_000,
  '/b/[id]/present': 268_000,
};

/**
 * Code that must not be in a route's first load: zod's schema classes (the schemas are the
 * server's; the browser's first load takes the protocol's values from lib/protocol/codes.ts).
 * Found by a name zod's own code carries in any build. `instrumentation-client.ts` loads only
 * zod's config module (it sets zod jitless for the chunks that parse imports later).
 */
const NOT_IN_FIRST_LOAD: { what: string; marker: string }[] = [{ what: 'zod schemas', marker: '$ZodObject' }];

interface RouteSize {
  route: string;
  files: string[];
  bytes: number;
  gzip: number;
  /** NOT_IN_FIRST_LOAD entries found in the route's first-load files. */
  found: string[];
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(distDir, file), 'utf8')) as T;
}

/** The page's client reference manifest is a script that assigns to globalThis.__RSC_MANIFEST. */
function entryChunks(route: string): string[] {
  const dir = route === '/' ? '' : route;
  const file = path.join(distDir, 'server', 'app', dir, 'page_client-reference-manifest.js');
  if (!fs.existsSync(file)) throw new Error(`no client reference manifest for ${route} (${file}): was the app built into ${distDir}?`);
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox);
  const manifest = sandbox.__RSC_MANIFEST?.[`${route === '/' ? '' : route}/page`];
  if (!manifest?.entryJSFiles) throw new Error(`the manifest for ${route} has no entryJSFiles (a Next.js change?)`);
  return Object.values(manifest.entryJSFiles).flat();
}

function measure(route: string, rootFiles: string[]): RouteSize {
  const files = [...new Set([...rootFiles, ...entryChunks(route)])];
  let bytes = 0;
  let gzip = 0;
  const found = new Set<string>();
  for (const file of files) {
    const content = fs.readFileSync(path.join(distDir, file));
    bytes += content.length;
    gzip += zlib.gzipSync(content, { level: 9 }).length;
    for (const { what, marker } of NOT_IN_FIRST_LOAD) if (content.includes(marker)) found.add(`${what} (${file})`);
  }
  return { route, files, bytes, gzip, found: [...found] };
}

function kb(n: number): string {
  return `${(n / 1000).toFixed(1)} kB`;
}

function main(): void {
  const { rootMainFiles } = readJson<{ rootMainFiles: string[] }>('build-manifest.json');
  let over = false;
  console.log(`First-load JS per route (${path.relative(process.cwd(), distDir) || distDir}):`);
  for (const [route, budget] of Object.entries(BUDGETS_GZIP)) {
    const size = measure(route, rootMainFiles);
    const verdict =
      budget === null ? '(no budget)' : size.gzip <= budget ? `PASS (budget ${kb(budget)} gzip)` : `FAIL (budget ${kb(budget)} gzip)`;
    if (budget !== null && size.gzip > budget) over = true;
    console.log(
      `  ${route.padEnd(18)} ${kb(size.bytes).padStart(10)} raw  ${kb(size.gzip).padStart(9)} gzip  ${size.files.length} files  ${verdict}`,
    );
    if (size.found.length > 0) {
      console.error(`    first load holds ${size.found.join(', ')}: import it later (import()), or only its types`);
      over = true;
    }
  }
  if (over) {
    console.error(
      'A route is over its first-load JS budget or loads what it must not: load the new code later (import()) or raise the budget with a reason in docs/DECISIONS.md.',
    );
    process.exitCode = 1;
  }
}

main();
