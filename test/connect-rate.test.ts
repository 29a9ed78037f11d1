/**
 * A client that reconnects in a loop. Each new connection costs the server far more than a
 * message does: a socket.io handshake with its join was ~3.4 ms of the server's CPU, a document
 * socket with its first sync ~1.8 ms (2.7 on a 2,000-item board; DECISIONS, "New connections per
 * address"), and neither was charged to any budget: the cap on open connections does not bound
 * how fast they are opened and closed. Now every address has a budget of new connections per
 * minute (CONNECTS_PER_MINUTE), shared by both planes and charged before the key is looked up; a
 * connection a page of another origin opens is refused before that (it would spend the budget of
 * an address a whole venue shares).
 *
 * The budget refills while a test runs (BUDGET a minute, one every 3 s), so each check allows
 * what has come back meanwhile rather than counting exactly (the unit test does that with a clock).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { CONNECT_RATE_REFUSAL, HANDSHAKE_ERRORS, PROTOCOL_VERSION } from '../lib/protocol';
import { connectControl, handshakeOutcome } from './helpers/control-client';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';

const BUDGET = 20;

/** Opens a document socket from `localAddress`: 'open', or the HTTP status it was refused with. */
function openSync(
  server: ServerProcess,
  boardId: string,
  key: string,
  localAddress: string,
  headers: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/yjs/${boardId}?key=${encodeURIComponent(key)}`, {
      localAddress,
      headers,
    });
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(String(res.statusCode));
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => resolve(`error: ${err.message}`));
  });
}

/** A socket.io handshake: 'connected', or the refusal's reason. */
async function openControl(
  server: ServerProcess,
  boardId: string,
  key: string,
  localAddress: string,
  extraHeaders: Record<string, string> = {},
): Promise<string> {
  const socket = connectControl(server.url, boardId, key, {}, { localAddress, extraHeaders });
  try {
    return await handshakeOutcome(socket);
  } finally {
    socket.disconnect();
  }
}

interface RawEngine {
  ws: WebSocket;
  /** Every packet received, in order. */
  seen: string[];
  /** The next packet not starting with `skip`, waiting up to 5 s. */
  nextOther(skip: string): Promise<string>;
  closed: Promise<number>;
}

/** A raw engine.io v4 WebSocket (what socket.io runs on), opened and past its "0{…}" open packet. */
async function openEngine(server: ServerProcess, localAddress: string): Promise<RawEngine> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { localAddress });
  const seen: string[] = [];
  let read = 0;
  let wake: (() => void) | null = null;
  ws.on('message', (data: Buffer) => {
    const packet = data.toString();
    if (packet === '2') return void ws.send('3'); // engine.io ping → pong
    seen.push(packet);
    wake?.();
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const nextOther = async (skip: string): Promise<string> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      while (read < seen.length) {
        const packet = seen[read++];
        if (!packet.startsWith(skip)) return packet;
      }
      if (Date.now() > deadline) throw new Error('no packet within 5 s');
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
      wake = null;
    }
  };
  assert.match(await nextOther('42'), /^0\{/, 'engine.io open');
  return { ws, seen, nextOther, closed };
}

/** New connections the budget allows from `started` until now: the whole minute's, plus what refilled. */
function allowance(started: number): number {
  return BUDGET + Math.floor(((performance.now() - started) / 60_000) * BUDGET);
}

describe('new connections per address per minute', () => {
  let server: ServerProcess;
  let board: Awaited<ReturnType<typeof createBoard>>;
  before(async () => {
    server = await startServerProcess({ env: { CONNECTS_PER_MINUTE: String(BUDGET) } });
    board = await createBoard(server.url, 'Reconnects');
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses an address that reconnects in a loop past its budget, on both planes, and nobody else', async () => {
    const started = performance.now();
    const outcomes: string[] = [];
    for (let i = 0; i < 2 * BUDGET; i++) {
      outcomes.push(
        i % 2 === 0
          ? await openControl(server, board.id, board.keys.participant, '127.0.0.7')
          : await openSync(server, board.id, board.keys.participant, '127.0.0.7'),
      );
    }
    const opened = outcomes.filter((o) => o === 'connected' || o === 'open').length;
    assert.ok(opened >= BUDGET, `within the budget every connection opens: ${outcomes.join(' ')}`);
    assert.ok(opened <= allowance(started), `${opened} opened, budget ${BUDGET} and what refilled: ${outcomes.join(' ')}`);
    // Each plane refused, saying why.
    assert.ok(outcomes.includes(CONNECT_RATE_REFUSAL), `a socket.io handshake refused: ${outcomes.join(' ')}`);
    assert.ok(outcomes.includes('429'), `a document socket refused: ${outcomes.join(' ')}`);
    assert.deepEqual([...new Set(outcomes)].sort(), ['429', 'connected', 'open', CONNECT_RATE_REFUSAL].sort());
    // Another address (another person, another room) is not affected.
    assert.equal(await openControl(server, board.id, board.keys.participant, '127.0.0.8'), 'connected');
    assert.equal(await openSync(server, board.id, board.keys.participant, '127.0.0.8'), 'open');
  });

  it('charges every socket.io handshake, also several over one engine connection', async () => {
    // engine.io's own handshake happens once per connection; a socket.io client may then join,
    // leave and join again over it (CONNECT "40", DISCONNECT "41") as often as it likes.
    const engine = await openEngine(server, '127.0.0.10');
    // Someone else on the board sees each leave: the next join waits for it (socket.io handles a
    // leave on its next tick, and a join read before that closes the whole connection).
    const observer = connectControl(server.url, board.id, board.keys.participant, {}, { localAddress: '127.0.0.12' });
    assert.equal(await handshakeOutcome(observer), 'connected');
    const left = new Set<string>();
    observer.on('roster:delta', (delta: { op: string; clientId?: string }) => {
      if (delta.op === 'leave' && delta.clientId) left.add(delta.clientId);
    });
    const auth = JSON.stringify({ boardId: board.id, key: board.keys.participant, protocolVersion: PROTOCOL_VERSION });
    const started = performance.now();
    let joined = 0;
    let refusal = '';
    try {
      while (joined <= 2 * BUDGET) {
        engine.ws.send(`40${auth}`);
        // The namespace's answer: "40{sid}" (joined) or "44{message}" (refused); the events a
        // join brings (session, roster… are "42[…]") are skipped.
        const reply = await engine.nextOther('42');
        if (reply.startsWith('44')) {
          refusal = (JSON.parse(reply.slice(2)) as { message: string }).message;
          break;
        }
        const sid = (JSON.parse(reply.slice(2)) as { sid: string }).sid;
        joined++;
        engine.ws.send('41');
        await waitFor(() => left.has(sid), 5000, `the leave of ${sid}`);
      }
    } finally {
      engine.ws.terminate();
      observer.disconnect();
    }
    assert.equal(refusal, CONNECT_RATE_REFUSAL, `refused after ${joined} joins over one connection`);
    assert.ok(joined >= BUDGET && joined <= allowance(started), `${joined} joins, budget ${BUDGET}`);
  });

  it('looks up the key of one of many handshakes sent back to back over one engine connection, then closes it', async () => {
    // socket.io starts each CONNECT's check at once, before the first has answered.
    const engine = await openEngine(server, '127.0.0.13');
    const wrong = JSON.stringify({ boardId: board.id, key: 'not-the-key', protocolVersion: PROTOCOL_VERSION });
    for (let i = 0; i < 50; i++) engine.ws.send(`40${wrong}`);
    const code = await engine.closed;
    const answers = engine.seen.filter((p) => p.startsWith('44')).map((p) => (JSON.parse(p.slice(2)) as { message: string }).message);
    // One key lookup at most (its answer may not be written before the connection closes); each
    // handshake read while it ran, or after a refusal, refused without one (50 lookups before).
    assert.ok(answers.length > 0, 'refused');
    assert.ok(answers.filter((a) => a === HANDSHAKE_ERRORS.wrongKey).length <= 1, answers.join(' '));
    assert.ok(
      answers.every((a) => a === HANDSHAKE_ERRORS.wrongKey || a === HANDSHAKE_ERRORS.badRequest),
      answers.join(' '),
    );
    assert.ok(code > 0, 'the connection was closed');
  });

  it('charges handshakes with a wrong key too: a loop of them is refused before its key is looked up', async () => {
    const started = performance.now();
    const outcomes: string[] = [];
    for (let i = 0; i < 2 * BUDGET; i++) outcomes.push(await openSync(server, board.id, 'not-the-key', '127.0.0.11'));
    const looked = outcomes.filter((o) => o === '403').length;
    assert.ok(looked >= BUDGET && looked <= allowance(started), `${looked} keys looked up, budget ${BUDGET}: ${outcomes.join(' ')}`);
    assert.deepEqual([...new Set(outcomes)].sort(), ['403', '429']);
    // The address spent its budget on wrong keys: the right one waits for the refill as well (one
    // connection comes back every 3 s, so of three tried at once at most one may open).
    const right = [
      await openControl(server, board.id, board.keys.participant, '127.0.0.11'),
      await openSync(server, board.id, board.keys.participant, '127.0.0.11'),
      await openSync(server, board.id, board.keys.participant, '127.0.0.11'),
    ];
    assert.ok(right.filter((o) => o === 'open' || o === 'connected').length <= 1, right.join(' '));
    assert.ok(right.includes(CONNECT_RATE_REFUSAL) || right.includes('429'), right.join(' '));
  });

  it('refuses a connection a page of another origin opens, before anything is looked up, charged or held', async () => {
    // A page elsewhere, open in a browser at the venue, could otherwise spend the venue's shared
    // address's budget (and its open-connection slots); browsers say where a request comes from.
    const started = performance.now();
    for (const site of ['cross-site', 'same-site']) {
      for (let i = 0; i < BUDGET; i++) {
        // Wrong keys and right ones alike: the app's own pages are same-origin.
        assert.equal(
          await openSync(server, board.id, i % 2 ? 'not-the-key' : board.keys.participant, '127.0.0.14', { 'Sec-Fetch-Site': site }),
          '403',
        );
        const control = await openControl(server, board.id, board.keys.participant, '127.0.0.14', { 'Sec-Fetch-Site': site });
        assert.notEqual(control, 'connected', `a ${site} socket.io connection`);
      }
      // socket.io's other transport, the app's fallback: its first poll is refused the same way.
      const polling = connectControl(
        server.url,
        board.id,
        board.keys.participant,
        {},
        {
          localAddress: '127.0.0.14',
          transports: ['polling'],
          extraHeaders: { 'Sec-Fetch-Site': site },
        },
      );
      try {
        assert.notEqual(await handshakeOutcome(polling), 'connected', `a ${site} socket.io connection over polling`);
      } finally {
        polling.disconnect();
      }
    }
    // The address's budget is whole: a minute's worth opens from it now, the app's way.
    let opened = 0;
    while ((await openSync(server, board.id, board.keys.participant, '127.0.0.14', { 'Sec-Fetch-Site': 'same-origin' })) === 'open') {
      opened++;
      if (opened > allowance(started)) break;
    }
    assert.ok(opened >= BUDGET && opened <= allowance(started), `${opened} opened after the refusals, budget ${BUDGET}`);
  });

  it('lets the refused address in again as its budget refills', async () => {
    const started = performance.now();
    let opened = 0;
    while ((await openSync(server, board.id, board.keys.participant, '127.0.0.9')) === 'open') {
      opened++;
      assert.ok(opened <= allowance(started), `${opened} connections opened in a row, budget ${BUDGET}`);
    }
    // One more comes back every 60 / BUDGET seconds.
    await new Promise((resolve) => setTimeout(resolve, (60_000 / BUDGET) * 1.2));
    assert.equal(await openSync(server, board.id, board.keys.participant, '127.0.0.9'), 'open');
  });
});
