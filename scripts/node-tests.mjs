// Runs node:test files in as many processes as run at once, each process loading its share of the
// files one after another, instead of one process per file. A test process spends most of its
// start loading the same modules again (yjs, socket.io, pg, the server's code through tsx's hook):
// the 73 unit files took 69 s of the machine's CPU one process each and 35 s in two; the 43
// integration files 164 s and 105 s (docs/DECISIONS.md, "Test suite time", ninth pass).
//
//   node scripts/node-tests.mjs [--concurrency N] [--file-timeout MS] FILE...
//
// Each file is loaded inside a suite of its own, named by its path: a top-level before() or
// beforeEach() then belongs to that file's suite (loaded side by side at the root, one file's hooks
// would run around the others' tests), and a failure names its file. The file's time is bounded as
// it was in a process of its own (--file-timeout, 300 s), its before() and after() hooks included:
// the file's suite sits inside a second one that carries the bound (a suite's own timer starts
// after its before() hooks). A file that fails to load fails its own suite, and the run exits 1;
// Node's summary counts tests, not suites, so its "fail" line does not count that file. The other
// files still run. Files are dealt to the processes in turn, in the order given. What files share
// in a process: module state, process listeners, mocked timers; every file restores what it
// changes (DECISIONS, ninth pass). A single file still runs in a process of its own:
//   node --require tsx/cjs --test lib/board/mutations.test.ts
//
// The timed tests (npm run test:timed) keep one process per file: they measure latencies, and
// what an earlier file left in the heap would be measured with them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

function usage(message) {
  process.stderr.write(`${message}\nusage: node scripts/node-tests.mjs [--concurrency N] [--file-timeout MS] FILE...\n`);
  process.exit(2);
}

const files = [];
let concurrency = 2;
let fileTimeoutMs = 300_000;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--concurrency' || arg === '--file-timeout') {
    const value = Number(args[++i]);
    if (!Number.isInteger(value) || value < 1) usage(`${arg} takes a positive whole number`);
    if (arg === '--concurrency') concurrency = value;
    else fileTimeoutMs = value;
  } else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
  else files.push(arg);
}
if (files.length === 0) usage('no test files given');
for (const file of files) if (!fs.existsSync(file)) usage(`no such file: ${file}`);

const groups = Array.from({ length: Math.min(concurrency, files.length) }, () => []);
files.forEach((file, i) => groups[i % groups.length].push(file));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-tests-'));
const entries = groups.map((group, i) => {
  const entry = path.join(dir, `group-${i + 1}-of-${groups.length}.cjs`);
  const lines = group.map((file) => {
    const name = JSON.stringify(path.relative(process.cwd(), path.resolve(file)));
    const load = `require(${JSON.stringify(path.resolve(file))});`;
    return `describe(${name}, { timeout: ${fileTimeoutMs} }, () => { describe(${name}, () => { ${load} }); });`;
  });
  fs.writeFileSync(entry, [`const { describe } = require('node:test');`, ...lines, ''].join('\n'));
  return entry;
});

// Node's runner bounds each process by --test-timeout: a group's bound is its files' bounds added up.
const groupTimeoutMs = fileTimeoutMs * Math.max(...groups.map((group) => group.length));
const child = spawn(
  process.execPath,
  [
    '--require',
    'tsx/cjs',
    '--test',
    '--test-force-exit',
    `--test-timeout=${groupTimeoutMs}`,
    `--test-concurrency=${groups.length}`,
    ...entries,
  ],
  // A process group of its own: Node's runner does not stop its file processes when it is
  // stopped, so a signal goes to the whole group (the runner and every group's process).
  { stdio: 'inherit', detached: true },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group has already ended.
    }
  });
}
child.on('error', (error) => {
  process.stderr.write(`could not start the test runner: ${error.message}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
child.on('exit', (code, signal) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
});
