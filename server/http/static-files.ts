import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * The build's browser files (`/_next/static/…`), answered from memory, compressed once.
 *
 * Why: Next's handler reads each file from disk and gzips it again on every request, on the
 * server's one thread. A board's first visit loads ~690 kB of JavaScript and CSS in ten files
 * at once, then its service worker fetches the build's other files: ~55 ms of the server's CPU
 * per visitor for the first-load files alone (measured: 5 × the board's ten files), and the last
 * file of the burst waits for all the others' compression. When a meeting's people open the
 * link together, or while a visitor's page loads beside everyone else's edits on a 2-core
 * machine, that is CPU taken from the sync server and from the page itself (bench:board,
 * DECISIONS "Static files from memory").
 *
 * Each file is read and gzip-compressed (level 9, on libuv's thread pool, not the event loop)
 * the first time it is asked for, and kept: a build's static folder is ~1.6 MB. File names
 * carry their content hash, so the answer is cached for a year as Next's is (`immutable`), with
 * a strong ETag per encoding for a revalidation, and next.config.js's headers for every path. Only
 * GET and HEAD of a path that is a file of this build of a type listed below, by exact match of the
 * URL's path, are answered here: anything else (another method, a file added after start, another
 * type, an encoded or traversing path, `static/service-worker/`) goes on to Next, as before.
 */

const gzip = promisify(zlib.gzip);

/** Where Next keeps the browser's files under the build folder, and the URL it serves them at. */
const STATIC_DIR = 'static';
const STATIC_URL = '/_next/static';
/** Smaller files go out as they are: gzip's header and the Vary dance cost more than they save. */
const MIN_COMPRESS_BYTES = 1024;
/** Next's own answer for hashed build files. */
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};
/** Types worth compressing (images and fonts are compressed already). */
const TEXT_TYPE = /^(application\/(javascript|json)|text\/|image\/svg)/;

interface LoadedFile {
  body: Buffer;
  gzipped: Buffer | null;
  /** Strong validators differ between encodings (RFC 9110 §8.8.3): the gzip one ends in -gz. */
  etag: string;
  gzipEtag: string;
  type: string;
}

/** Next serves these with its own headers (a service worker build: max-age=0, Service-Worker-Allowed). */
const LEFT_TO_NEXT_DIRS = new Set([`${STATIC_URL}/service-worker`]);

/** Files this route answers: the types above; any other goes to Next, which knows more types. */
function servedHere(name: string): boolean {
  return Object.hasOwn(CONTENT_TYPES, path.extname(name).toLowerCase());
}

/**
 * Every file under `<distDir>/static`, by the URL Next serves it at: per path segment encoded as
 * Next writes the URLs of its chunks (app/b/[id] → app/b/%5Bid%5D). Empty without a build.
 * `static/service-worker/` is left out: Next serves it with headers of its own.
 */
export function listStaticFiles(distDir: string, accept: (name: string) => boolean = () => true): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, url: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const child = `${url}/${encodeURIComponent(entry.name)}`;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !LEFT_TO_NEXT_DIRS.has(child)) walk(full, child);
      else if (entry.isFile() && accept(entry.name)) files.set(child, full);
    }
  };
  walk(path.join(distDir, STATIC_DIR), STATIC_URL);
  return files;
}

/**
 * The headers next.config.js gives every path (`source: '/:path*'`), which Next applied to its
 * static files too: one list, read from the config, not written twice.
 */
export async function nextConfigHeaders(configFile: string): Promise<Record<string, string>> {
  const config = createRequire(configFile)(configFile) as {
    headers?: () => Promise<Array<{ source: string; headers: Array<{ key: string; value: string }> }>>;
  };
  const rules = (await config.headers?.()) ?? [];
  const all = rules.find((rule) => rule.source === '/:path*');
  return Object.fromEntries((all?.headers ?? []).map(({ key, value }) => [key, value]));
}

/** Whether an Accept-Encoding header lets us answer in gzip (a `gzip` or `*` token whose q is not 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name.trim() === 'gzip') return allowed;
    if (name.trim() === '*') star = allowed;
  }
  return star;
}

async function load(file: string): Promise<LoadedFile> {
  const body = await fs.promises.readFile(file);
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
  const gzipped = body.length >= MIN_COMPRESS_BYTES && TEXT_TYPE.test(type) ? await gzip(body, { level: 9 }) : null;
  const hash = crypto.createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return { body, gzipped, etag: `"${hash}"`, gzipEtag: `"${hash}-gz"`, type };
}

/**
 * Answers GET/HEAD of this build's static files from memory; resolves false for anything else,
 * which the caller hands on (to Next). `dev`: never answers (the dev server rebuilds files
 * under the same names).
 */
export function createStaticFilesRoute(options: {
  distDir: string;
  dev: boolean;
  /** Sent with every file, as Next sent next.config.js's headers for every path (nextConfigHeaders). */
  headers?: Record<string, string>;
}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const files = options.dev ? new Map<string, string>() : listStaticFiles(options.distDir, servedHere);
  const common = options.headers ?? {};
  const loaded = new Map<string, Promise<LoadedFile>>();
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    const file = files.get(pathname);
    if (file === undefined) return false;
    let pending = loaded.get(pathname);
    if (!pending) {
      pending = load(file);
      loaded.set(pathname, pending);
      // A file that could not be read (deleted under a running server) is tried again next time.
      pending.catch(() => loaded.delete(pathname));
    }
    let entry: LoadedFile;
    try {
      entry = await pending;
    } catch {
      return false;
    }
    const zipped = entry.gzipped !== null && acceptsGzip(req.headers['accept-encoding'] as string | undefined);
    const etag = zipped ? entry.gzipEtag : entry.etag;
    const headers: Record<string, string | number> = { ...common, 'Cache-Control': CACHE_CONTROL, ETag: etag };
    if (entry.gzipped) headers.Vary = 'Accept-Encoding';
    const match = req.headers['if-none-match'];
    // Weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored; either encoding's tag matches.
    if (
      match !== undefined &&
      match.split(',').some((tag) => {
        const bare = tag.trim().replace(/^W\//, '');
        return bare === '*' || bare === entry.etag || bare === entry.gzipEtag;
      })
    ) {
      res.writeHead(304, headers).end();
      return true;
    }
    const body = zipped ? entry.gzipped! : entry.body;
    headers['Content-Type'] = entry.type;
    headers['X-Content-Type-Options'] = 'nosniff';
    if (zipped) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
