import http from 'node:http';
import type { ServerProcess } from './server-process';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as JSON, or `{ text }` when it is not JSON. */
  json: Record<string, unknown>;
}

/**
 * One HTTP request with node:http rather than fetch: the path goes out exactly as written (`%E0`
 * stays malformed), from the source address chosen (`from`: 127.0.0.2, … is another client to
 * the server), with any Host header, on a connection of its own.
 */
export function rawRequest(
  server: ServerProcess,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; from?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        localAddress: options.from,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown>;
          try {
            json = JSON.parse(text);
          } catch {
            json = { text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
