import type { ServerResponse } from 'node:http';

/** Answers with `body` as JSON, never cached; `headers` are added to (or override) the defaults. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** 429 with `Retry-After` and `{ error: message }`. */
export function sendTooMany(res: ServerResponse, retryAfterSeconds: number, message: string): void {
  sendJson(res, 429, { error: message }, { 'Retry-After': String(retryAfterSeconds) });
}
