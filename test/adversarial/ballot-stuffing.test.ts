/**
 * Ballot stuffing (issue 10, hole 7): one socket must cast at most one vote per round, and no
 * socket may vote or read a vote as a voter whose private token it does not hold.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createItem } from '../../lib/board/mutations';
import { connectRecording, type RecordingClient } from '../helpers/control-client';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';

const token = (name: string) => `${name}-token-0123456789abcdef`;

/** The public id the server derived from a token until this fix (`socket:` fallback included). */
function oldVoterId(boardId: string, secret: string): string {
  return createHash('sha256').update(`${boardId}\0${secret}`).digest('base64url').slice(0, 16);
}

async function boardWithRound(server: ServerProcess) {
  const board = await createBoard(server.url);
  const seeded = connectDoc(server.url, board.id, board.keys.facilitator);
  await seeded.synced();
  const itemId = createItem(seeded.doc, { title: 'Stuffed', kind: 'story', position: { at: 'top' } });
  const fay = await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Fay', voterToken: token('fay') });
  let started = await fay.send('poker:start', { mode: 'item', itemId });
  // The item reaches the server over the doc's own connection: retry until it is there.
  for (const t0 = Date.now(); !started.ok && Date.now() - t0 < 5000;) {
    await new Promise((r) => setTimeout(r, 50));
    started = await fay.send('poker:start', { mode: 'item', itemId });
  }
  assert.equal(started.ok, true, JSON.stringify(started));
  await waitFor(() => fay.view()?.round?.phase === 'voting', 5000, 'round starts');
  return { board, seeded, fay, roundId: fay.view()!.round!.id };
}

describe('adversarial: ballot stuffing', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it('one socket rejoining with 300 tokens casts at most one vote', async () => {
    const { board, seeded, fay, roundId } = await boardWithRound(server);
    const mallory = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Mallory', voterToken: token('mallory') });
    const clients: RecordingClient[] = [fay, mallory];
    try {
      assert.equal((await mallory.send('poker:vote', { roundId, card: '1' })).ok, true, 'its first vote counts');
      let rejoined = 0;
      for (let i = 0; i < 300; i++) {
        const joined = await mallory.send('poker:join', { voterToken: `stuffing-${i}-0123456789abcdef` });
        if (joined.ok) rejoined++;
        await mallory.send('poker:vote', { roundId, card: '1' });
      }
      assert.equal(rejoined, 0, 'no rebinding to another token while the round is open');
      const refusal = mallory.errors.find((e) => e.event === 'poker:join');
      assert.ok(refusal && refusal.code === 'conflict' && /round/.test(refusal.message), `a clear error: ${JSON.stringify(refusal)}`);
      assert.equal((await fay.send('poker:vote', { roundId, card: '8' })).ok, true);
      assert.equal((await fay.send('poker:reveal', { roundId })).ok, true);
      await waitFor(() => fay.view()?.round?.phase === 'revealed', 5000, 'reveal');
      const stats = fay.view()!.round!.stats!;
      assert.equal(stats.voteCount, 2, `Fay and Mallory once each, not ${stats.voteCount}`);
      assert.equal(stats.suggested?.label, '5', 'the average of 1 and 8, not of 300 ones');
    } finally {
      for (const c of clients) c.close();
      seeded.destroy();
    }
  });

  it("a socket cannot read or change another voter's vote, even knowing their public voterId", async () => {
    const { board, seeded, fay, roundId } = await boardWithRound(server);
    const alice = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Alice', voterToken: token('alice') });
    const mallory = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Mallory' });
    const clients: RecordingClient[] = [fay, alice, mallory];
    try {
      assert.equal((await alice.send('poker:vote', { roundId, card: '13' })).ok, true);
      await waitFor(() => fay.view()!.round!.voters.some((v) => v.name === 'Alice' && v.status === 'voted'), 5000, 'Alice voted');
      const aliceId = fay.view()!.round!.voters.find((v) => v.name === 'Alice')!.voterId;
      // Everything public about Alice, tried as a token.
      for (const guess of [aliceId, `${aliceId}${aliceId}`, `voter:${aliceId}`]) {
        const joined = await mallory.send('poker:join', { voterToken: guess.padEnd(16, '0') });
        if (!joined.ok) continue;
        await waitFor(() => mallory.view() !== null, 5000);
        assert.notEqual(mallory.view()!.me.voterId, aliceId, `${guess} does not make Mallory Alice`);
        assert.equal(mallory.view()!.me.vote, null, 'no one else sees her card');
        break;
      }
      await mallory.send('poker:vote', { roundId, card: '1' });
      assert.equal((await fay.send('poker:reveal', { roundId })).ok, true);
      await waitFor(() => fay.view()?.round?.phase === 'revealed', 5000, 'reveal');
      assert.equal(fay.view()!.round!.voters.find((v) => v.voterId === aliceId)?.vote, '13', "Alice's card is still hers");
    } finally {
      for (const c of clients) c.close();
      seeded.destroy();
    }
  });

  it('the `socket:` fallback is gone: a socket that never joined is no voter anyone can name', async () => {
    const { board, seeded, fay, roundId } = await boardWithRound(server);
    const victim = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Victim' });
    const mallory = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Mallory', voterToken: token('mal2') });
    const clients: RecordingClient[] = [fay, victim, mallory];
    try {
      const victimVote = await victim.send('poker:vote', { roundId, card: '13' });
      await waitFor(() => victim.view() !== null, 5000, 'victim has a view');
      const fallbackId = oldVoterId(board.id, `socket:${victim.socket.id}`);
      assert.notEqual(victim.view()!.me.voterId, fallbackId, 'no identity derived from the public socket id');
      // The socket id is public (the roster's clientId): claiming it as a token gains nothing.
      const attacker = await connectRecording(server.url, board.id, board.keys.participant, {
        name: 'Attacker',
        voterToken: `socket:${victim.socket.id}`,
      });
      clients.push(attacker);
      await waitFor(() => attacker.view() !== null, 5000);
      assert.equal(attacker.view()!.me.vote, null, "the attacker does not see the victim's card");
      await attacker.send('poker:vote', { roundId, card: '1' });
      assert.equal((await fay.send('poker:reveal', { roundId })).ok, true);
      await waitFor(() => fay.view()?.round?.phase === 'revealed', 5000, 'reveal');
      const votes = fay.view()!.round!.voters.map((v) => [v.name, v.vote]);
      assert.equal(victimVote.ok, false, 'a socket that never joined cannot vote');
      assert.equal(victimVote.error?.code, 'conflict', 'a socket that never joined is told to join first');
      assert.ok(!votes.some(([name, vote]) => name === 'Victim' && vote === '1'), 'the attacker did not change it');
    } finally {
      for (const c of clients) c.close();
      seeded.destroy();
    }
  });
});
