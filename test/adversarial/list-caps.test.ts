/**
 * Lists a client can lengthen over the control plane (review: unbounded server-held lists): the
 * poker "not voting" list and a running meeting's attendees. Each is stored with the board and
 * sent on, so each must stay under its cap in lib/, however many tokens or names a client mints,
 * and without turning away the honest people of a full room. Both caps follow the server's
 * MAX_CONNECTIONS_PER_KEY (a full room), set low here so the floods stay short.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import type { MeetingView } from '../../lib/meeting/view';
import type { MeetingState } from '../../lib/meeting/state';
import type { PokerState } from '../../lib/poker/round';
import type { ServerErrorPayload } from '../../lib/protocol';
import { WorkerSqliteStore } from '../../server/store/worker-store';
import { connectControl, connectRecording, nextEvent } from '../helpers/control-client';
import { createBoard, makeDataDir, startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process';

const token = (name: string) => `${name}-token-0123456789abcdef`;

/**
 * One socket here stands for the many an attacker would open (about 50 events a second each, up
 * to the connection cap): its event budget is lifted so the test takes seconds, not minutes.
 */
const CAP = 40;
const FLOOD_ENV = { MESSAGES_PER_SECOND: '1000000', MESSAGE_BURST: '1000000', MAX_CONNECTIONS_PER_KEY: String(CAP) };

async function storedControlState(dataDir: string, boardId: string, name: string): Promise<unknown> {
  const store = new WorkerSqliteStore(dataDir, { callTimeoutMs: 10_000 });
  await store.ready();
  try {
    return await store.getControlState(boardId, name);
  } finally {
    await store.close();
  }
}

describe('adversarial: lists a client can lengthen', () => {
  describe('the poker not-voting list', () => {
    const dataDir = makeDataDir('refinery-not-voting-');
    let server: ServerProcess;
    before(async () => {
      server = await startServerProcess({ dataDir, env: FLOOD_ENV });
    });
    after(() => server.stop());

    it('one socket cycling fresh voter tokens between rounds keeps it at its cap; people present keep their place', async () => {
      const board = await createBoard(server.url);
      const ann = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Ann', voterToken: token('ann') });
      const mallory = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Mallory' });
      const clients = [ann, mallory];
      try {
        assert.equal((await ann.send('poker:not-voting', { notVoting: true })).ok, true);
        for (let i = 0; i < CAP + 50; i++) {
          await mallory.send('poker:join', { voterToken: `minted-${i}-0123456789abcdef` });
          await mallory.send('poker:not-voting', { notVoting: true });
        }
        assert.equal(ann.view()?.me.notVoting, true, 'Ann, here all along, still sits out');
        const bob = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Bob', voterToken: token('bob') });
        clients.push(bob);
        const bobSitsOut = await bob.send('poker:not-voting', { notVoting: true });
        assert.equal(bobSitsOut.ok, true, `someone arriving after the flood may still sit out: ${JSON.stringify(bobSitsOut)}`);
        await waitFor(() => bob.view()?.me.notVoting === true, 5000, 'Bob sits out');
        const ids = { ann: ann.view()!.me.voterId, bob: bob.view()!.me.voterId, mallory: mallory.view()!.me.voterId };
        for (const c of clients) c.close();
        await server.stop();
        const stored = (await storedControlState(dataDir, board.id, 'poker')) as PokerState;
        assert.ok(stored.notVoting.length <= CAP, `the stored list holds ${stored.notVoting.length} voters, more than its cap of ${CAP}`);
        for (const [who, id] of Object.entries(ids)) assert.ok(stored.notVoting.includes(id), `${who}, present, is in it`);
      } finally {
        for (const c of clients) c.close();
      }
    });
  });

  describe('the attendees of a running meeting', () => {
    let server: ServerProcess;
    before(async () => {
      server = await startServerProcess({ env: FLOOD_ENV });
    });
    after(() => server.stop());

    /**
     * A tab joining during the meeting: the meeting state it is sent, and the refusal that came
     * with it, if one came within `refusalWaitMs`.
     */
    async function joinOnce(boardId: string, key: string, auth: Record<string, unknown>, refusalWaitMs = 0) {
      const socket: Socket = connectControl(server.url, boardId, key, auth);
      const errors: ServerErrorPayload[] = [];
      socket.on('server:error', (e: ServerErrorPayload) => errors.push(e));
      try {
        const view = await nextEvent<MeetingView>(socket, 'meeting:state');
        if (refusalWaitMs > 0) await waitFor(() => errors.length > 0, refusalWaitMs).catch(() => undefined);
        return { view, refusal: errors[0] ?? null };
      } finally {
        socket.disconnect();
      }
    }

    async function boardWithMeeting() {
      const board = await createBoard(server.url);
      const fay = await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Fay' });
      const started = await fay.send('meeting:start', {});
      assert.equal(started.ok, true, JSON.stringify(started));
      return { board, fay };
    }

    const attendeesOf = (view: MeetingView): MeetingState['attendees'] => view.meeting?.attendees ?? [];

    it('a tab coming back under a new name replaces its entry instead of adding one', async () => {
      const { board, fay } = await boardWithMeeting();
      try {
        await joinOnce(board.id, board.keys.participant, { name: 'Ann', voterToken: token('ann') });
        const { view } = await joinOnce(board.id, board.keys.participant, { name: 'Annie', voterToken: token('ann') });
        assert.deepEqual(
          attendeesOf(view).map((a) => a.name),
          ['Fay', 'Annie'],
          'one entry for Ann, under the name she uses now',
        );
      } finally {
        fay.close();
      }
    });

    it('reconnecting under ever new names stops at the cap with a clear refusal; the joiner still sees the meeting', async () => {
      const { board, fay } = await boardWithMeeting();
      try {
        // In batches, as many tabs reconnecting at once would: Fay and CAP names more.
        for (let i = 0; i < CAP; i += 20) {
          await Promise.all(
            Array.from({ length: Math.min(20, CAP - i) }, (_, j) =>
              joinOnce(board.id, board.keys.participant, { name: `Sock ${i + j}`, voterToken: token(`sock-${i + j}`) }),
            ),
          );
        }
        const last = await joinOnce(board.id, board.keys.participant, { name: 'One too many', voterToken: token('late') }, 2000);
        const { view, refusal } = last;
        assert.ok(view.meeting?.status === 'running', 'the joiner over the cap still gets the running meeting');
        assert.ok(
          attendeesOf(view).length <= CAP,
          `the meeting records ${attendeesOf(view).length} attendees, more than its cap of ${CAP}`,
        );
        assert.ok(
          refusal && refusal.code === 'conflict' && /attendees/.test(refusal.message),
          `a clear refusal: ${JSON.stringify(refusal)}`,
        );
        const again = await joinOnce(board.id, board.keys.participant, { name: 'One too many', voterToken: token('late') }, 1000);
        assert.equal(again.refusal, null, 'the same voter coming back is not told again');
        const gotMeeting = await fay.send('meeting:get', {});
        assert.equal(gotMeeting.ok, true, 'the server is still up and answering');
      } finally {
        fay.close();
      }
    });
  });
});
