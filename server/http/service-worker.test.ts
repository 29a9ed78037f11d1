import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { SERVICE_WORKER_PATH } from '../../lib/protocol/codes';
import { STATIC_CACHE_PREFIX, createServiceWorkerRoute, readStaticFiles, serviceWorkerScript } from './service-worker';

/** A build folder as `next build` leaves it: BUILD_ID, chunks (some in sub-folders), CSS, media. */
function fakeBuild(buildId: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-sw-'));
  fs.writeFileSync(path.join(dir, 'BUILD_ID'), buildId);
  fs.mkdirSync(path.join(dir, 'static/chunks/app/b/[id]'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'static/chunks/app/b/[id]/page-2e.js'), 'x');
  fs.mkdirSync(path.join(dir, 'static/css'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'static/media'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'static/chunks/0abc.js'), 'x');
  fs.writeFileSync(path.join(dir, 'static/chunks/app/page-1f.js'), 'x');
  fs.writeFileSync(path.join(dir, 'static/chunks/0abc.js.map'), '{}');
  fs.writeFileSync(path.join(dir, 'static/css/9d.css'), 'x');
  fs.writeFileSync(path.join(dir, 'static/media/font.woff2'), 'x');
  return dir;
}

class FakeRequest {
  constructor(
    readonly url: string,
    readonly init: { cache?: string; mode?: string } = {},
  ) {}
}

/** The script run in a stand-in service worker scope: what it registers and does on install. */
function runWorker(script: string, withRoutes: boolean) {
  const listeners: Record<string, (event: unknown) => void> = {};
  const routes: unknown[] = [];
  const waits: Promise<unknown>[] = [];
  const added: string[] = [];
  let skipped = 0;
  const self = {
    addEventListener: (type: string, fn: (event: unknown) => void) => (listeners[type] = fn),
    skipWaiting: () => {
      skipped++;
      return Promise.resolve();
    },
  };
  const caches = {
    open: async () => ({
      add: async (request: FakeRequest) => {
        // Asked of the browser's HTTP cache only: a file this browser has not loaded fails.
        if (request.init.cache !== 'only-if-cached' || request.init.mode !== 'same-origin') throw new Error('asked the network');
        if (request.url.includes('gone')) throw new TypeError('Failed to fetch');
        added.push(request.url);
      },
    }),
  };
  vm.runInNewContext(script, { self, caches, Request: FakeRequest });
  listeners.install({
    ...(withRoutes ? { addRoutes: (rule: unknown) => void routes.push(rule) } : {}),
    waitUntil: (promise: Promise<unknown>) => void waits.push(promise),
  });
  return { listeners, routes, added, waits, skipped: () => skipped };
}

