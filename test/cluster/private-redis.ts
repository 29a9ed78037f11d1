import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from '../helpers/services';

/**
 * A redis-server of the test's own, on a fixed port, that the test may stop and start again
 * (never the machine's shared one). Nothing is saved: a restart is an empty Redis, as after a
 * crash of a cache-only Redis.
 */
export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  /** SIGKILL: connections drop at once, as in a crash. */
  kill(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      const started = Date.now();
      while (!(await answers(port))) {
        if (Date.now() - started > 10_000) throw new Error('private redis-server did not start');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill,
  };
  await redis.start();
  return redis;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.write('PING\r\n');
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
    });
    socket.once('error', () => resolve(false));
  });
}
