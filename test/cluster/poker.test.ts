import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createItem } from '../../lib/board/mutations';
import type { PokerState } from '../../lib/poker/round';
import { createBoard, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { eventually, listen, storedControlState, type Listener } from './cluster-clients';
import { testCluster, type TestCluster } from './cluster-nodes';

const token = (name: string) => `${name}-voter-token-0123456789`;

describe('cluster: planning poker across nodes', () => {
  let cluster: TestCluster;
  let a: ServerProcess;
  let b: ServerProcess;
  before(async () => {
    cluster = await testCluster();
    a = await cluster.start('node-a');
    b = await cluster.start('node-b');
  });
  after(() => cluster.stopAll());

  const poker = (boardId: string) => storedControlState<PokerState>(cluster.databaseUrl, boardId, 'poker');

  it('keeps every card secret on both nodes until the reveal, which reaches both', async () => {
    const board = await createBoard(a.url, 'Poker on two nodes');
    const seed = connectDoc(a.url, board.id, board.keys.facilitator);
    await seed.synced();
    const itemId = createItem(seed.doc, { title: 'Checkout', kind: 'story', position: { at: 'top' } });
    const people: Listener[] = [];
    try {
      const fay = await listen(a.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
      const alice = await listen(a.url, board.id, board.keys.participant, 'Alice', token('alice'));
      const bob = await listen(b.url, board.id, board.keys.participant, 'Bob', token('bob'));
      const projector = await listen(b.url, board.id, board.keys.spectator, 'Projector');
      const spyA = await listen(a.url, board.id, board.keys.participant, 'Spy on A', token('spy-a'));
      const spyB = await listen(b.url, board.id, board.keys.participant, 'Spy on B', token('spy-b'));
      people.push(fay, alice, bob, projector, spyA, spyB);
      // The item reached node A's document (the round is checked against it).
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId })).ok, true);
      const started = await eventually(
        () => poker(board.id),
        (s) => s?.round?.phase === 'voting',
        10_000,
        'round stored',
      );
      const roundId = started!.round!.id;
      // Bob votes on node B in a round node A started: node B read it from the store.
      assert.deepEqual(await bob.send('poker:vote', { roundId, card: '34' }), { ok: true });
      assert.deepEqual(await alice.send('poker:vote', { roundId, card: '13' }), { ok: true });
      assert.deepEqual(await fay.send('poker:vote', { roundId, card: '21' }), { ok: true });
      const voted = await eventually(
        () => poker(board.id),
        (s) => Object.keys(s?.round?.votes ?? {}).length === 3,
        10_000,
        'three votes',
      );
      assert.equal(voted!.round!.phase, 'voting');
      // Every view after the votes has gone out (node B hears of node A's changes over Redis).
      await new Promise((r) => setTimeout(r, 500));
      const before = people.map((p) => p.packets.length);
      for (const [who, listener, secrets] of [
        ['spy on A', spyA, ['"13"', '"21"', '"34"']],
        ['spy on B', spyB, ['"13"', '"21"', '"34"']],
        ['projector on B', projector, ['"13"', '"21"', '"34"']],
        ['Bob on B', bob, ['"13"', '"21"']],
        ['Alice on A', alice, ['"21"', '"34"']],
      ] as const) {
        for (const secret of secrets) assert.ok(!listener.text().includes(secret), `${who} received ${secret} before the reveal`);
      }
      assert.equal((await fay.send('poker:reveal', { roundId })).ok, true);
      // The same check finds the cards once revealed, on both nodes: it can see a leak.
      for (const [who, listener] of [
        ['spy on A', spyA],
        ['spy on B', spyB],
        ['projector on B', projector],
      ] as const) {
        const index = people.indexOf(listener);
        await eventually(
          async () => listener.text(before[index]),
          (text) => ['"13"', '"21"', '"34"'].every((card) => text.includes(card)),
          10_000,
          `${who} sees the revealed cards`,
        );
      }
      const revealed = await poker(board.id);
      assert.equal(revealed!.round!.phase, 'revealed');
    } finally {
      for (const p of people) p.close();
      seed.destroy();
    }
  });

  it('auto-reveals when every voter on both nodes has voted, not before', async () => {
    const board = await createBoard(a.url, 'Auto-reveal');
    const seed = connectDoc(a.url, board.id, board.keys.facilitator);
    await seed.synced();
    const itemId = createItem(seed.doc, { title: 'Search', kind: 'story', position: { at: 'top' } });
    const people: Listener[] = [];
    try {
      const fay = await listen(a.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
      const bob = await listen(b.url, board.id, board.keys.participant, 'Bob', token('bob'));
      people.push(fay, bob);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await fay.send('poker:settings', { autoReveal: true })).ok, true);
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId })).ok, true);
      const started = await eventually(
        () => poker(board.id),
        (s) => s?.round?.phase === 'voting',
        10_000,
        'round stored',
      );
      const roundId = started!.round!.id;
      // Node A counts Bob (on node B) as present: Fay's vote alone reveals nothing.
      assert.deepEqual(await fay.send('poker:vote', { roundId, card: '5' }), { ok: true });
      const afterFay = await poker(board.id);
      assert.equal(afterFay!.round!.phase, 'voting', 'not revealed while Bob on node B has not voted');
      // Bob's vote on node B is the last one: node B settles it into a reveal.
      assert.deepEqual(await bob.send('poker:vote', { roundId, card: '8' }), { ok: true });
      const revealed = await eventually(
        () => poker(board.id),
        (s) => s?.round?.phase === 'revealed',
        10_000,
        'auto-reveal',
      );
      assert.deepEqual(revealed!.round!.votes && Object.values(revealed!.round!.votes).sort(), ['5', '8']);
      await eventually(
        async () => fay.text(),
        (text) => text.includes('"8"'),
        10_000,
        'Fay on node A sees Bob’s card',
      );
    } finally {
      for (const p of people) p.close();
      seed.destroy();
    }
  });

  it('a countdown started on node A reveals once, on time, even though node A dies', async () => {
    const board = await createBoard(a.url, 'Timer');
    const seed = connectDoc(b.url, board.id, board.keys.facilitator);
    await seed.synced();
    const itemId = createItem(seed.doc, { title: 'Refunds', kind: 'story', position: { at: 'top' } });
    const people: Listener[] = [];
    try {
      const fay = await listen(a.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
      const bob = await listen(b.url, board.id, board.keys.participant, 'Bob', token('bob'));
      people.push(fay, bob);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId })).ok, true);
      const started = await eventually(
        () => poker(board.id),
        (s) => s?.round?.phase === 'voting',
        10_000,
        'round stored',
      );
      const roundId = started!.round!.id;
      assert.deepEqual(await bob.send('poker:vote', { roundId, card: '8' }), { ok: true });
      assert.deepEqual(await fay.send('poker:timer', { roundId, seconds: 5, revealAtEnd: true }), { ok: true });
      const timed = await eventually(
        () => poker(board.id),
        (s) => !!s?.round?.timer,
        10_000,
        'timer stored',
      );
      const endsAt = timed!.round!.timer!.endsAt;
      // The node that started the countdown dies; node B, which heard of it, reveals at its end.
      a.child.kill('SIGKILL');
      const revealed = await eventually(
        () => poker(board.id),
        (s) => s?.round?.phase === 'revealed',
        15_000,
        'reveal at the end',
      );
      const revealedAt = revealed!.round!.revealedAt!;
      assert.ok(revealedAt >= endsAt, 'not before the countdown ended');
      await eventually(
        async () => bob.text(),
        (text) => text.includes('"revealed"'),
        10_000,
        'Bob on node B sees the reveal',
      );
      // Once: nothing reveals it again (a second settle under the lock finds it revealed).
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal((await poker(board.id))!.round!.revealedAt, revealedAt);
    } finally {
      for (const p of people) p.close();
      seed.destroy();
    }
  });
});
