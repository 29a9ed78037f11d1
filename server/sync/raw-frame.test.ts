import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { binaryFrame, writeFrame } from './raw-frame';

/** Frames written by writeFrame, between and around ws's own sends and pings, as a real ws client reads them. */
describe('raw frames', () => {
  let server: WebSocketServer;
  let url: string;
  before(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('arrive whole and in order at every length form (7-bit, 16-bit, 64-bit), mixed with ws.send and ping', async () => {
    const lengths = [0, 1, 125, 126, 127, 65535, 65536, 300_000];
    const payload = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
    const serverSide = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    const client = new WebSocket(url);
    const received: Buffer[] = [];
    let pings = 0;
    client.on('ping', () => pings++);
    const expected = lengths.length * 2;
    const done = new Promise<void>((resolve) =>
      client.on('message', (data: Buffer, isBinary: boolean) => {
        assert.equal(isBinary, true);
        received.push(data);
        if (received.length === expected) resolve();
      }),
    );
    const ws = await serverSide;
    lengths.forEach((n, i) => {
      assert.equal(writeFrame(ws, binaryFrame(payload(n, i))), true, 'written directly');
      ws.ping();
      ws.send(payload(n, i + 100));
    });
    await done;
    lengths.forEach((n, i) => {
      assert.deepEqual(new Uint8Array(received[2 * i]), payload(n, i), `raw frame of ${n} bytes`);
      assert.deepEqual(new Uint8Array(received[2 * i + 1]), payload(n, i + 100), `ws frame of ${n} bytes`);
    });
    assert.equal(pings, lengths.length);
    client.close();
  });

  it('declines (writes nothing) when ws is busy with a send of its own', async () => {
    const serverSide = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    const client = new WebSocket(url);
    const ws = await serverSide;
    await new Promise((resolve) => client.once('open', resolve));
    const sender = (ws as unknown as { _sender: { _state: number } })._sender;
    sender._state = 1; // as while ws compresses a message
    assert.equal(writeFrame(ws, binaryFrame(new Uint8Array([1, 2, 3]))), false);
    sender._state = 0;
    client.close();
  });
});
