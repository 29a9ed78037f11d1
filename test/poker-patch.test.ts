/**
 * Votes as patches over real sockets: a real server process, raw socket.io clients that keep
 * their view as the app does (test/helpers/poker-view.ts). While a round is voting, votes reach
 * everyone as `poker:patch`; whoever joins late, reconnects or loses a patch ends up with the same
 * view the server would send it whole; and no patch carries anyone else's card before the reveal.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import { createItem } from '../lib/board/mutations';
import type { PokerPatch } from '../lib/poker/patch';
import type { PokerView } from '../lib/poker/redact';
import type { PokerStateMessage } from '../lib/protocol';
import { connectControl, emitWithAck, nextEvent, type Ack } from './helpers/control-client';
import { trackPokerView, type PokerViewTracker, type TrackOptions } from './helpers/poker-view';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';
import { connectDoc } from './helpers/yjs-client';

interface Client extends PokerViewTracker {
  socket: Socket;
  /** Every poker message received, by event name, as raw frame text (socket.io packet). */
  frames: Array<{ event: string; text: string }>;
  send: (event: string, payload: unknown) => Promise<Ack>;
}

const token = (name: string) => `${name}-token-0123456789abcdef`;

async function connect(
  url: string,
  boardId: string,
  key: string,
  name: string,
  options: TrackOptions & { voter?: boolean; reconnect?: boolean } = {},
): Promise<Client> {
  const socket = connectControl(url, boardId, key, { name, ...(options.voter === false ? {} : { voterToken: token(name) }) });
  if (options.reconnect) {
    socket.io.reconnection(true);
    socket.io.reconnectionDelay(50);
    socket.io.reconnectionDelayMax(50);
  }
  const frames: Client['frames'] = [];
  const record = () =>
    socket.io.engine.on('packet', (packet: { data?: unknown }) => {
      const text = typeof packet.data === 'string' ? packet.data : '';
      const event = /^2\["(poker:[a-z-]+)"/.exec(text)?.[1];
      if (event) frames.push({ event, text });
    });
  socket.io.on('open', record);
  const tracker = trackPokerView(socket, options);
  const session = nextEvent(socket, 'session');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await session;
  await waitFor(() => tracker.view() !== null, 5000, `${name} gets the poker state`);
  return { ...tracker, socket, frames, send: (event, payload) => emitWithAck<Ack>(socket, event, payload) };
}

/** The view the server sends this client whole right now (poker:get), for comparing. */
async function wholeView(client: Client): Promise<PokerView> {
  const whole = nextEvent<PokerStateMessage>(client.socket, 'poker:state');
  assert.equal((await client.send('poker:get', {})).ok, true);
  const { seq: _seq, ...view } = await whole;
  return view;
}

/** Views equal but for the clock they were sent at. */
function assertSameView(actual: PokerView | null, expected: PokerView, what: string) {
  assert.ok(actual, what);
  assert.deepEqual({ ...actual, serverNow: 0 }, { ...expected, serverNow: 0 }, what);
}

const voted = (client: Client) => client.view()?.round?.voters.filter((v) => v.status === 'voted').length ?? 0;

describe('poker votes as patches', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  async function roundWith(names: string[]) {
    const board = await createBoard(server.url);
    const doc = connectDoc(server.url, board.id, board.keys.facilitator);
    await doc.synced();
    const itemId = createItem(doc.doc, { title: 'Checkout page', kind: 'story', position: { at: 'top' } });
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay');
    const people = await Promise.all(names.map((n) => connect(server.url, board.id, board.keys.participant, n)));
    assert.equal((await fay.send('poker:start', { mode: 'item', itemId })).ok, true);
    await waitFor(() => [fay, ...people].every((c) => c.view()?.round?.phase === 'voting'), 5000, 'everyone sees the round');
    const roundId = fay.view()!.round!.id;
    const closeAll = (...more: Client[]) => {
      for (const c of [fay, ...people, ...more]) c.socket.disconnect();
      doc.destroy();
    };
    return { board, fay, people, roundId, closeAll };
  }

  it('votes arrive as patches, and every patched view is the view the server would send whole', async () => {
    const { fay, people, roundId, closeAll } = await roundWith(['Ann', 'Bob', 'Cy']);
    try {
      const wholeBefore = fay.frames.filter((f) => f.event === 'poker:state').length;
      for (const [i, p] of people.entries()) assert.equal((await p.send('poker:vote', { roundId, card: ['3', '5', '8'][i] })).ok, true);
      await waitFor(() => [fay, ...people].every((c) => voted(c) === 3), 5000, 'everyone sees three votes');
      assert.equal(fay.frames.filter((f) => f.event === 'poker:state').length, wholeBefore, 'no whole view for a vote');
      assert.ok(fay.applied() >= 1, 'the facilitator was sent patches');
      for (const c of [fay, ...people]) {
        assert.equal(c.refused(), 0);
        assertSameView(c.view(), await wholeView(c), 'patched view = whole view');
      }
      assert.equal(people[1].view()!.me.vote, '5', 'each one sees its own card');

      // The reveal is a whole view again, cards included.
      assert.equal((await fay.send('poker:reveal', { roundId })).ok, true);
      await waitFor(() => people.every((c) => c.view()?.round?.phase === 'revealed'), 5000, 'reveal');
      const cards = people[0].view()!.round!.voters.map((v) => v.vote);
      assert.deepEqual(cards.filter((c) => c !== null).sort(), ['3', '5', '8']);
    } finally {
      closeAll();
    }
  });

  it('a late joiner gets the round whole, votes so far included, then patches', async () => {
    const { board, fay, people, roundId, closeAll } = await roundWith(['Ann', 'Bob']);
    let late: Client | null = null;
    try {
      assert.equal((await people[0].send('poker:vote', { roundId, card: '3' })).ok, true);
      await waitFor(() => voted(fay) === 1, 5000, 'Fay sees Ann voted');
      late = await connect(server.url, board.id, board.keys.participant, 'Dee');
      assert.equal(voted(late), 1, 'the late joiner sees the vote cast before it came');
      assert.equal(late.frames[0]?.event, 'poker:state');
      assert.equal((await people[1].send('poker:vote', { roundId, card: '5' })).ok, true);
      await waitFor(() => voted(late!) === 2, 5000, 'the late joiner sees the next vote');
      assert.ok(late.applied() >= 1);
      assertSameView(late.view(), await wholeView(late), 'the late joiner converges');
    } finally {
      closeAll(...(late ? [late] : []));
    }
  });

  it('whoever arrives or leaves while everyone else has voted is shown to the others, and the newcomer gets the round', async () => {
    const { board, fay, people, roundId, closeAll } = await roundWith(['Ann', 'Bob']);
    let late: Client | null = null;
    try {
      for (const [who, card] of [[fay, '3'], ...people.map((p) => [p, '5'] as const)] as const) {
        assert.equal((await who.send('poker:vote', { roundId, card })).ok, true);
      }
      await waitFor(() => [fay, ...people].every((c) => voted(c) === 3), 5000, 'everyone sees three votes');
      late = await connect(server.url, board.id, board.keys.participant, 'Dee');
      assert.equal(late.view()!.round!.phase, 'voting');
      assert.equal(voted(late), 3, 'the newcomer sees every vote cast before it came');
      const line = (c: Client, name: string) => c.view()!.round!.voters.find((v) => v.name === name);
      await waitFor(() => [fay, ...people].every((c) => line(c, 'Dee')?.status === 'thinking'), 5000, 'everyone lists Dee');
      people[1].socket.disconnect();
      await waitFor(() => line(fay, 'Bob')?.status === 'away' && line(late!, 'Bob')?.status === 'away', 5000, 'Bob (voted) is away');
      late.socket.disconnect();
      await waitFor(() => !line(fay, 'Dee') && !line(people[0], 'Dee'), 5000, 'Dee (not voted) is gone');
      for (const c of [fay, people[0]]) {
        assert.equal(c.refused(), 0, 'every patch followed the view held');
        assertSameView(c.view(), await wholeView(c), 'patched view = whole view');
      }
    } finally {
      closeAll(...(late ? [late] : []));
    }
  });

  it('a client that reconnects after missing patches, or loses one, ends up with the whole view', async () => {
    const { board, fay, people, roundId, closeAll } = await roundWith(['Ann', 'Bob', 'Cy']);
    let lossy: Client | null = null;
    let blip: Client | null = null;
    try {
      // The first vote to reach Lou is lost (Bea arriving after Lou is a patch too, and is kept).
      let votesToLou = 0;
      const carriesVote = (patch: PokerPatch) => patch.voters?.some((v) => v.status === 'voted') ?? false;
      lossy = await connect(server.url, board.id, board.keys.participant, 'Lou', {
        lose: (patch) => carriesVote(patch) && votesToLou++ === 0,
      });
      blip = await connect(server.url, board.id, board.keys.participant, 'Bea', { reconnect: true });
      await waitFor(() => voted(fay) === 0 && fay.view()!.round!.voters.length === 6, 5000, 'Fay sees everyone');

      // Lou loses the patch with Ann's vote: the next one does not follow, so Lou asks for the view.
      const [ann, bob, cy] = people;
      assert.equal((await ann.send('poker:vote', { roundId, card: '3' })).ok, true);
      await waitFor(() => voted(fay) === 1 && votesToLou === 1, 5000, "the patch with Ann's vote reached Fay and was lost on Lou");
      assert.equal(voted(lossy), 0);
      assert.equal((await bob.send('poker:vote', { roundId, card: '5' })).ok, true);
      await waitFor(() => voted(lossy!) === 2, 5000, 'Lou catches up');
      assert.ok(lossy.refused() >= 1, 'the patch after the lost one was refused');

      // Bea's connection drops; Cy votes without her seeing it.
      const reconnected = new Promise<void>((resolve) => blip!.socket.io.once('reconnect', () => resolve()));
      blip.socket.io.engine.close();
      assert.equal((await cy.send('poker:vote', { roundId, card: '8' })).ok, true);
      await waitFor(() => voted(fay) === 3, 5000, 'Fay sees three votes');
      await reconnected;
      await waitFor(() => voted(blip!) === 3, 5000, 'Bea sees the vote cast while she was away');
      for (const c of [lossy, blip]) assertSameView(c.view(), await wholeView(c), 'converged');
    } finally {
      closeAll(...[lossy, blip].filter((c): c is Client => c !== null));
    }
  });

  for (const role of ['spectator', 'participant'] as const) {
    it(`a ${role} receives no other voter's card in any poker frame before the reveal`, async () => {
      const { board, fay, people, roundId, closeAll } = await roundWith(['Ann', 'Bob']);
      const spy = await connect(server.url, board.id, board.keys[role], 'Spy', { voter: role !== 'spectator' });
      try {
        // Changing one's mind included; Fay's vote too (a spectator may share her browser).
        assert.equal((await people[0].send('poker:vote', { roundId, card: '13' })).ok, true);
        assert.equal((await people[0].send('poker:vote', { roundId, card: '21' })).ok, true);
        assert.equal((await people[1].send('poker:vote', { roundId, card: '34' })).ok, true);
        assert.equal((await fay.send('poker:vote', { roundId, card: '8' })).ok, true);
        await waitFor(() => voted(spy) === 3, 5000, 'the spy sees three votes');
        const patches = spy.frames.filter((f) => f.event === 'poker:patch');
        assert.ok(patches.length >= 1, 'the votes reached the spy as patches');
        const secrets = ['"13"', '"21"', '"34"', '"8"'];
        for (const frame of spy.frames) {
          // The deck names every card: take it out, then no card label may be left.
          const text = frame.text.replace(/"deck":\[[^\]]*\]/g, '');
          for (const s of secrets) assert.ok(!text.includes(s), `${role} saw ${s} in ${frame.event}: ${text.slice(0, 300)}`);
        }
        // The same check finds the cards once they are revealed: it can see a leak.
        const before = spy.frames.length;
        assert.equal((await fay.send('poker:reveal', { roundId })).ok, true);
        await waitFor(() => spy.view()?.round?.phase === 'revealed', 5000, 'reveal');
        const revealed = spy.frames
          .slice(before)
          .map((f) => f.text.replace(/"deck":\[[^\]]*\]/g, ''))
          .join('');
        for (const s of ['"21"', '"34"', '"8"']) assert.ok(revealed.includes(s), `after the reveal ${s} is visible`);
      } finally {
        closeAll(spy);
      }
    });
  }
});
