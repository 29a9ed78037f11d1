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

/** A build folder as `next build` leaves it: BUILD_ID, chunks (one in a sub-folder), CSS, media. */
function fakeBuild(buildId: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-sw-'));
  fs.writeFileSync(path.join(dir, 'BUILD_ID'), buildId);
  fs.mkdirSync(path.join(dir, 'static/chunks/app'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'static/css'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'static/media'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'static/chunks/0abc.js'), 'x');
  fs.writeFileSync(path.join(dir, 'static/chunks/app/page-1f.js'), 'x');
  fs.writeFileSync(path.join(dir, 'static/chunks/0abc.js.map'), '{}');
  fs.writeFileSync(path.join(dir, 'static/css/9d.css'), 'x');
  fs.writeFileSync(path.join(dir, 'static/media/font.woff2'), 'x');
  return dir;
}

/** The script run in a stand-in service worker scope: what it registers and does on install. */
function runWorker(script: string, withRoutes: boolean) {
  const listeners: Record<string, (event: unknown) => void> = {};
  const routes: unknown[] = [];
  const waits: Promise<unknown>[] = [];
  const added: string[][] = [];
  let skipped = 0;
  const self = {
    addEventListener: (type: string, fn: (event: unknown) => void) => (listeners[type] = fn),
    skipWaiting: () => {
      skipped++;
      return Promise.resolve();
    },
  };
  const caches = { open: async () => ({ addAll: async (files: string[]) => void added.push(files) }) };
  vm.runInNewContext(script, { self, caches });
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
    assert.deepEqual(readStaticFiles(dir), {
      version: 'b1',
      files: ['/_next/static/chunks/0abc.js', '/_next/static/chunks/app/page-1f.js', '/_next/static/css/9d.css'],
    });
  });

  it('has no build without a BUILD_ID, or with one that is not a plain id', () => {
    const dir = fakeBuild('b1');
    builds.push(dir);
    fs.writeFileSync(path.join(dir, 'BUILD_ID'), "x';alert(1)//");
    assert.equal(readStaticFiles(dir), null);
    fs.rmSync(path.join(dir, 'BUILD_ID'));
    assert.equal(readStaticFiles(dir), null);
  });

  it("routes static files to this build's cache and caches them during install", async () => {
    const worker = runWorker(serviceWorkerScript({ version: 'b7', files: ['/_next/static/chunks/a.js'] }), true);
    assert.deepEqual(JSON.parse(JSON.stringify(worker.routes)), [
      { condition: { urlPattern: { pathname: '/_next/static/*' } }, source: { cacheName: `${STATIC_CACHE_PREFIX}b7` } },
    ]);
    await Promise.all(worker.waits);
    assert.deepEqual(JSON.parse(JSON.stringify(worker.added)), [['/_next/static/chunks/a.js']]);
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
    before(async () => {
      const dir = fakeBuild('b2');
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
      assert.ok(script.includes(`"b2"`));
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
