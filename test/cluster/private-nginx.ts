import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/services';

const ROOT = path.resolve(__dirname, '../..');
/** The load balancer's configuration as it ships (mounted as conf.d/default.conf in docker-compose). */
const SHIPPED_CONFIG = path.join(ROOT, 'deploy/nginx.conf');
const START_TIMEOUT_MS = 10_000;

/**
 * The nginx binary, installed by scripts/ensure-nginx.sh when missing; when it is missing and
 * cannot be installed (no apt, not root), the script's reason, for a test to skip with.
 * Synchronous, so a test file can decide when it loads whether its tests run.
 */
export function findNginx(): { bin: string } | { missing: string } {
  const ensure = spawnSync('bash', [path.join(ROOT, 'scripts/ensure-nginx.sh')], { encoding: 'utf8' });
  if (ensure.status === 0) return { bin: ensure.stdout.trim().split('\n').pop()! };
  return {
    missing: `no nginx for the load balancer test: ${ensure.stderr.trim() || `scripts/ensure-nginx.sh exited with ${ensure.status}`}`,
  };
}

/**
 * deploy/nginx.conf with the test's addresses: the upstream servers `node-a:3000` and
 * `node-b:3000` become the nodes' 127.0.0.1 ports and `listen 80` the load balancer's free port.
 * Every other line is kept, so the test runs the file that ships; a file whose shape changed
 * (a third node, another listen line) fails here instead of being tested half.
 */
export function configForTest(shipped: string, nodePorts: [number, number], listenPort: number): string {
  const replacements: Array<[RegExp, string, number]> = [
    [/\bserver node-a:3000\b/g, `server 127.0.0.1:${nodePorts[0]}`, 2],
    [/\bserver node-b:3000\b/g, `server 127.0.0.1:${nodePorts[1]}`, 2],
    [/\blisten 80;/g, `listen 127.0.0.1:${listenPort};`, 1],
  ];
  let config = shipped;
  for (const [pattern, replacement, expected] of replacements) {
    const found = config.match(pattern)?.length ?? 0;
    if (found !== expected) throw new Error(`deploy/nginx.conf: expected ${expected} × ${pattern}, found ${found}`);
    config = config.replace(pattern, replacement);
  }
  return config;
}

export interface PrivateNginx {
  url: string;
  stop(): Promise<void>;
}

/**
 * A private nginx in front of `nodePorts`, running deploy/nginx.conf inside an `http {}` block of
 * its own (as the nginx image's main config includes conf.d/default.conf), with its own prefix
 * folder, free port and error log. One process (`master_process off`), so a test process that
 * dies leaves no worker behind.
 */
export async function privateNginx(bin: string, nodePorts: [number, number]): Promise<PrivateNginx> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refinery-nginx-'));
  fs.writeFileSync(path.join(dir, 'refinery.conf'), configForTest(fs.readFileSync(SHIPPED_CONFIG, 'utf8'), nodePorts, port));
  const temp = (name: string) => path.join(dir, name);
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'master_process off;',
      `pid ${temp('nginx.pid')};`,
      `error_log ${temp('error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      `  client_body_temp_path ${temp('body')};`,
      `  proxy_temp_path ${temp('proxy')};`,
      `  fastcgi_temp_path ${temp('fastcgi')};`,
      `  uwsgi_temp_path ${temp('uwsgi')};`,
      `  scgi_temp_path ${temp('scgi')};`,
      '  access_log off;',
      `  include ${temp('refinery.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const test = spawnSync(bin, ['-t', '-p', dir, '-c', temp('nginx.conf'), '-e', temp('error.log')], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx rejects the generated config:\n${test.stderr}`);
  const child: ChildProcess = spawn(bin, ['-p', dir, '-c', temp('nginx.conf'), '-e', temp('error.log')], { stdio: 'ignore' });
  const killAtExit = () => child.kill('SIGKILL');
  process.once('exit', killAtExit);
  const errorLog = () => (fs.existsSync(temp('error.log')) ? fs.readFileSync(temp('error.log'), 'utf8') : '');
  const started = Date.now();
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${errorLog()}`);
    if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`nginx did not listen in ${START_TIMEOUT_MS} ms:\n${errorLog()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      process.off('exit', killAtExit);
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          // SIGQUIT would wait for open WebSockets; the test is over.
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
