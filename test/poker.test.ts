/**
 * Planning poker over real sockets: a real server process, raw socket.io clients. The peek
 * tests record every message a participant and a facilitator receive, at the socket.io level
 * and as raw engine.io packets, and look for other people's votes before the reveal.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { readItemDetails } from '../lib/board/item-details';
import { setVelocity } from '../lib/board/settings';
import { createItem, setEstimate } from '../lib/board/mutations';
import { readEstimateHistory } from '../lib/board/estimation';
import { getItemMap, listItems } from '../lib/board/schema';
import { PROTOCOL_VERSION, type ServerErrorPayload } from '../lib/protocol';
import type { PokerView } from '../lib/poker/redact';
import { createBoard, makeDataDir, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';
import { trackPokerView } from './helpers/poker-view';
import { connectDoc } from './helpers/yjs-client';

interface Ack {
  ok: boolean;
  error?: { code: string; message: string };
}

interface Client {
  socket: Socket;
  /** Every socket.io event received, with its arguments. */
  events: Array<{ event: string; args: unknown[] }>;
  /** Every raw engine.io packet payload received. */
  packets: string[];
  errors: ServerErrorPayload[];
  view: () => PokerView | null;
  send: (event: string, payload: unknown) => Promise<Ack>;
  close: () => void;
}

