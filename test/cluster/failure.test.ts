import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createItem } from '../../lib/board/mutations';
import type { PokerState } from '../../lib/poker/round';
import { createBoard, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { eventually, listen, storedControlState, storedUpdates, type Listener } from './cluster-clients';
import { twoNodes, twoNodesOnPrivateRedis } from './cluster-nodes';
import { typedKeys, Writer } from './writers';

const token = (name: string) => `${name}-voter-token-0123456789`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** "w3:120–185, w4:7" for a list of typed keys: which writer's keystrokes, which runs of them. */
function describeKeys(keys: string[]): string {
  const byWriter = new Map<string, number[]>();
  for (const key of keys) {
    const [name, n] = key.split(':');
    byWriter.set(name, [...(byWriter.get(name) ?? []), Number(n)]);
  }
  return Array.from(byWriter, ([name, ns]) => {
    ns.sort((x, y) => x - y);
    const runs: string[] = [];
    for (let i = 0; i < ns.length;) {
      let j = i;
      while (j + 1 < ns.length && ns[j + 1] === ns[j] + 1) j++;
      runs.push(i === j ? `${ns[i]}` : `${ns[i]}–${ns[j]}`);
      i = j + 1;
    }
    return `${name}:${runs.join(',')}`;
  }).join(' ');
}

/** Waits until a fresh client of `node` holds every key in `expected`. */
async function nodeHolds(node: ServerProcess, boardId: string, key: string, expected: string[], what: string): Promise<void> {
  const reader = connectDoc(node.url, boardId, key);
  try {
    await reader.synced();
    const keys = () => Array.from(reader.doc.getMap('typed').keys()).sort();
    await waitFor(() => keys().length === expected.length, 15_000, what).catch(() => undefined);
    const held = new Set(keys());
    const missing = expected.filter((k) => !held.has(k));
    assert.deepEqual(missing, [], `${what}: ${missing.length} of ${expected.length} missing (${describeKeys(missing)})`);
  } finally {
    reader.destroy();
  }
}

describe('cluster: a node killed mid-meeting', () => {
  const nodes = twoNodes();

  it('loses no edit of 10 writers and keeps the open poker round when node A is SIGKILLed', async () => {
    const { cluster, a, b } = nodes;
    const board = await createBoard(a.url, 'Crash');
    const seed = connectDoc(a.url, board.id, board.keys.facilitator);
    await seed.synced();
    const itemId = createItem(seed.doc, { title: 'Payments', kind: 'story', position: { at: 'top' } });
    const writers = Array.from({ length: 10 }, (_, i) => new Writer(`w${i}`, i < 5 ? a.url : b.url, board.id, board.keys.participant));
    const people: Listener[] = [];
    try {
      await Promise.all(writers.map((w) => w.synced()));
      const fay = await listen(a.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
      const alice = await listen(a.url, board.id, board.keys.participant, 'Alice', token('alice'));
      const bob = await listen(b.url, board.id, board.keys.participant, 'Bob', token('bob'));
      people.push(fay, alice, bob);
      await pause(300);
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId })).ok, true);
      const roundId = (await eventually(
        () => storedControlState<PokerState>(cluster.databaseUrl, board.id, 'poker'),
        (s) => s?.round?.phase === 'voting',
        10_000,
        'round',
      ))!.round!.id;
      assert.deepEqual(await alice.send('poker:vote', { roundId, card: '3' }), { ok: true });
      assert.deepEqual(await bob.send('poker:vote', { roundId, card: '5' }), { ok: true });

      for (const w of writers) w.startTyping(40);
      await pause(1000);
      a.child.kill('SIGKILL');
      // The load balancer sends node A's people to node B; they keep typing meanwhile.
      await pause(300);
      for (const w of writers.slice(0, 5)) w.moveTo(b.url);
      await pause(1000);
      for (const w of writers) w.stopTyping();
      await Promise.all(writers.map((w) => w.synced()));
      const expected = typedKeys(writers);
      assert.ok(expected.length > 100, `enough typing (${expected.length} keystrokes)`);
      await nodeHolds(b, board.id, board.keys.participant, expected, 'node B holds every keystroke');

      const restarted = await cluster.start('node-a');
      await nodeHolds(restarted, board.id, board.keys.participant, expected, 'node A, restarted, holds every keystroke');
      await eventually(
        async () => Array.from((await storedUpdates(cluster.databaseUrl, board.id)).doc.getMap('typed').keys()).sort(),
        (keys) => keys.length === expected.length,
        10_000,
        'PostgreSQL holds every keystroke',
      );
      for (const w of writers) assert.equal(w.doc.getMap('typed').size, expected.length, `${w.name} converged`);

      // The round and both votes survived; Fay, sent to node B, reveals them.
      const fayAgain = await listen(b.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
      people.push(fayAgain);
      const stored = await storedControlState<PokerState>(cluster.databaseUrl, board.id, 'poker');
      assert.equal(stored!.round!.phase, 'voting');
      assert.deepEqual(await fayAgain.send('poker:reveal', { roundId }), { ok: true });
      await eventually(
        async () => fayAgain.text(),
        (text) => text.includes('"3"') && text.includes('"5"'),
        10_000,
        'both votes revealed',
      );
    } finally {
      for (const p of people) p.close();
      for (const w of writers) w.destroy();
      seed.destroy();
    }
  });
});

describe('cluster: Redis restarted mid-meeting', () => {
  const nodes = twoNodesOnPrivateRedis();

  it('nodes reconnect and resync: nothing typed during the outage is lost on either node', async () => {
    const { a, b, redis } = nodes;
    const board = await createBoard(a.url, 'Redis restart');
    const writers = [
      new Writer('on-a', a.url, board.id, board.keys.participant),
      new Writer('on-b', b.url, board.id, board.keys.participant),
    ];
    try {
      await Promise.all(writers.map((w) => w.synced()));
      for (const w of writers) w.startTyping(50);
      await pause(500);
      const health = await (await fetch(`${a.url}/healthz`)).json();
      assert.equal(health.node, 'node-a');
      assert.equal(health.redis.status, 'ready');
      await redis.kill();
      // Typing goes on; each node stores its own clients' edits, nothing crosses. A load
      // balancer asking /readyz is told the node is cut off.
      const readyz = async () => (await fetch(`${a.url}/readyz`)).status;
      await eventually(readyz, (status) => status === 503, 5000, '/readyz 503 while Redis is away');
      await pause(1000);
      await redis.start();
      await eventually(readyz, (status) => status === 200, 10_000, '/readyz 200 once Redis is back');
      await pause(500);
      for (const w of writers) w.stopTyping();
      const expected = typedKeys(writers);
      // Each writer sees the other's edits, made on the other node during the outage too.
      await waitFor(() => writers.every((w) => w.doc.getMap('typed').size === expected.length), 20_000, 'both writers converge');
      await nodeHolds(a, board.id, board.keys.participant, expected, 'node A holds everything');
      await nodeHolds(b, board.id, board.keys.participant, expected, 'node B holds everything');
    } finally {
      for (const w of writers) w.destroy();
    }
  });
});