describe('service worker', () => {
  const builds: string[] = [];
  after(() => builds.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it("lists the build's JavaScript and CSS under their URLs, not maps or media", () => {
    const dir = fakeBuild('b1');
    builds.push(dir);
    assert.deepEqual(readStaticFiles(dir)?.files, [
      '/_next/static/chunks/0abc.js',
      // Each path segment encoded, as Next writes its chunk URLs.
      '/_next/static/chunks/app/b/%5Bid%5D/page-2e.js',
      '/_next/static/chunks/app/page-1f.js',
      '/_next/static/css/9d.css',
    ]);
  });

  it('names the version after the files: the same build gives the same worker on every node', () => {
    const one = fakeBuild('random-id-1');
    const two = fakeBuild('random-id-2');
    builds.push(one, two);
    const first = readStaticFiles(one)!;
    assert.match(first.version, /^[A-Za-z0-9_-]{16}$/);
    assert.equal(readStaticFiles(two)!.version, first.version);
    assert.equal(serviceWorkerScript(readStaticFiles(two)), serviceWorkerScript(first));
    fs.writeFileSync(path.join(two, 'static/chunks/1new.js'), 'x');
    assert.notEqual(readStaticFiles(two)!.version, first.version);
  });

  it('has no build without static files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-sw-'));
    builds.push(dir);
    assert.equal(readStaticFiles(dir), null);
    assert.equal(readStaticFiles(path.join(dir, 'missing')), null);
  });

  it("routes static files to this build's cache and caches them during install", async () => {
    const files = ['/_next/static/chunks/a.js', '/_next/static/chunks/gone.js', '/_next/static/css/c.css'];
    const worker = runWorker(serviceWorkerScript({ version: 'b7', files }), true);
    assert.deepEqual(JSON.parse(JSON.stringify(worker.routes)), [
      { condition: { urlPattern: { pathname: '/_next/static/*' } }, source: { cacheName: `${STATIC_CACHE_PREFIX}b7` } },
    ]);
    await Promise.all(worker.waits);
    // A file that fails (not in this browser's HTTP cache) leaves the others cached and the install whole.
    assert.deepEqual(JSON.parse(JSON.stringify(worker.added)), ['/_next/static/chunks/a.js', '/_next/static/css/c.css']);
    assert.equal(worker.skipped(), 1);
    // No fetch handler: pages, the API and the sockets never wait for this worker.
    assert.deepEqual(Object.keys(worker.listeners).sort(), ['activate', 'install']);
  });

  it('caches nothing in a browser without static routes (the cache would never be read)', () => {
    const worker = runWorker(serviceWorkerScript({ version: 'b7', files: ['/_next/static/chunks/a.js'] }), false);
    assert.deepEqual(worker.added, []);
    assert.equal(worker.waits.length, 0);
    assert.equal(worker.skipped(), 1);
  });

  describe(`GET ${SERVICE_WORKER_PATH}`, () => {
    let server: http.Server;
    let base: string;
    let dev: http.Server;
    let devBase: string;
    const listen = async (s: http.Server) => {
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    };
    const serve = (route: ReturnType<typeof createServiceWorkerRoute>) =>
      http.createServer((req, res) => {
        if (!route(req, res)) res.writeHead(404).end('next');
      });
    let buildDir: string;
    before(async () => {
      const dir = fakeBuild('b2');
      buildDir = dir;
      builds.push(dir);
      server = serve(createServiceWorkerRoute({ distDir: dir, dev: false }));
      base = await listen(server);
      dev = serve(createServiceWorkerRoute({ distDir: dir, dev: true }));
      devBase = await listen(dev);
    });
    after(() => {
      server.close();
      dev.close();
    });

    it('answers a script that is never taken from a cache without asking', async () => {
      const res = await fetch(`${base}${SERVICE_WORKER_PATH}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      const script = await res.text();
      assert.ok(script.includes('"/_next/static/chunks/app/page-1f.js"'));
      assert.ok(script.includes(JSON.stringify(readStaticFiles(buildDir)!.version)));
      new vm.Script(script);
      const head = await fetch(`${base}${SERVICE_WORKER_PATH}?v=1`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
    });

    it('refuses other methods and leaves other paths to Next', async () => {
      const post = await fetch(`${base}${SERVICE_WORKER_PATH}`, { method: 'POST', body: 'x' });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'GET, HEAD');
      assert.equal(await (await fetch(`${base}/sw.jsx`)).text(), 'next');
      assert.equal(await (await fetch(`${base}/b/sw.js`)).text(), 'next');
    });

    it('answers the dev server with a worker that deletes the caches and unregisters itself', async () => {
      const script = await (await fetch(`${devBase}${SERVICE_WORKER_PATH}`)).text();
      const deleted: string[] = [];
      let unregistered = false;
      const listeners: Record<string, (event: unknown) => void> = {};
      const waits: Promise<unknown>[] = [];
      vm.runInNewContext(script, {
        self: {
          addEventListener: (type: string, fn: (event: unknown) => void) => (listeners[type] = fn),
          skipWaiting: () => Promise.resolve(),
          registration: { unregister: async () => void (unregistered = true) },
        },
        caches: {
          keys: async () => [`${STATIC_CACHE_PREFIX}old`, 'someone-else'],
          delete: async (name: string) => void deleted.push(name),
        },
      });
      listeners.activate({ waitUntil: (p: Promise<unknown>) => void waits.push(p) });
      await Promise.all(waits);
      assert.deepEqual(deleted, [`${STATIC_CACHE_PREFIX}old`]);
      assert.equal(unregistered, true);
    });
  });
});
