/**
 * One attack from issue 10, run in its own process (so its CPU is not the measuring process's)
 * against a running server, for DURATION_MS, from a loopback address of its own (127.0.0.2).
 * Usage: abuse-attacker.ts <attack> <baseUrl> <boardJson>. Prints one JSON line of what it did.
 */
import net from 'node:net';
import * as Y from 'yjs';
import { connectControl, handshakeOutcome } from '../test/helpers/control-client';
import { awarenessMessage, openRawPeer, recordUpdates, sleep, syncStep1Message, updateMessage } from '../test/helpers/attack';

const [attack, baseUrl, boardJson] = process.argv.slice(2);
const board = JSON.parse(boardJson) as {
  id: string;
  keys: Record<'facilitator' | 'participant' | 'spectator', string>;
  heavyClient?: number;
};
const DURATION_MS = Number(process.env.DURATION_MS ?? 4000);
const FROM = { localAddress: '127.0.0.2' };
const until = Date.now() + DURATION_MS;
const stats = { attack, sent: 0, closes: {} as Record<string, number> };
const noteClose = (code: number) => (stats.closes[code] = (stats.closes[code] ?? 0) + 1);

async function unclaimedUpgrades(): Promise<void> {
  const port = Number(new URL(baseUrl).port);
  while (Date.now() < until) {
    const batch = Array.from(
      { length: 100 },
      (_, i) =>
        new Promise<void>((resolve) => {
          const socket = net.connect({ port, host: '127.0.0.1', localAddress: FROM.localAddress });
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          socket.write(
            `GET ${i % 2 ? '/socket.io' : '/socket.iox'} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
          );
          stats.sent++;
          setTimeout(() => (socket.destroy(), resolve()), 2000);
        }),
    );
    await Promise.all(batch);
  }
}

async function pendingStructs(): Promise<void> {
  const source = new Y.Doc();
  const updates = recordUpdates(source);
  source.getText('t').insert(0, 'a');
  source.getText('t').insert(1, 'b'.repeat(800_000));
  const orphan = updateMessage(updates[1]);
  while (Date.now() < until) {
    const peer = await openRawPeer(baseUrl, board.id, board.keys.participant, FROM).catch(() => null);
    if (!peer) continue;
    peer.ws.send(orphan);
    stats.sent++;
    noteClose((await peer.closed).code);
  }
}

async function step1Flood(): Promise<void> {
  let variant = 0;
  while (Date.now() < until) {
    const peer = await openRawPeer(baseUrl, board.id, board.keys.spectator, FROM).catch(() => null);
    if (!peer) continue;
    const flood = setInterval(() => {
      for (let i = 0; i < 20 && peer.ws.readyState === peer.ws.OPEN; i++) {
        const clock = 1 + (variant++ % 50_000);
        peer.ws.send(syncStep1Message(Y.encodeStateVector(new Map([[board.heavyClient ?? 1, clock]]) as unknown as Y.Doc)));
        stats.sent++;
      }
    }, 10);
    const closed = await Promise.race([peer.closed, sleep(until - Date.now()).then(() => null)]);
    clearInterval(flood);
    if (closed) noteClose(closed.code);
    else peer.ws.terminate();
  }
}

async function bigDoc(): Promise<void> {
  const source = new Y.Doc();
  const updates = recordUpdates(source);
  for (let i = 0; i < 1000; i++) source.getText(`t${i % 10}`).insert(0, String(i % 10).repeat(50 * 1024));
  const peer = await openRawPeer(baseUrl, board.id, board.keys.participant, FROM);
  for (const update of updates) {
    if (peer.ws.readyState !== peer.ws.OPEN || Date.now() > until) break;
    peer.ws.send(updateMessage(update));
    stats.sent++;
    if (stats.sent % 20 === 0) await sleep(5);
  }
  const closed = await Promise.race([peer.closed, sleep(Math.max(0, until - Date.now())).then(() => null)]);
  if (closed) noteClose(closed.code);
  else peer.ws.terminate();
}

async function amplification(): Promise<void> {
  const readers = await Promise.all([0, 1, 2, 3, 4, 5].map(() => openRawPeer(baseUrl, board.id, board.keys.spectator, FROM)));
  const peer = await openRawPeer(baseUrl, board.id, board.keys.participant, FROM);
  const source = new Y.Doc();
  const updates = recordUpdates(source);
  let n = 0;
  while (Date.now() < until && peer.ws.readyState === peer.ws.OPEN) {
    source.getMap('m').set('k', n++);
    const real = updates[updates.length - 1];
    const payload = new Uint8Array(real.byteLength + 200_000);
    payload.set(real);
    peer.ws.send(updateMessage(payload));
    peer.ws.send(awarenessMessage([{ clientId: 99, clock: n, state: { cursor: 'c'.repeat(8000) } }]));
    stats.sent += 2;
    await sleep(2);
  }
  const received = readers.reduce((sum, r) => sum + r.receivedBytes(), 0);
  Object.assign(stats, { readersReceivedBytes: received });
  for (const r of readers) r.ws.terminate();
  peer.ws.terminate();
}

async function controlFlood(): Promise<void> {
  while (Date.now() < until) {
    const socket = connectControl(baseUrl, board.id, board.keys.participant, { name: 'Flood' }, FROM);
    await new Promise<void>((resolve) => {
      socket.on('connect', () => {
        const timer = setInterval(() => {
          for (let i = 0; i < 50; i++) socket.emit('presence:set' as never, { name: `n${stats.sent++ % 9}`, color: '#123456' } as never);
        }, 5);
        socket.on('disconnect', (reason) => {
          clearInterval(timer);
          noteClose(reason === 'io server disconnect' ? 4429 : 1000);
          resolve();
        });
        setTimeout(() => (clearInterval(timer), socket.close(), resolve()), Math.max(0, until - Date.now()));
      });
      socket.on('connect_error', () => resolve());
    });
  }
}

/**
 * Opens and closes connections in a loop, eight at a time, on both planes: each handshake cost
 * the server a key check and a socket.io join (~3.4 ms of CPU) or a first sync of the board,
 * until CONNECTS_PER_MINUTE refused the address before the join or the sync.
 */
async function reconnectLoop(): Promise<void> {
  const loop = async () => {
    while (Date.now() < until) {
      const socket = connectControl(baseUrl, board.id, board.keys.participant, { name: 'Loop' }, FROM);
      const outcome = await handshakeOutcome(socket).catch(() => 'timeout');
      socket.disconnect();
      stats.sent++;
      noteClose(outcome === 'connected' ? 101 : 403);
      try {
        const peer = await openRawPeer(baseUrl, board.id, board.keys.participant, FROM);
        // An empty state vector: the server answers with the whole board.
        peer.ws.send(syncStep1Message(Y.encodeStateVector(new Y.Doc())));
        await new Promise((resolve) => {
          peer.ws.once('message', resolve);
          setTimeout(resolve, 1000);
        });
        peer.ws.terminate();
        noteClose(101);
      } catch {
        noteClose(429);
      }
      stats.sent++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, loop));
}

async function boardCreation(): Promise<void> {
  const { request } = await import('node:http');
  while (Date.now() < until) {
    const status = await new Promise<number>((resolve) => {
      const req = request(
        `${baseUrl}/api/boards`,
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, localAddress: FROM.localAddress },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => resolve(0));
      req.end(JSON.stringify({ title: 'spam' }));
    });
    stats.sent++;
    noteClose(status);
  }
}

const attacks: Record<string, () => Promise<void>> = {
  'unclaimed-upgrades': unclaimedUpgrades,
  'pending-structs': pendingStructs,
  'step1-flood': step1Flood,
  'big-doc': bigDoc,
  amplification,
  'control-flood': controlFlood,
  'board-creation': boardCreation,
  'reconnect-loop': reconnectLoop,
};

const run = attacks[attack];
if (!run) {
  process.stderr.write(`unknown attack ${attack}; one of ${Object.keys(attacks).join(', ')}\n`);
  process.exit(2);
}
run()
  .then(() => {
    process.stdout.write(JSON.stringify(stats) + '\n');
    process.exit(0);
  })
  .catch((err) => {
    process.stdout.write(JSON.stringify({ ...stats, error: String(err) }) + '\n');
    process.exit(1);
  });
