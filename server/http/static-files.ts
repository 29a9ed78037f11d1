import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * a strong ETag for a revalidation. Only GET and HEAD of a path that is a file of this build, by
 * exact match of the URL's path, are answered here: anything else (another method, a file added
 * after start, an encoded or traversing path) goes on to Next, as before.
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
  etag: string;
  type: string;
}

/**
 * Every file under `<distDir>/static`, by the URL Next serves it at: per path segment encoded as
 * Next writes the URLs of its chunks (app/b/[id] → app/b/%5Bid%5D). Empty without a build.
 */
export function listStaticFiles(distDir: string, accept: (name: string) => boolean = () => true): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, url: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const child = `${url}/${encodeURIComponent(entry.name)}`;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, child);
      else if (entry.isFile() && accept(entry.name)) files.set(child, full);
    }
  };
  walk(path.join(distDir, STATIC_DIR), STATIC_URL);
  return files;
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
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const gzipped = body.length >= MIN_COMPRESS_BYTES && TEXT_TYPE.test(type) ? await gzip(body, { level: 9 }) : null;
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, gzipped, etag, type };
}

/**
 * Answers GET/HEAD of this build's static files from memory; resolves false for anything else,
 * which the caller hands on (to Next). `dev`: never answers (the dev server rebuilds files
 * under the same names).
 */
export function createStaticFilesRoute(options: {
  distDir: string;
  dev: boolean;
}): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const files = options.dev ? new Map<string, string>() : listStaticFiles(options.distDir);
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
    const headers: Record<string, string | number> = {
      'Content-Type': entry.type,
      'Cache-Control': CACHE_CONTROL,
      ETag: entry.etag,
      'X-Content-Type-Options': 'nosniff',
    };
    if (entry.gzipped) headers.Vary = 'Accept-Encoding';
    const match = req.headers['if-none-match'];
    if (match !== undefined && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === entry.etag || tag.trim() === '*')) {
      res.writeHead(304, headers).end();
      return true;
    }
    const zipped = entry.gzipped !== null && acceptsGzip(req.headers['accept-encoding'] as string | undefined);
    const body = zipped ? entry.gzipped! : entry.body;
    if (zipped) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
