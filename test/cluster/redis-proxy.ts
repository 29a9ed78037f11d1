import net from 'node:net';

/**
 * A TCP relay in front of Redis for one node, so a test can cut that node off alone (as a
 * network partition does) while the other nodes keep their Redis. Cut: every open connection is
 * dropped and new ones are refused, so the node's commands wait through its reconnect attempts
 * and then fail. Restore: it listens again on the same port.
 */
export interface RedisProxy {
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function redisProxy(redisUrl: string): Promise<RedisProxy> {
  const target = new URL(redisUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        // A proxy a test forgot to close must not keep its process alive.
        server.unref();
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stop = async () => {
    const closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  const port = await listen(0);
  const auth = target.username || target.password ? `${target.username}:${target.password}@` : '';
  return {
    url: `redis://${auth}127.0.0.1:${port}${target.pathname}`,
    cut: stop,
    restore: async () => void (await listen(port)),
    close: stop,
  };
}
