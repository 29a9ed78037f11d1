// Builds the production server: our own code (server/, lib/) bundled into plain JavaScript in
// dist/server/, every package in node_modules left to `require` at run time. The server then runs
// as `node dist/server/index.cjs`, without tsx: no loader isolate and no TypeScript transform in
// the process that serves the boards (docs/DECISIONS.md, issue 15, fourth pass). Takes a few
// hundred milliseconds and needs no Next build.
//
//   node scripts/build-server.mjs             builds
//   node scripts/build-server.mjs --if-stale  builds only when a source file is newer than the bundle
//
// The SQLite store's worker is a second entry, written where the server looks for it
// (sqlite-worker-entry.cjs beside the server's code, as in server/store/); the PostgreSQL
// compaction worker is plain CommonJS already and is copied. esbuild is tsx's own dependency
// (tsx is one of ours), resolved through it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist/server');
/** What went into the last build, for --if-stale. */
const INPUTS = path.join(OUT, 'inputs.json');
const COPIED = { 'merge-worker.cjs': 'server/store/merge-worker.cjs' };

function stale() {
  let builtAt;
  let inputs;
  try {
    builtAt = fs.statSync(path.join(OUT, 'index.cjs')).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(INPUTS, 'utf8'));
  } catch {
    return true;
  }
  const sources = [...inputs, ...Object.values(COPIED), 'scripts/build-server.mjs', 'tsconfig.json'];
  return sources.some((file) => {
    try {
      return fs.statSync(path.join(ROOT, file)).mtimeMs > builtAt;
    } catch {
      return true; // gone: its importer changed too, build again
    }
  });
}

/**
 * Each file is written beside its final name and renamed over it, the server's entry last: test
 * processes build at the same time (each checks --if-stale before it starts a server), and none
 * may start a half-written file.
 */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

async function build() {
  const { build: esbuild } = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('tsx/package.json'))('esbuild');
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: {
      index: 'server/index.ts',
      'sqlite-worker-entry': 'server/store/sqlite-worker.ts',
      'restore-worker-entry': 'server/http/restore-worker.ts',
    },
    outdir: OUT,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    // For an operator who wants stack traces in TypeScript lines: NODE_OPTIONS=--enable-source-maps.
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  fs.mkdirSync(OUT, { recursive: true });
  const entry = path.join(OUT, 'index.cjs');
  const files = [...result.outputFiles].sort((a, b) => (a.path === entry) - (b.path === entry));
  for (const [name, source] of Object.entries(COPIED)) writeAtomically(path.join(OUT, name), fs.readFileSync(path.join(ROOT, source)));
  writeAtomically(INPUTS, JSON.stringify(Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('node_modules/'))));
  for (const file of files) writeAtomically(file.path, file.path.endsWith('.cjs') ? directNamespaces(file.text) : file.contents);
}

/**
 * `import * as Y from 'yjs'` becomes `Y = __toESM(require('yjs'))`, and esbuild's __toESM copies
 * the module into a new object of getters, one closure per export: every `Y.applyUpdate` on the
 * update path then calls a getter (15–55 ms per 15 s of bench:rooms' main thread, by CPU
 * profile). A module that is an ES module already (a namespace object, as `require('yjs')` is
 * once shareOneYjs ran, or one compiled with `__esModule`) is used as it is: the same exports,
 * read directly. What that changes is only `.default` of such a module, which is its own
 * default export instead of the module itself; none of our code imports a default from one.
 */
function directNamespaces(code) {
  const helper = 'var __toESM = (mod, isNodeMode, target) => (';
  if (!code.includes(helper)) {
    if (code.includes('__toESM')) throw new Error("build-server: esbuild's __toESM helper changed; update directNamespaces()");
    return code;
  }
  return code.replace(
    helper,
    'var __toESM = (mod, isNodeMode, target) => mod != null && !isNodeMode && (mod.__esModule || mod[Symbol.toStringTag] === "Module") ? mod : (',
  );
}

if (!process.argv.includes('--if-stale') || stale()) await build();
