import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { acceptsGzip, createStaticFilesRoute, listStaticFiles, nextConfigHeaders } from './static-files';

/** A build folder's static files as `next build` leaves them, and a file beside the folder that must never be served. */
function fakeBuild(): { dir: string; script: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-static-'));
  fs.mkdirSync(path.join(dir, 'static/chunks/app/b/[id]'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'static/media'), { recursive: true });
  const script = `/* chunk */ ${'self.x = (self.x || 0) + 1;\n'.repeat(400)}`;
  fs.writeFileSync(path.join(dir, 'static/chunks/0abc.js'), script);
  fs.writeFileSync(path.join(dir, 'static/chunks/app/b/[id]/page-2e.js'), script);
  fs.writeFileSync(path.join(dir, 'static/chunks/tiny.css'), 'a{color:red}');
  fs.writeFileSync(path.join(dir, 'static/media/font.woff2'), Buffer.alloc(4096, 7));
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');
  fs.mkdirSync(path.join(dir, 'static/service-worker'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'static/service-worker/sw.js'), 'self.x = 1;');
  fs.writeFileSync(path.join(dir, 'static/media/module.wasm'), Buffer.alloc(64));
  return { dir, script };
}

describe('static files from memory', () => {
  let server: http.Server;
  let base: string;
  let build: { dir: string; script: string };
  /** Requests the route did not answer, as the caller (Next) would then get them. */
  const handedOn: string[] = [];

  before(async () => {
    build = fakeBuild();
    const route = createStaticFilesRoute({
      distDir: build.dir,
      dev: false,
      headers: { 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' },
    });
    server = http.createServer((req, res) => {
      void route(req, res).then((answered) => {
        if (answered) return;
        handedOn.push(`${req.method} ${req.url}`);
        res.writeHead(404).end('next');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  /** A raw request (fetch would decompress, and would normalise `..` away). */
  function get(pathname: string, headers: Record<string, string> = {}, method = 'GET') {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = http.request(`${base}${pathname}`, { method, headers, path: pathname }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('lists every file by the URL Next serves it at, sub-folders encoded per segment, not the service-worker folder', () => {
    assert.deepEqual([...listStaticFiles(build.dir).keys()].sort(), [
      '/_next/static/chunks/0abc.js',
      '/_next/static/chunks/app/b/%5Bid%5D/page-2e.js',
      '/_next/static/chunks/tiny.css',
      '/_next/static/media/font.woff2',
      '/_next/static/media/module.wasm',
    ]);
  });

  it('reads the headers next.config.js gives every path, and sends them with every file', async () => {
    const headers = await nextConfigHeaders(path.resolve('next.config.js'));
    assert.equal(headers['Referrer-Policy'], 'no-referrer');
    assert.equal(headers['X-Content-Type-Options'], 'nosniff');
    assert.ok(Object.keys(headers).length >= 4, JSON.stringify(headers));
    const res = await get('/_next/static/chunks/0abc.js');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });

  it('answers gzip to a browser that accepts it, the file as it is to one that does not', async () => {
    const zipped = await get('/_next/static/chunks/0abc.js', { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(zipped.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(zipped.headers['x-content-type-options'], 'nosniff');
    assert.equal(zipped.headers.vary, 'Accept-Encoding');
    assert.equal(Number(zipped.headers['content-length']), zipped.body.length);
    assert.ok(zipped.body.length < build.script.length / 10, `compressed to ${zipped.body.length} bytes`);
    assert.equal(zlib.gunzipSync(zipped.body).toString(), build.script);

    const plain = await get('/_next/static/chunks/0abc.js', { 'Accept-Encoding': 'gzip;q=0, br' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), build.script);
    // Strong validators differ between encodings (RFC 9110 §8.8.3).
    assert.equal(zipped.headers.etag, plain.headers.etag!.replace(/"$/, '-gz"'));
  });

  it('serves files in encoded sub-folders, with a query string, and HEAD without a body', async () => {
    const page = await get('/_next/static/chunks/app/b/%5Bid%5D/page-2e.js?dpl=abc');
    assert.equal(page.status, 200);
    assert.equal(page.body.toString(), build.script);
    const head = await get('/_next/static/chunks/0abc.js', { 'Accept-Encoding': 'gzip' }, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.ok(Number(head.headers['content-length']) > 0);
  });

  it('sends small and already compressed files as they are', async () => {
    const css = await get('/_next/static/chunks/tiny.css', { 'Accept-Encoding': 'gzip' });
    assert.equal(css.headers['content-encoding'], undefined);
    assert.equal(css.body.toString(), 'a{color:red}');
    const font = await get('/_next/static/media/font.woff2', { 'Accept-Encoding': 'gzip' });
    assert.equal(font.headers['content-encoding'], undefined);
    assert.equal(font.headers['content-type'], 'font/woff2');
    assert.equal(font.body.length, 4096);
  });

  it('answers 304 to a revalidation with the ETag it gave', async () => {
    const first = await get('/_next/static/chunks/0abc.js', { 'Accept-Encoding': 'gzip' });
    const again = await get('/_next/static/chunks/0abc.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': `W/"x", ${first.headers.etag}` });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, first.headers.etag);
    assert.equal(again.headers['content-type'], undefined);
    // A cache that stored the other encoding's answer revalidates it too (weak comparison).
    const plain = await get('/_next/static/chunks/0abc.js', { 'If-None-Match': `W/${first.headers.etag}` });
    assert.equal(plain.status, 304);
    const other = await get('/_next/static/chunks/0abc.js', { 'If-None-Match': '"something-else"' });
    assert.equal(other.status, 200);
  });

  it('hands on everything that is not a GET or HEAD of a file of this build', async () => {
    handedOn.length = 0;
    const attempts = [
      ['GET', '/_next/static/chunks/missing.js'],
      ['GET', '/_next/static/../secret.txt'],
      ['GET', '/_next/static/chunks/..%2F..%2Fsecret.txt'],
      ['GET', '/_next/static/chunks/app/b/[id]/page-2e.js'],
      ['GET', '/_next/static/chunks'],
      ['GET', '/_next/static/service-worker/sw.js'],
      ['GET', '/_next/static/media/module.wasm'],
      ['POST', '/_next/static/chunks/0abc.js'],
      ['GET', '/secret.txt'],
    ];
    for (const [method, pathname] of attempts) {
      const res = await get(pathname, {}, method);
      assert.equal(res.status, 404, `${method} ${pathname}`);
      assert.equal(res.body.toString(), 'next');
    }
    assert.equal(handedOn.length, attempts.length);
  });

  it('answers nothing in dev, where the files change under the same names', async () => {
    const route = createStaticFilesRoute({ distDir: build.dir, dev: true });
    const answered = await route(
      { method: 'GET', url: '/_next/static/chunks/0abc.js', headers: {} } as http.IncomingMessage,
      {} as http.ServerResponse,
    );
    assert.equal(answered, false);
  });
});

describe('acceptsGzip', () => {
  it('reads the tokens and their q values', () => {
    assert.equal(acceptsGzip('gzip, deflate, br, zstd'), true);
    assert.equal(acceptsGzip('br;q=1.0, gzip;q=0.8'), true);
    assert.equal(acceptsGzip('GZIP'), true);
    assert.equal(acceptsGzip('gzip;q=0'), false);
    assert.equal(acceptsGzip('gzip;q=0.000'), false);
    assert.equal(acceptsGzip('br, *'), true);
    assert.equal(acceptsGzip('*;q=0'), false);
    assert.equal(acceptsGzip('identity'), false);
    assert.equal(acceptsGzip(''), false);
    assert.equal(acceptsGzip(undefined), false);
  });
});
