import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createItem } from '../../lib/board/mutations';
import type { PokerView } from '../../lib/poker/redact';
import type { PokerState } from '../../lib/poker/round';
import { createBoard, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { eventually, listen, storedControlState, type Listener } from './cluster-clients';
import { twoNodes } from './cluster-nodes';

const token = (name: string) => `${name}-voter-token-0123456789`;

/** Votes cast in the view a listener holds (whole views and patches, as the app keeps it). */
const voted = (l: Listener) => l.poker.view()?.round?.voters.filter((v) => v.status === 'voted').length ?? 0;
/** The line a listener's view shows for someone, by name. */
const lineOf = (l: Listener, name: string) => l.poker.view()?.round?.voters.find((v) => v.name === name);
/** Every listener sees the round voting and lists each of `names` (voters on both nodes are present). */
const allSee = (listeners: Listener[], names: string[], what: string) =>
  waitFor(() => listeners.every((l) => l.poker.view()?.round?.phase === 'voting' && names.every((n) => lineOf(l, n))), 10_000, what);

/** Starts a round on an item once the facilitator's node has the item (it came over a doc connection). */
async function startOn(fay: Listener, itemId: string): Promise<string> {
  await eventually(
    () => fay.send('poker:start', { mode: 'item', itemId }),
    (ack) => ack.ok,
    10_000,
    'the round starts once the item reached the node',
  );
  await waitFor(() => fay.poker.view()?.round?.phase === 'voting', 10_000, 'Fay sees the round');
  return fay.poker.view()!.round!.id;
}

describe('cluster: planning poker across nodes', () => {
  const nodes = twoNodes();

  const poker = (boardId: string) => storedControlState<PokerState>(nodes.cluster.databaseUrl, boardId, 'poker');

  it('keeps every card secret on both nodes until the reveal, which reaches both', async () => {
    const { a, b } = nodes;
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
      const roundId = await startOn(fay, itemId);
      // Each node counts the other's voters as present before anyone votes.
      await allSee(people, ['Fay', 'Alice', 'Bob', 'Spy on A', 'Spy on B'], 'everyone on both nodes lists every voter');
      // Bob votes on node B in a round node A started: node B read it from the store.
      assert.deepEqual(await bob.send('poker:vote', { roundId, card: '34' }), { ok: true });
      assert.deepEqual(await alice.send('poker:vote', { roundId, card: '13' }), { ok: true });
      assert.deepEqual(await fay.send('poker:vote', { roundId, card: '21' }), { ok: true });
      const stored = await eventually(
        () => poker(board.id),
        (s) => Object.keys(s?.round?.votes ?? {}).length === 3,
        10_000,
        'three votes',
      );
      assert.equal(stored!.round!.phase, 'voting');
      // Every view after the votes has gone out (node B hears of node A's changes over Redis).
      await waitFor(() => people.every((l) => voted(l) === 3), 10_000, 'every listener on both nodes sees three votes');
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
    const { a, b } = nodes;
    const board = await createBoard(a.url, 'Auto-reveal');
    const seed = connectDoc(a.url, board.id, board.keys.facilitator);
    await seed.synced();
    const itemId = createItem(seed.doc, { title: 'Search', kind: 'story', position: { at: 'top' } });
    const people: Listener[] = [];
    try {
      const fay = await listen(a.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
      const bob = await listen(b.url, board.id, board.keys.participant, 'Bob', token('bob'));
      people.push(fay, bob);
      assert.equal((await fay.send('poker:settings', { autoReveal: true })).ok, true);
      const roundId = await startOn(fay, itemId);
      await allSee(people, ['Fay', 'Bob'], 'each node lists the voter on the other');
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

  /** A board with an item, and a way to close everyone opened on it. */
  async function pokerBoard(title: string) {
    const { a } = nodes;
    const board = await createBoard(a.url, title);
    const seed = connectDoc(a.url, board.id, board.keys.facilitator);
    await seed.synced();
    const itemId = createItem(seed.doc, { title, kind: 'story', position: { at: 'top' } });
    const people: Listener[] = [];
    const join = async (node: ServerProcess, key: keyof typeof board.keys, name: string, voter = true) => {
      const l = await listen(node.url, board.id, board.keys[key], name, voter ? token(name) : undefined);
      people.push(l);
      return l;
    };
    const closeAll = () => {
      for (const p of people) p.close();
      seed.destroy();
    };
    return { board, itemId, join, closeAll };
  }

  it('a voter joining node B while a round is voting gets the round, and node A lists them', async () => {
    const { a, b } = nodes;
    const { board, itemId, join, closeAll } = await pokerBoard('Late joiner');
    try {
      const fay = await join(a, 'facilitator', 'Fay');
      const alice = await join(a, 'participant', 'Alice');
      const bob = await join(b, 'participant', 'Bob');
      assert.equal((await fay.send('poker:settings', { autoReveal: true })).ok, true);
      const roundId = await startOn(fay, itemId);
      await allSee([fay, alice, bob], ['Fay', 'Alice', 'Bob'], 'each node lists the voters on the other');
      // Two of the three vote before Dee comes; Fay's vote after it must not reveal (Dee is here).
      assert.deepEqual(await alice.send('poker:vote', { roundId, card: '5' }), { ok: true });
      assert.deepEqual(await bob.send('poker:vote', { roundId, card: '8' }), { ok: true });
      await waitFor(() => [fay, alice, bob].every((l) => voted(l) === 2), 10_000, 'two votes seen on both nodes');

      const dee = await join(b, 'participant', 'Dee');
      await waitFor(
        () => dee.poker.view()?.round?.phase === 'voting' && voted(dee) === 2,
        10_000,
        'Dee on node B is shown the round and the two votes',
      );
      await waitFor(() => lineOf(fay, 'Dee')?.status === 'thinking', 10_000, 'Fay on node A lists Dee as thinking');
      await waitFor(() => lineOf(bob, 'Dee')?.status === 'thinking', 10_000, 'Bob on node B lists Dee as thinking');
      assert.equal(dee.poker.view()!.round!.id, roundId);
      assert.deepEqual(await fay.send('poker:vote', { roundId, card: '3' }), { ok: true });
      await waitFor(() => voted(dee) === 3, 10_000, 'Dee sees the vote from node A');
      assert.equal((await poker(board.id))!.round!.phase, 'voting', 'node A waits for Dee, on node B');
      assert.deepEqual(await dee.send('poker:vote', { roundId, card: '5' }), { ok: true });
      await waitFor(() => [fay, alice, bob, dee].every((l) => l.poker.view()?.round?.phase === 'revealed'), 10_000, 'auto-reveal');
      for (const [who, l] of [
        ['Fay', fay],
        ['Alice', alice],
        ['Bob', bob],
      ] as const) {
        assert.equal(l.poker.refused(), 0, `${who}: every patch followed the view held`);
      }
    } finally {
      closeAll();
    }
  });

  it('a voter leaving node B is shown away (voted) or gone (not voted) on node A', async () => {
    const { a, b } = nodes;
    const { itemId, join, closeAll } = await pokerBoard('Leavers');
    try {
      const fay = await join(a, 'facilitator', 'Fay');
      const bob = await join(b, 'participant', 'Bob');
      const cy = await join(b, 'participant', 'Cy');
      const roundId = await startOn(fay, itemId);
      await allSee([fay, bob, cy], ['Fay', 'Bob', 'Cy'], 'each node lists the voters on the other');
      assert.deepEqual(await bob.send('poker:vote', { roundId, card: '8' }), { ok: true });
      await waitFor(() => lineOf(fay, 'Bob')?.status === 'voted', 10_000, 'Fay sees Bob voted');
      bob.close();
      await waitFor(() => lineOf(fay, 'Bob')?.status === 'away', 10_000, 'Fay on node A shows Bob (voted, gone) as away');
      cy.close();
      await waitFor(() => fay.poker.view() !== null && !lineOf(fay, 'Cy'), 10_000, 'Fay on node A no longer lists Cy');
      assert.equal(lineOf(fay, 'Fay')?.status, 'thinking');
      assert.equal(fay.poker.refused(), 0, 'every patch followed the view held');
    } finally {
      closeAll();
    }
  });

  it('a vote on node A reaches node B while node B refuses votes of its own', async () => {
    const { a, b } = nodes;
    const { itemId, join, closeAll } = await pokerBoard('Racing votes');
    try {
      const fay = await join(a, 'facilitator', 'Fay');
      const alice = await join(a, 'participant', 'Alice');
      const bob = await join(b, 'participant', 'Bob');
      const projector = await join(b, 'spectator', 'Projector', false);
      const roundId = await startOn(fay, itemId);
      await allSee([fay, alice, bob, projector], ['Fay', 'Alice', 'Bob'], 'each node lists the voters on the other');
      // Node B reads the state for each refused vote while node A's vote is being stored: it
      // holds the new state before node A's notice comes.
      const refusals = Array.from({ length: 6 }, () => bob.send('poker:vote', { roundId, card: 'no-such-card' }));
      const vote = alice.send('poker:vote', { roundId, card: '13' });
      const acks = await Promise.all(refusals);
      assert.ok(
        acks.every((ack) => !ack.ok),
        'a card not in the deck is refused',
      );
      assert.deepEqual(await vote, { ok: true });
      await waitFor(
        () => [bob, projector].every((l) => lineOf(l, 'Alice')?.status === 'voted'),
        10_000,
        "node B's clients see Alice's vote from node A",
      );
      assert.equal(bob.poker.refused(), 0);
    } finally {
      closeAll();
    }
  });

  // Last: it kills node A.
  it('a countdown started on node A reveals once, on time, even though node A dies', async () => {
    const { a, b } = nodes;
    const board = await createBoard(a.url, 'Timer');
    const seed = connectDoc(b.url, board.id, board.keys.facilitator);
    await seed.synced();
    const itemId = createItem(seed.doc, { title: 'Refunds', kind: 'story', position: { at: 'top' } });
    const people: Listener[] = [];
    try {
      const fay = await listen(a.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
      const bob = await listen(b.url, board.id, board.keys.participant, 'Bob', token('bob'));
      const projector = await listen(b.url, board.id, board.keys.spectator, 'Projector');
      people.push(fay, bob, projector);
      // Reveals each socket on node B is shown: a view revealed at a new time is a new reveal.
      const reveals = [bob, projector].map((l) => {
        const count = { n: 0 };
        let last: PokerView['round'] = null;
        l.poker.onView((view) => {
          const r = view.round;
          if (r?.phase === 'revealed' && (last?.phase !== 'revealed' || last.revealedAt !== r.revealedAt)) count.n++;
          last = r;
        });
        return count;
      });
      const roundId = await startOn(fay, itemId);
      await allSee(people, ['Fay', 'Bob'], 'each node lists the voter on the other');
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
      // Once: nothing reveals it again (a second settle under the lock finds it revealed). A
      // poker:get goes through node B's queue for the board after anything its timer queued.
      await waitFor(() => projector.poker.view()?.round?.phase === 'revealed', 10_000, 'the projector on B sees the reveal');
      assert.equal((await bob.send('poker:get', {})).ok, true);
      assert.deepEqual(
        reveals.map((r) => r.n),
        [1, 1],
        'each socket on node B was shown one reveal',
      );
      assert.equal((await poker(board.id))!.round!.revealedAt, revealedAt);
    } finally {
      for (const p of people) p.close();
      seed.destroy();
    }
  });
});