async function connect(url: string, boardId: string, key: string, name: string, voterToken?: string): Promise<Client> {
  const socket = io(url, {
    path: '/socket.io',
    auth: { boardId, key, protocolVersion: PROTOCOL_VERSION, name },
    transports: ['websocket'],
    reconnection: false,
  });
  const events: Client['events'] = [];
  const packets: string[] = [];
  const errors: ServerErrorPayload[] = [];
  const poker = trackPokerView(socket);
  socket.io.on('open', () => {
    socket.io.engine.on('packet', (packet: { data?: unknown }) => {
      if (packet.data !== undefined) packets.push(typeof packet.data === 'string' ? packet.data : JSON.stringify(packet.data));
    });
  });
  socket.onAny((event: string, ...args: unknown[]) => {
    events.push({ event, args });
    if (event === 'server:error') errors.push(args[0] as ServerErrorPayload);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const send = (event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack>;
  if (voterToken) assert.equal((await send('poker:join', { voterToken })).ok, true);
  await waitFor(() => poker.view() !== null, 5000, `${name} gets the poker state`);
  return { socket, events, packets, errors, view: poker.view, send, close: () => socket.disconnect() };
}

const token = (name: string) => `${name}-token-0123456789abcdef`;

/** Deck lists every card label by design; take those out, then any card label left is a vote. */
function withoutDeck(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'deck' ? undefined : v));
}

function parsePacket(data: string): unknown {
  // socket.io packet: type digit(s), optional "/nsp," and ack id, then JSON.
  const json = data.replace(/^\d+(\/[^,]*,)?\d*/, '');
  try {
    return json ? JSON.parse(json) : null;
  } catch {
    return data;
  }
}

async function seedItems(url: string, boardId: string, key: string, titles: string[]) {
  const client = connectDoc(url, boardId, key);
  await client.synced();
  let after: string | null = null;
  const ids: string[] = [];
  for (const title of titles) {
    const id: string = createItem(client.doc, { title, kind: 'story', position: after ? { after } : { at: 'top' } });
    ids.push(id);
    after = id;
  }
  return { client, ids };
}

describe('planning poker over socket.io', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  for (const spyRole of ['participant', 'facilitator'] as const) {
    it(`peek test: a ${spyRole} socket receives no other vote before the reveal`, async () => {
      const board = await createBoard(server.url);
      const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Checkout page', 'Refunds']);
      const facilitator =
        spyRole === 'facilitator' ? null : await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
      const spy = await connect(server.url, board.id, board.keys[spyRole], 'Spy', token('spy'));
      const lead = facilitator ?? spy;
      const alice = await connect(server.url, board.id, board.keys.participant, 'Alice', token('alice'));
      const bob = await connect(server.url, board.id, board.keys.participant, 'Bob', token('bob'));
      try {
        assert.equal((await lead.send('poker:start', { mode: 'item', itemId: seeded.ids[0] })).ok, true);
        await waitFor(() => alice.view()?.round?.phase === 'voting', 5000, 'round starts');
        const roundId = alice.view()!.round!.id;
        // Change of mind included: both values must stay secret.
        assert.equal((await alice.send('poker:vote', { roundId, card: '13' })).ok, true);
        assert.equal((await alice.send('poker:vote', { roundId, card: '21' })).ok, true);
        assert.equal((await bob.send('poker:vote', { roundId, card: '34' })).ok, true);
        assert.equal((await spy.send('poker:vote', { roundId, card: '2' })).ok, true);
        await waitFor(() => spy.view()!.round!.voters.filter((v) => v.status === 'voted').length === 3, 5000, 'spy sees three have voted');

        const before = spy.events.length;
        const beforePackets = spy.packets.length;
        assert.ok(before > 3 && beforePackets > 3);
        const secret = ['"13"', '"21"', '"34"'];
        for (const { event, args } of spy.events) {
          const text = JSON.stringify(withoutDeck(args));
          for (const s of secret) assert.ok(!text.includes(s), `${spyRole} saw ${s} in ${event}: ${text}`);
        }
        for (const packet of spy.packets) {
          const text = JSON.stringify(withoutDeck(parsePacket(packet)));
          for (const s of secret) assert.ok(!text.includes(s), `${spyRole} saw ${s} in a raw packet: ${packet.slice(0, 300)}`);
        }
        // It knows who voted, and its own vote.
        const view = spy.view()!;
        assert.equal(view.me.vote, '2');
        assert.deepEqual(
          view.round!.voters.filter((v) => !v.isMe).map((v) => v.vote),
          view.round!.voters.filter((v) => !v.isMe).map(() => null),
        );

        // The same checks find the votes once they are revealed: the test can see a leak.
        assert.equal((await lead.send('poker:reveal', { roundId })).ok, true);
        await waitFor(() => spy.view()?.round?.phase === 'revealed', 5000, 'reveal');
        const revealed = JSON.stringify(withoutDeck(spy.events.slice(before).map((e) => e.args)));
        for (const s of ['"21"', '"34"']) assert.ok(revealed.includes(s), `after the reveal ${s} is visible`);
        assert.equal(spy.view()!.round!.stats?.suggested?.label, '21');
      } finally {
        for (const c of [facilitator, spy, alice, bob]) c?.close();
        seeded.client.destroy();
      }
    });
  }

  it('refuses facilitator actions from a participant and a spectator, with server:error', async () => {
    const board = await createBoard(server.url);
    const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Item']);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
    const pat = await connect(server.url, board.id, board.keys.participant, 'Pat', token('pat'));
    const projector = await connect(server.url, board.id, board.keys.spectator, 'Projector', token('proj'));
    try {
      const refusedStart = await pat.send('poker:start', { mode: 'item', itemId: seeded.ids[0] });
      assert.equal(refusedStart.ok, false);
      assert.equal(refusedStart.error?.code, 'forbidden');
      await fay.send('poker:start', { mode: 'item', itemId: seeded.ids[0] });
      await waitFor(() => pat.view()?.round?.phase === 'voting');
      const roundId = pat.view()!.round!.id;
      await pat.send('poker:vote', { roundId, card: '5' });
      for (const [event, payload] of [
        ['poker:reveal', { roundId }],
        ['poker:revote', { roundId }],
        ['poker:accept', { roundId, card: '5' }],
        ['poker:settings', { deck: { kind: 't-shirt' } }],
        ['poker:timer', { roundId, seconds: 30 }],
        ['poker:next', {}],
        ['poker:split', { itemId: seeded.ids[0], titles: ['a'] }],
      ] as const) {
        const ack = await pat.send(event, payload);
        assert.equal(ack.ok, false, event);
        assert.equal(ack.error?.code, 'forbidden', event);
      }
      await waitFor(() => pat.errors.filter((e) => e.code === 'forbidden').length >= 8, 5000, 'server:error events');
      assert.equal(pat.errors.find((e) => e.event === 'poker:reveal')?.code, 'forbidden');
      const spectatorVote = await projector.send('poker:vote', { roundId, card: '3' });
      assert.equal(spectatorVote.error?.code, 'forbidden', 'spectators never vote');
      assert.equal(fay.view()!.round!.phase, 'voting', 'still not revealed');
      assert.equal(
        projector.view()!.round!.voters.some((v) => v.name === 'Projector'),
        false,
      );
    } finally {
      for (const c of [fay, pat, projector]) c.close();
      seeded.client.destroy();
    }
  });

  it('answers invalid payloads with server:error and keeps working', async () => {
    const board = await createBoard(server.url);
    const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Item']);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
    try {
      const bad: Array<[string, unknown]> = [
        ['poker:start', { mode: 'nonsense' }],
        ['poker:start', { mode: 'queue', count: 0 }],
        ['poker:start', { mode: 'item', itemId: 'no-such-item' }],
        ['poker:vote', { roundId: 5, card: '3' }],
        ['poker:vote', 'just a string'],
        ['poker:vote', null],
        ['poker:split', { itemId: seeded.ids[0], titles: [] }],
        ['poker:settings', { deck: { kind: 'custom', custom: ['x'] } }],
        ['poker:timer', { roundId: 'r', seconds: 999999 }],
        ['poker:join', { voterToken: 'short' }],
        ['poker:reveal', { roundId: 'not-a-round' }],
      ];
      for (const [event, payload] of bad) {
        const ack = await fay.send(event, payload);
        assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload)} refused`);
      }
      assert.ok(fay.errors.length >= bad.length);
      assert.equal(fay.errors[0].code, 'invalid_payload');
      // Still alive and working.
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId: seeded.ids[0] })).ok, true);
      const roundId = await (async () => {
        await waitFor(() => fay.view()?.round?.phase === 'voting');
        return fay.view()!.round!.id;
      })();
      const notInDeck = await fay.send('poker:vote', { roundId, card: '7' });
      assert.equal(notInDeck.ok, false);
      assert.equal(notInDeck.error?.code, 'invalid_payload');
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      fay.close();
      seeded.client.destroy();
    }
  });

  it('queue, auto-reveal when all have voted, accept writes estimate and history into the doc, split queues children next', async () => {
    const board = await createBoard(server.url);
    const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Epic-ish thing', 'Small thing', 'Other']);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
    const pat = await connect(server.url, board.id, board.keys.participant, 'Pat', token('pat'));
    try {
      assert.equal((await fay.send('poker:settings', { autoReveal: true, sprintThreshold: 8 })).ok, true);
      await fay.send('poker:start', { mode: 'queue', count: 2 });
      await waitFor(() => pat.view()?.round?.itemId === seeded.ids[0], 5000, 'first queued item');
      assert.deepEqual(pat.view()!.queue, [seeded.ids[1]]);
      let roundId = pat.view()!.round!.id;
      await pat.send('poker:vote', { roundId, card: '13' });
      assert.equal(pat.view()!.round!.phase, 'voting', 'Fay has not voted yet');
      await fay.send('poker:vote', { roundId, card: '21' });
      await waitFor(() => pat.view()?.round?.phase === 'revealed', 5000, 'auto-reveal');
      await fay.send('poker:revote', { roundId });
      await waitFor(() => pat.view()?.round?.number === 2, 5000, 're-vote');
      roundId = pat.view()!.round!.id;
      assert.equal(pat.view()!.round!.history.length, 1);
      await pat.send('poker:vote', { roundId, card: '21' });
      await fay.send('poker:vote', { roundId, card: '21' });
      await waitFor(() => pat.view()?.round?.phase === 'revealed', 5000, 'second auto-reveal');
      assert.equal(pat.view()!.round!.stats?.consensus, true);
      assert.equal((await fay.send('poker:accept', { roundId, card: '21' })).ok, true);
      await waitFor(() => listItems(seeded.client.doc).find((i) => i.id === seeded.ids[0])?.estimate === 21, 5000, 'estimate in the doc');
      const history = readEstimateHistory(seeded.client.doc, seeded.ids[0]);
      assert.deepEqual(
        history.map((r) => r.number),
        [1, 2],
      );
      assert.deepEqual(history[1].accepted, { label: '21', value: 21 });
      assert.deepEqual(history[0].votes.map((v) => v.vote).sort(), ['13', '21']);

      const split = await fay.send('poker:split', { itemId: seeded.ids[0], titles: ['Part one', 'Part two'] });
      assert.equal(split.ok, true, JSON.stringify(split));
      await waitFor(() => listItems(seeded.client.doc).length === 5, 5000, 'children in the doc');
      const order = listItems(seeded.client.doc, { zone: 'backlog' });
      assert.deepEqual(
        order.slice(0, 3).map((i) => i.title),
        ['Epic-ish thing', 'Part one', 'Part two'],
      );
      assert.equal(order[1].parentId, seeded.ids[0]);
      await waitFor(() => pat.view()?.queue.length === 3);
      assert.deepEqual(pat.view()!.queue, [order[1].id, order[2].id, seeded.ids[1]]);
      await fay.send('poker:next', {});
      await waitFor(() => pat.view()?.round?.itemId === order[1].id, 5000, 'next is the first child');
      const small = await fay.send('poker:split', { itemId: seeded.ids[1], titles: ['x'] });
      assert.equal(small.error?.code, 'conflict', 'an item that fits is not split');
    } finally {
      fay.close();
      pat.close();
      seeded.client.destroy();
    }
  });

  it('auto-reveal fires while a spectator (the projector) is connected: only those who may vote count', async () => {
    const board = await createBoard(server.url);
    const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Projected']);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
    const pat = await connect(server.url, board.id, board.keys.participant, 'Pat', token('pat'));
    const kim = await connect(server.url, board.id, board.keys.participant, 'Kim', token('kim'));
    const projector = await connect(server.url, board.id, board.keys.spectator, 'Projector', token('projector'));
    try {
      assert.equal((await fay.send('poker:settings', { autoReveal: true })).ok, true);
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId: seeded.ids[0] })).ok, true);
      await waitFor(() => projector.view()?.round?.phase === 'voting', 5000, 'round starts');
      let roundId = pat.view()!.round!.id;
      await pat.send('poker:vote', { roundId, card: '5' });
      await kim.send('poker:vote', { roundId, card: '8' });
      assert.equal(pat.view()!.round!.phase, 'voting', 'Fay has not voted yet');
      await fay.send('poker:vote', { roundId, card: '5' });
      await waitFor(() => projector.view()?.round?.phase === 'revealed', 5000, 'auto-reveal with the projector connected');

      // The facilitator sitting out: the two participants' votes are enough.
      await fay.send('poker:revote', { roundId });
      await waitFor(() => pat.view()?.round?.number === 2, 5000, 're-vote');
      roundId = pat.view()!.round!.id;
      assert.equal((await fay.send('poker:not-voting', { notVoting: true })).ok, true);
      await pat.send('poker:vote', { roundId, card: '5' });
      await kim.send('poker:vote', { roundId, card: '5' });
      await waitFor(() => projector.view()?.round?.phase === 'revealed', 5000, 'auto-reveal, facilitator not voting');
    } finally {
      for (const c of [fay, pat, kim, projector]) c.close();
      seeded.client.destroy();
    }
  });

  it('a vote cast while the socket is down counts once it reconnects, under the same voter', async () => {
    // socket.io-client sends what was emitted while disconnected before it fires `connect`, so
    // a vote queued during a blip reaches the server before anything the page sends on
    // reconnect. The voter token travels in the handshake, so the vote already has its voter.
    const board = await createBoard(server.url);
    const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Blip']);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
    const socket = io(server.url, {
      path: '/socket.io',
      auth: {
        boardId: board.id,
        key: board.keys.participant,
        protocolVersion: PROTOCOL_VERSION,
        name: 'Alice',
        voterToken: token('alice'),
      },
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 50,
    });
    const errors: ServerErrorPayload[] = [];
    let view: PokerView | null = null;
    socket.on('server:error', (e: ServerErrorPayload) => errors.push(e));
    socket.on('poker:state', (v: PokerView) => (view = v));
    // What the page does: announce the token on every connect (older servers need it).
    socket.on('connect', () => socket.emit('poker:join', { voterToken: token('alice') }));
    try {
      await waitFor(() => view !== null, 5000, 'Alice gets the poker state');
      assert.equal((await fay.send('poker:not-voting', { notVoting: true })).ok, true);
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId: seeded.ids[0] })).ok, true);
      await waitFor(() => view?.round?.phase === 'voting', 5000, 'round starts');
      const roundId = view!.round!.id;
      const aliceId = view!.me.voterId;

      const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
      socket.io.engine.close();
      assert.equal(socket.connected, false);
      const ack = socket.timeout(10_000).emitWithAck('poker:vote', { roundId, card: '8' }) as Promise<Ack>;
      await reconnected;
      const result = await ack;
      assert.deepEqual(result, { ok: true });
      assert.deepEqual(errors, []);
      await waitFor(
        () => fay.view()?.round?.voters.some((v) => v.voterId === aliceId && v.status === 'voted') === true,
        5000,
        'Fay sees Alice voted',
      );
      assert.equal((await fay.send('poker:reveal', { roundId })).ok, true);
      await waitFor(() => fay.view()?.round?.phase === 'revealed', 5000, 'reveal');
      assert.deepEqual(
        fay
          .view()!
          .round!.voters.filter((v) => v.vote !== null)
          .map((v) => [v.voterId, v.vote]),
        [[aliceId, '8']],
      );
    } finally {
      socket.disconnect();
      fay.close();
      seeded.client.destroy();
    }
  });

  it('a round on a WSJF input: accepting writes that input, not the estimate, and the history says so', async () => {
    const board = await createBoard(server.url);
    const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Valuable']);
    const itemId = seeded.ids[0];
    setEstimate(seeded.client.doc, itemId, { value: 3, label: null });
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
    const pat = await connect(server.url, board.id, board.keys.participant, 'Pat', token('pat'));
    try {
      await waitFor(() => fay.view() !== null);
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId, target: 'businessValue' })).ok, true);
      await waitFor(() => pat.view()?.round?.phase === 'voting', 5000, 'round starts');
      assert.equal(pat.view()!.round!.target, 'businessValue', 'everyone sees what is being estimated');
      const roundId = pat.view()!.round!.id;
      await pat.send('poker:vote', { roundId, card: '13' });
      await fay.send('poker:vote', { roundId, card: '8' });
      assert.equal((await fay.send('poker:reveal', { roundId })).ok, true);
      await waitFor(() => pat.view()?.round?.phase === 'revealed', 5000, 'reveal');
      assert.equal((await fay.send('poker:accept', { roundId, card: '13' })).ok, true);
      const wsjf = () => readItemDetails(getItemMap(seeded.client.doc, itemId)!).wsjf;
      await waitFor(() => wsjf().businessValue === 13, 5000, 'business value in the doc');
      assert.deepEqual(wsjf(), { businessValue: 13, timeCriticality: null, riskReduction: null, jobSize: null });
      assert.equal(listItems(seeded.client.doc).find((i) => i.id === itemId)?.estimate, 3, 'the estimate is unchanged');
      const history = readEstimateHistory(seeded.client.doc, itemId);
      assert.deepEqual(
        history.map((r) => [r.target, r.accepted?.label]),
        [['businessValue', '13']],
      );
      // A business value of 13 is not "too big for a sprint": no split on a WSJF round.
      const split = await fay.send('poker:split', { itemId, titles: ['a'] });
      assert.equal(split.error?.code, 'conflict');
      const badTarget = await fay.send('poker:start', { mode: 'item', itemId, target: 'estimatedValue' });
      assert.equal(badTarget.error?.code, 'invalid_payload');
    } finally {
      fay.close();
      pat.close();
      seeded.client.destroy();
    }
  });

  it('split: poker uses the board\'s sprint limit (no threshold: the velocity), like the "split me" flag', async () => {
    const board = await createBoard(server.url);
    const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Big', 'Small']);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
    try {
      setVelocity(seeded.client.doc, 8);
      setEstimate(seeded.client.doc, seeded.ids[1], { value: 5, label: null });
      setEstimate(seeded.client.doc, seeded.ids[0], { value: 13, label: null });
      // 0 means "no threshold" on the board: then the velocity is the limit, for poker too.
      assert.equal((await fay.send('poker:settings', { sprintThreshold: 0 })).ok, true);
      // The doc syncs on its own connection: retry until the server has the estimates.
      let big: Ack = { ok: false };
      for (const started = Date.now(); !big.ok && Date.now() - started < 5000;) {
        big = await fay.send('poker:split', { itemId: seeded.ids[0], titles: ['Part'] });
        if (!big.ok) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(big.ok, true, `13 is above a velocity of 8: ${JSON.stringify(big)}`);
      const small = await fay.send('poker:split', { itemId: seeded.ids[1], titles: ['x'] });
      assert.equal(small.error?.code, 'conflict', '5 fits a velocity of 8 (a threshold of 0 is no limit)');
      // No threshold at all: the same.
      assert.equal((await fay.send('poker:settings', { sprintThreshold: null })).ok, true);
      const again = await fay.send('poker:split', { itemId: seeded.ids[0], titles: ['Another part'] });
      assert.equal(again.ok, true, JSON.stringify(again));
    } finally {
      fay.close();
      seeded.client.destroy();
    }
  });

  it('timer: all clients see the end time; the round reveals itself when it ends', async () => {
    const board = await createBoard(server.url);
    const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Timed']);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
    const pat = await connect(server.url, board.id, board.keys.participant, 'Pat', token('pat'));
    try {
      await fay.send('poker:start', { mode: 'item', itemId: seeded.ids[0] });
      await waitFor(() => pat.view()?.round?.phase === 'voting');
      const roundId = pat.view()!.round!.id;
      await pat.send('poker:vote', { roundId, card: '3' });
      await fay.send('poker:timer', { roundId, seconds: 5, revealAtEnd: true });
      await waitFor(() => pat.view()?.round?.timer !== null, 5000, 'timer visible');
      const timer = pat.view()!.round!.timer!;
      assert.ok(timer.endsAt - pat.view()!.serverNow > 4000);
      await waitFor(() => pat.view()?.round?.phase === 'revealed', 9000, 'reveal at the end of the timer');
    } finally {
      fay.close();
      pat.close();
      seeded.client.destroy();
    }
  });
});

describe('planning poker across a server restart', () => {
  it('keeps the round and its votes after SIGKILL; a reconnecting voter sees their own vote', async () => {
    const dataDir = makeDataDir();
    let server = await startServerProcess({ dataDir });
    const board = await createBoard(server.url);
    const seeded = await seedItems(server.url, board.id, board.keys.facilitator, ['Survivor']);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
    const pat = await connect(server.url, board.id, board.keys.participant, 'Pat', token('pat'));
    const kim = await connect(server.url, board.id, board.keys.participant, 'Kim', token('kim'));
    await fay.send('poker:start', { mode: 'item', itemId: seeded.ids[0] });
    await waitFor(() => pat.view()?.round?.phase === 'voting');
    const roundId = pat.view()!.round!.id;
    assert.equal((await pat.send('poker:vote', { roundId, card: '8' })).ok, true);
    assert.equal((await kim.send('poker:vote', { roundId, card: '5' })).ok, true);
    // Let the doc's group commit store the seeded item too.
    await new Promise((r) => setTimeout(r, 200));
    seeded.client.destroy();
    await server.stop('SIGKILL');
    for (const c of [fay, pat, kim]) c.close();

    server = await startServerProcess({ dataDir });
    try {
      const pat2 = await connect(server.url, board.id, board.keys.participant, 'Pat', token('pat'));
      const view = pat2.view()!;
      assert.equal(view.round?.id, roundId);
      assert.equal(view.round?.phase, 'voting');
      assert.equal(view.round?.itemTitle, 'Survivor');
      assert.equal(view.me.vote, '8', 'own vote back after reconnect');
      const kimEntry = view.round!.voters.find((v) => v.name === 'Kim');
      assert.equal(kimEntry?.status, 'away');
      assert.equal(kimEntry?.vote, null, 'still secret after the restart');

      const fay2 = await connect(server.url, board.id, board.keys.facilitator, 'Fay', token('fay'));
      assert.equal((await fay2.send('poker:reveal', { roundId })).ok, true);
      await waitFor(() => pat2.view()?.round?.phase === 'revealed', 5000, 'reveal after restart');
      const votes = Object.fromEntries(pat2.view()!.round!.voters.map((v) => [v.name, v.vote]));
      assert.equal(votes.Pat, '8');
      assert.equal(votes.Kim, '5');
      pat2.close();
      fay2.close();
    } finally {
      await server.stop();
    }
  });
});
