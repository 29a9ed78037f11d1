import Module, { createRequire } from 'node:module';
import path from 'node:path';

/**
 * One copy of Yjs per process. The server runs as CommonJS (tsx compiles server/ to `require`),
 * where `yjs` resolves to its CommonJS build, dist/yjs.cjs. The Next.js pages rendered in the
 * same process load Yjs as an external ES module (`import('yjs')`, dist/yjs.mjs) the first time
 * a board page renders: a second copy, with classes of its own ("Yjs was already imported. This
 * breaks constructor checks", https://github.com/yjs/yjs/issues/438). Requiring the .mjs file
 * instead does not help: tsx compiles it to CommonJS, a copy again.
 *
 * So the server imports the ES module build itself, the way the pages do (one URL, one module
 * instance), and every later `require('yjs')` of this process — ours, and y-protocols' — gets
 * that module. Call it before anything loads Yjs.
 */
export async function shareOneYjs(): Promise<void> {
  const yjs = await import('yjs');
  // The key it is cached under: where the ES module build lives (shown in stack traces).
  const filename = path.join(path.dirname(createRequire(__filename).resolve('yjs/package.json')), 'dist/yjs.mjs');
  const loader = Module as unknown as ModuleInternals;
  const entry = new Module(filename);
  entry.filename = filename;
  entry.loaded = true;
  entry.exports = yjs;
  loader._cache[filename] = entry;
  const resolveFilename = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request, parent, ...rest) {
    if (request === 'yjs') return filename;
    return resolveFilename.call(this, request, parent, ...rest);
  };
}

interface ModuleInternals {
  _cache: Record<string, Module>;
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
}
