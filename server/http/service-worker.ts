import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SERVICE_WORKER_PATH } from '../../lib/protocol/codes';
import { listStaticFiles } from './static-files';

/**
 * The app's service worker (SERVICE_WORKER_PATH, registered by lib/client/app-cache.ts once a
 * board is live): it keeps this build's static JavaScript and CSS in Cache Storage, and the
 * browser answers `/_next/static/` from there by a static route, without starting the worker.
 *
 * Why: a returning visit spent ~170 ms of its main thread compiling the same JavaScript again
 * (V8.CompileCode, traced), because a browser keeps a script's compiled code only for scripts it
 * has run twice within 72 hours, and a team meets every two weeks. Chromium compiles every
 * function of a script cached during a service worker's `install` and keeps that code beside
 * the cache entry, so the next visit starts from compiled code (DECISIONS, issue 15).
 *
 * The worker has no fetch handler: pages, the API and the sockets never pass through it, and a
 * browser without static routes (`InstallEvent.addRoutes`) gets a worker that caches nothing
 * and does nothing. A file missing from the cache comes from the network. File names carry
 * their content hash, and the worker's version is a hash of the list: two nodes serving the same
 * build serve the same worker. A new build's worker takes over at once and deletes earlier
 * builds' caches (DECISIONS: what that means for a page left open across a deploy).
 */

/** Cache Storage names of the app's static files start with this; the version follows. */
export const STATIC_CACHE_PREFIX = 'refinery-static-';
/** Where Next keeps the browser's files, under the build folder's static/; served at /_next/static/. */
const STATIC_DIRS = ['chunks', 'css'];
const STATIC_FILE = /\.(js|css)$/;

/** The build's static JavaScript and CSS, by URL, and a version naming that list; null without a build. */
export function readStaticFiles(distDir: string): { version: string; files: string[] } | null {
  const files = [...listStaticFiles(distDir, (name) => STATIC_FILE.test(name)).keys()].filter((url) =>
    STATIC_DIRS.some((dir) => url.startsWith(`/_next/static/${dir}/`)),
  );
  if (files.length === 0) return null;
  files.sort();
  const version = crypto.createHash('sha256').update(files.join('\n')).digest('base64url').slice(0, 16);
  return { version, files };
}

/**
 * The worker's script. With `build` null (the dev server, or no build), a worker that deletes the
 * app's caches and unregisters itself: a browser that ran a production build on this origin
 * before must not keep routing static files to that build's cache.
 */
export function serviceWorkerScript(build: { version: string; files: string[] } | null): string {
  if (!build) {
    return `'use strict';
// Refinery: no production build is served here; this worker removes the app's cache and itself.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(${JSON.stringify(STATIC_CACHE_PREFIX)})).map((name) => caches.delete(name))))
      .then(() => self.registration.unregister()),
  );
});
`;
  }
  return `'use strict';
// Refinery's service worker (server/http/service-worker.ts): this build's static files, cached.
const PREFIX = ${JSON.stringify(STATIC_CACHE_PREFIX)};
const CACHE = PREFIX + ${JSON.stringify(build.version)};
const FILES = ${JSON.stringify(build.files)};
self.addEventListener('install', (event) => {
  // Without static routes the cache would never be read: cache nothing, do nothing.
  if (typeof event.addRoutes !== 'function') return self.skipWaiting();
  event.waitUntil(
    // The browser answers these from the cache without starting this worker; a file not in the
    // cache comes from the network. A route refused fails the install: nothing would read the cache.
    Promise.resolve(event.addRoutes({ condition: { urlPattern: { pathname: '/_next/static/*' } }, source: { cacheName: CACHE } }))
      .then(() => caches.open(CACHE))
      // Cached here, in install, the scripts are compiled whole and their code kept with them.
      // Only what this browser has already loaded (its HTTP cache: the files are immutable), so
      // a room of people installing at once asks the server for nothing; one by one, so a file
      // it has not loaded is simply left out and comes from the network when it is needed.
      .then((cache) =>
        Promise.allSettled(FILES.map((file) => cache.add(new Request(file, { cache: 'only-if-cached', mode: 'same-origin' })))),
      )
      .then(() => self.skipWaiting()),
  );
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))),
    ),
  );
});
`;
}

/**
 * Answers GET/HEAD SERVICE_WORKER_PATH; false for any other path. The build is read when the
 * route is made (at server start, after Next has prepared it). `dev`: the retiring worker,
 * since the dev server's files change under the same names.
 */
export function createServiceWorkerRoute(options: {
  distDir: string;
  dev: boolean;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const script = serviceWorkerScript(options.dev ? null : readStaticFiles(options.distDir));
  return (req, res) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname !== SERVICE_WORKER_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('use GET');
      return true;
    }
    res.writeHead(200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Length': Buffer.byteLength(script),
      // Checked on every visit: a new build's worker replaces the old one at the next page load.
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : script);
    return true;
  };
}
