import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { replaceRoster, applyRosterDelta, EMPTY_ROSTER, type RosterState } from '../../lib/client/roster-store';
import { PROTOCOL_VERSION, type RosterDelta } from '../../lib/protocol';
import type { Participant } from '../../lib/session/roles';
import { createBoard, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { eventually } from './cluster-clients';
import { twoNodes } from './cluster-nodes';
import { findNginx, privateNginx, type PrivateNginx } from './private-nginx';
import { typedKeys, Writer } from './writers';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nginx = findNginx();

interface Health {
  node: string;
  syncConnections: number;
  controlConnections: number;
}

/** What a node itself says (asked directly, not through nginx, so the round robin is not moved). */
async function health(node: ServerProcess): Promise<Health> {
  return (await (await fetch(`${node.url}/healthz`)).json()) as Health;
}

/** A person's control socket as the app opens it (reconnecting), following the roster the way the app does. */
interface Person {
  socket: Socket;
  roster(): RosterState;
  close(): void;
}

function person(url: string, boardId: string, key: string, name: string, transports: Array<'websocket' | 'polling'>): Person {
  const socket = io(url, {
    path: '/socket.io',
    transports,
    forceNew: true,
    auth: { boardId, key, protocolVersion: PROTOCOL_VERSION, name },
  });
  let roster = EMPTY_ROSTER;
  socket.on('roster', (participants: Participant[]) => (roster = replaceRoster(roster, participants)));
  socket.on('roster:delta', (delta: RosterDelta) => (roster = applyRosterDelta(roster, delta)));
  return { socket, roster: () => roster, close: () => void socket.disconnect() };
}

/** Waits until every one of `people` is connected and lists exactly `people`, by their current socket ids. */
async function rostersShow(people: Person[], what: string): Promise<void> {
  const ids = () => people.map((p) => p.socket.id ?? '').sort();
  const listed = (p: Person) =>
    p
      .roster()
      .participants.map((x) => x.clientId)
      .sort();
  await eventually(
    async () => people.map((p) => ({ connected: p.socket.connected, listed: listed(p), want: ids() })),
    (seen) => seen.every((s) => s.connected && JSON.stringify(s.listed) === JSON.stringify(s.want)),
    15_000,
    what,
  );
}

describe('load balancer: deploy/nginx.conf in front of two nodes', { skip: 'missing' in nginx ? nginx.missing : false }, () => {
  // As in deploy/docker-compose.yml: nginx is ours, its X-Forwarded-* headers are believed.
  const nodes = twoNodes({ together: true, env: { TRUST_PROXY: '1' } });
  let lb: PrivateNginx;
  before(async () => {
    lb = await privateNginx((nginx as { bin: string }).bin, [nodes.a.port, nodes.b.port]);
  });
  after(() => lb?.stop());

  it('answers /readyz from each node in turn and creates boards whose links point at the load balancer', async () => {
    const answers = await Promise.all([0, 1].map(() => fetch(`${lb.url}/readyz`)));
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ ready: boolean; node: string }>));
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200],
    );
    assert.deepEqual(bodies.map((body) => body.node).sort(), ['node-a', 'node-b'], 'round robin');
    assert.ok(bodies.every((body) => body.ready));
    const board = await createBoard(lb.url, 'Through nginx');
    for (const link of Object.values(board.links)) assert.ok(link.startsWith(`${lb.url}/b/${board.id}`), `${link} is on ${lb.url}`);
  });

  it('upgrades a socket.io client from polling to WebSocket (socket.io’s default transports)', async () => {
    const board = await createBoard(lb.url, 'Upgrade');
    const people = ['Uma', 'Ulf', 'Ute'].map((name) => person(lb.url, board.id, board.keys.participant, name, ['polling', 'websocket']));
    try {
      // The upgrade request carries the polling session's id: it must reach the node that holds it.
      for (const p of people) {
        await waitFor(() => p.socket.io.engine?.transport?.name === 'websocket', 10_000, 'upgrade to websocket');
      }
      await rostersShow(people, 'three people on the roster');
    } finally {
      for (const p of people) p.close();
    }
  });

  it('keeps every keystroke and every person when a node is SIGKILLed: they reconnect through nginx to the other node', async () => {
    const { a, b } = nodes;
    // Who is where is read off each node's connection counts: start from none (the sockets of
    // the test before may still be closing).
    for (const node of [a, b]) {
      await eventually(
        () => health(node),
        (h) => h.syncConnections + h.controlConnections === 0,
        5000,
        'no connections left',
      );
    }
    const board = await createBoard(lb.url, 'Failover');
    const writers = ['w1', 'w2'].map((name) => new Writer(name, lb.url, board.id, board.keys.participant));
    const people: Person[] = [];
    try {
      // Stock y-websocket clients, one after the other: round robin puts them on different nodes.
      await writers[0].synced();
      await writers[1].synced();
      const before = await Promise.all([health(a), health(b)]);
      assert.deepEqual(
        before.map((h) => h.syncConnections),
        [1, 1],
        'one document connection on each node',
      );
      for (const w of writers) w.startTyping(40);
      await waitFor(() => writers.every((w) => w.doc.getMap('typed').size >= 20), 10_000, 'each writer sees the other one typing');

      // socket.io long-polling is pinned to one node by address; WebSockets go round robin.
      const polly = person(lb.url, board.id, board.keys.participant, 'Polly', ['polling']);
      people.push(polly);
      await waitFor(() => polly.socket.connected, 10_000, 'Polly connected');
      const [onA] = await Promise.all([health(a), health(b)]);
      const doomed = onA.controlConnections === 1 ? a : b;
      const survivor = doomed === a ? b : a;
      // Wes, on WebSocket, is moved until he shares Polly's node, so the kill takes both.
      let wes = person(lb.url, board.id, board.keys.participant, 'Wes', ['websocket']);
      for (let tries = 0; ; tries++) {
        await waitFor(() => wes.socket.connected, 10_000, 'Wes connected');
        if ((await health(doomed)).controlConnections === 2) break;
        assert.ok(tries < 3, 'Wes never reached the node Polly is on');
        wes.close();
        await eventually(
          () => health(survivor),
          (h) => h.controlConnections === 0,
          5000,
          'Wes gone',
        );
        wes = person(lb.url, board.id, board.keys.participant, 'Wes', ['websocket']);
      }
      people.push(wes);
      await rostersShow(people, 'Polly and Wes see each other');
      const idsBefore = people.map((p) => p.socket.id);

      doomed.child.kill('SIGKILL');
      await eventually(
        () => health(survivor),
        (h) => h.syncConnections === 2 && h.controlConnections === 2,
        15_000,
        `everyone reconnected to ${survivor === a ? 'node-a' : 'node-b'}`,
      );
      await Promise.all(writers.map((w) => w.synced()));
      await pause(500);
      for (const w of writers) w.stopTyping();
      const expected = typedKeys(writers);
      const holdsAll = (w: Writer) => w.doc.getMap('typed').size === expected.length;
      await waitFor(() => writers.every(holdsAll), 10_000, 'writers converge after the failover').catch(() => undefined);
      for (const w of writers) {
        const held = new Set(w.doc.getMap('typed').keys());
        assert.deepEqual(
          expected.filter((k) => !held.has(k)),
          [],
          `${w.name} holds every keystroke`,
        );
      }
      const reader = connectDoc(lb.url, board.id, board.keys.participant);
      try {
        await reader.synced();
        assert.deepEqual(Array.from(reader.doc.getMap('typed').keys()).sort(), expected, 'a new client through nginx gets every keystroke');
      } finally {
        reader.destroy();
      }

      await rostersShow(people, 'Polly and Wes, reconnected, see each other and no one from the dead node');
      assert.ok(
        people.every((p, i) => p.socket.id !== idsBefore[i]),
        'both are new sessions',
      );
      assert.equal(polly.socket.io.engine.transport.name, 'polling', 'Polly still polls');
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${lb.url}/readyz`);
        assert.equal(res.status, 200, '/readyz through nginx with one node dead');
        assert.equal(((await res.json()) as { node: string }).node, (await health(survivor)).node);
      }
    } finally {
      for (const p of people) p.close();
      for (const w of writers) w.destroy();
    }
  });
});
