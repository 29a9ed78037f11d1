/**
 * The guided meeting over real sockets: a real server process, raw socket.io clients, board
 * changes made through a stock y-websocket client. Covers who may drive the agenda, what a late
 * joiner sees, a restart in the middle of a meeting, and the summary at the end.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { addAction } from '../lib/board/item-entries';
import { createItem, parkItem, setEstimate, trimItems } from '../lib/board/mutations';
import type { MeetingSummary } from '../lib/meeting/summary';
import type { MeetingView } from '../lib/meeting/view';
import { PROTOCOL_VERSION, type ServerErrorPayload } from '../lib/protocol';
import { splitItem } from '../lib/refinement/split';
import { createBoard, makeDataDir, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';
import { connectDoc, untilServerHas } from './helpers/yjs-client';

interface Ack {
  ok: boolean;
  error?: { code: string; message: string };
  result?: { view?: MeetingView; summary?: MeetingSummary };
}

interface Client {
  socket: Socket;
  view: () => MeetingView | null;
  ended: () => MeetingSummary | null;
  errors: ServerErrorPayload[];
  send: (event: string, payload: unknown) => Promise<Ack>;
  close: () => void;
}

async function connect(url: string, boardId: string, key: string, name: string): Promise<Client> {
  const socket = io(url, {
    path: '/socket.io',
    auth: { boardId, key, protocolVersion: PROTOCOL_VERSION, name },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  let view: MeetingView | null = null;
  let ended: MeetingSummary | null = null;
  const errors: ServerErrorPayload[] = [];
  socket.on('meeting:state', (v: MeetingView) => (view = v));
  socket.on('meeting:ended', (s: MeetingSummary) => (ended = s));
  socket.on('server:error', (e: ServerErrorPayload) => errors.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  // The state is pushed on join, with no request.
  await waitFor(() => view !== null, 5000, `${name} gets the meeting state`);
  return {
    socket,
    view: () => view,
    ended: () => ended,
    errors,
    send: (event, payload) => socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack>,
    close: () => socket.disconnect(),
  };
}

const stageOf = (c: Client) => c.view()?.meeting?.currentStageId ?? null;

describe('the guided meeting over socket.io', () => {
  let server: ServerProcess;
  const dataDir = makeDataDir('refinery-meeting-');
  before(async () => {
    server = await startServerProcess({ dataDir });
  });
  after(() => server.stop());

  it('ending the meeting closes the poker round, asking first when it holds votes nobody accepted', async () => {
    const board = await createBoard(server.url);
    const seed = connectDoc(server.url, board.id, board.keys.facilitator);
    await seed.synced();
    createItem(seed.doc, { id: 'cart', title: 'Cart', kind: 'story', position: { at: 'bottom' } });
    createItem(seed.doc, { id: 'search', title: 'Search', kind: 'story', position: { at: 'bottom' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay');
    const ann = await connect(server.url, board.id, board.keys.participant, 'Ann');
    let round: { id: string } | null | undefined;
    ann.socket.on('poker:state', (v: { round: { id: string } | null }) => (round = v.round));
    try {
      assert.equal((await ann.send('poker:join', { voterToken: 'ann-voter-token-0123456789abcdef' })).ok, true);
      assert.equal((await fay.send('meeting:start', {})).ok, true);

      // A round with votes: the end is refused, nothing changes, until the facilitator agrees.
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId: 'cart' })).ok, true);
      await waitFor(() => !!round, 5000, 'Ann sees the round');
      assert.equal((await ann.send('poker:vote', { roundId: round!.id, card: '5' })).ok, true);
      const refused = await fay.send('meeting:end', {});
      assert.equal(refused.ok, false);
      assert.equal(refused.error!.code, 'poker_round_open');
      assert.equal(fay.view()!.meeting?.status, 'running', 'the meeting goes on');
      assert.ok(round, 'the round goes on');
      assert.equal((await ann.send('meeting:end', { closePoker: true })).error?.code, 'forbidden');

      const ended = await fay.send('meeting:end', { closePoker: true });
      assert.equal(ended.ok, true);
      assert.ok(ended.result?.summary);
      await waitFor(() => round === null && ann.view()?.meeting === null, 5000, 'round and meeting closed for Ann');

      // A round nobody voted in yet is closed without a question.
      assert.equal((await fay.send('meeting:start', {})).ok, true);
      assert.equal((await fay.send('poker:start', { mode: 'item', itemId: 'search' })).ok, true);
      await waitFor(() => !!round, 5000, 'the second round');
      assert.equal((await fay.send('meeting:end', {})).ok, true);
      await waitFor(() => round === null, 5000, 'closed with the meeting');
    } finally {
      seed.destroy();
      fay.close();
      ann.close();
    }
  });

  it('only a facilitator drives the agenda: participants and spectators are refused by the server', async () => {
    const board = await createBoard(server.url);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay');
    const ann = await connect(server.url, board.id, board.keys.participant, 'Ann');
    const projector = await connect(server.url, board.id, board.keys.spectator, 'Projector');
    try {
      assert.equal(fay.view()!.meeting, null);
      assert.equal(fay.view()!.agenda.length, 9, 'the default agenda');
      for (const [who, client] of [
        ['participant', ann],
        ['spectator', projector],
      ] as const) {
        const refused = await client.send('meeting:start', {});
        assert.equal(refused.ok, false, `${who} cannot start`);
        assert.equal(refused.error!.code, 'forbidden');
        await waitFor(() => client.errors.some((e) => e.event === 'meeting:start' && e.code === 'forbidden'), 5000, 'server:error');
      }
      assert.equal(fay.view()!.meeting, null, 'nothing started');

      assert.equal((await fay.send('meeting:start', {})).ok, true);
      await waitFor(() => stageOf(ann) === 'vision' && stageOf(projector) === 'vision', 5000, 'everyone on the first stage');
      for (const [event, payload] of [
        ['meeting:next', {}],
        ['meeting:prev', {}],
        ['meeting:goto', { stageId: 'split' }],
        ['meeting:skip', { stageId: 'vision' }],
        ['meeting:agenda', { agenda: fay.view()!.agenda.slice(0, 2), save: true }],
        ['meeting:agenda-reset', {}],
        ['meeting:end', {}],
      ] as const) {
        const ack = await ann.send(event, payload);
        assert.equal(ack.ok, false, `participant: ${event}`);
        assert.equal(ack.error!.code, 'forbidden', `participant: ${event}`);
      }
      assert.equal(stageOf(fay), 'vision', 'the refused steps changed nothing');
      assert.equal(fay.view()!.meeting!.agenda.length, 9);
      assert.equal((await fay.send('meeting:start', {})).error?.code, 'conflict', 'one meeting at a time');
      assert.equal((await fay.send('meeting:goto', { stageId: 'nope' })).error?.code, 'not_found');
      assert.equal((await fay.send('meeting:next', { bogus: 1 })).ok, true, 'unknown keys are stripped by zod');
      assert.equal((await fay.send('meeting:goto', { stageId: 42 })).error?.code, 'invalid_payload');
    } finally {
      fay.close();
      ann.close();
      projector.close();
    }
  });

  it('steps through stages; a double "next" moves one stage; a late joiner lands on the current stage with its clock', async () => {
    const board = await createBoard(server.url);
    const fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay');
    const projector = await connect(server.url, board.id, board.keys.spectator, 'Projector');
    try {
      assert.equal((await fay.send('meeting:start', {})).ok, true);
      await waitFor(() => stageOf(fay) === 'vision');
      // Two clicks on "next" sent from the same stage: the second is a no-op.
      const [a, b] = await Promise.all([
        fay.send('meeting:next', { fromStageId: 'vision' }),
        fay.send('meeting:next', { fromStageId: 'vision' }),
      ]);
      assert.equal(a.ok && b.ok, true);
      await waitFor(() => stageOf(projector) === 'roadmap', 5000, 'projector follows');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(stageOf(fay), 'roadmap');

      const late = await connect(server.url, board.id, board.keys.participant, 'Late Larry');
      try {
        const view = late.view()!;
        assert.equal(view.meeting!.currentStageId, 'roadmap');
        assert.equal(view.meeting!.status, 'running');
        const elapsed = view.serverNow - view.meeting!.stageStartedAt;
        assert.ok(elapsed >= 300 && elapsed < 10_000, `the stage clock runs: ${elapsed} ms`);
        assert.ok(view.meeting!.times.vision.spentMs > 0, 'time on the first stage was booked');
        await waitFor(() => fay.view()!.meeting!.attendees.some((x) => x.name === 'Late Larry'), 5000, 'late joiner is an attendee');
        assert.ok(!fay.view()!.meeting!.attendees.some((x) => x.role === 'spectator'), 'the projector is not an attendee');
        // `meeting:get` answers with the same view (for UIs that subscribe late).
        const got = await late.send('meeting:get', {});
        assert.equal(got.result!.view!.meeting!.currentStageId, 'roadmap');
      } finally {
        late.close();
      }
    } finally {
      fay.close();
      projector.close();
    }
  });

  it('keeps the meeting through a restart, then ends it with a summary of the real board changes', async () => {
    const board = await createBoard(server.url);
    const seed = connectDoc(server.url, board.id, board.keys.facilitator);
    await seed.synced();
    createItem(seed.doc, { id: 'epic', title: 'Checkout', kind: 'epic', position: { at: 'bottom' } });
    createItem(seed.doc, { id: 'cart', title: 'Cart', kind: 'story', position: { at: 'bottom' } });
    createItem(seed.doc, { id: 'old', title: 'Old banner', kind: 'story', position: { at: 'bottom' } });
    setEstimate(seed.doc, 'cart', { value: 3, label: null });
    parkItem(seed.doc, 'old', 'replaced');
    await untilServerHas(server.url, board.id, board.keys.facilitator, seed.doc);

    let fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay');
    let ann = await connect(server.url, board.id, board.keys.participant, 'Ann');
    assert.equal((await fay.send('meeting:start', {})).ok, true);
    await waitFor(() => stageOf(ann) === 'vision');
    // Shorter agenda, saved as the board's own.
    const agenda = fay
      .view()!
      .meeting!.agenda.filter((s) => s.kind !== 'roadmap')
      .map((s) => (s.id === 'tail' ? { ...s, minutes: 9 } : s));
    assert.equal((await fay.send('meeting:agenda', { agenda, save: true })).ok, true);
    await waitFor(() => ann.view()!.meeting!.agenda.length === 8 && ann.view()!.agendaSaved, 5000, 'agenda edited and saved');
    assert.equal((await fay.send('meeting:goto', { stageId: 'split' })).ok, true);
    await waitFor(() => stageOf(ann) === 'split');

    // The team works on the board during the meeting.
    createItem(seed.doc, { id: 'wish', title: 'Wishlist', kind: 'story', position: { at: 'top' } });
    splitItem(seed.doc, 'epic', ['Pay by card', 'Pay by invoice']);
    trimItems(seed.doc, ['old']);
    setEstimate(seed.doc, 'cart', { value: 5, label: null });
    addAction(seed.doc, 'wish', { text: 'Sketch the UI', owner: 'Ann' });
    await untilServerHas(server.url, board.id, board.keys.facilitator, seed.doc);
    seed.destroy();
    fay.close();
    ann.close();

    await server.stop();
    server = await startServerProcess({ dataDir });

    fay = await connect(server.url, board.id, board.keys.facilitator, 'Fay');
    ann = await connect(server.url, board.id, board.keys.participant, 'Ann');
    try {
      const view = ann.view()!;
      assert.equal(view.meeting?.status, 'running', 'the meeting survived the restart');
      assert.equal(view.meeting!.currentStageId, 'split');
      assert.equal(view.meeting!.agenda.length, 8);
      assert.equal(view.meeting!.agenda.find((s) => s.id === 'tail')!.minutes, 9);
      assert.equal(view.agendaSaved, true);
      assert.deepEqual(view.meeting!.attendees.map((a) => a.name).sort(), ['Ann', 'Fay']);

      const ended = await fay.send('meeting:end', {});
      assert.equal(ended.ok, true);
      const summary = ended.result!.summary!;
      await waitFor(() => ann.ended() !== null && ann.view()!.meeting === null, 5000, 'everyone hears the meeting ended');
      assert.deepEqual(ann.ended(), summary);
      assert.deepEqual(
        summary.created.map((c) => c.title),
        ['Wishlist'],
      );
      assert.deepEqual(
        summary.splits.map((s) => [s.parent.title, s.children.map((c) => c.title)]),
        [['Checkout', ['Pay by card', 'Pay by invoice']]],
      );
      assert.deepEqual(
        summary.trimmed.map((t) => t.title),
        ['Old banner'],
      );
      assert.deepEqual(
        summary.estimates.map((e) => [e.title, e.from, e.to]),
        [['Cart', '3', '5']],
      );
      assert.deepEqual(
        summary.actions.map((a) => [a.text, a.owner]),
        [['Sketch the UI', 'Ann']],
      );
      assert.deepEqual(summary.attendees.map((a) => a.name).sort(), ['Ann', 'Fay']);
      assert.equal(summary.stages.length, 8);
      assert.ok(summary.stages.find((s) => s.id === 'split')!.spentMs > 0);

      // Kept with the board: listed, and fetchable by anyone on it.
      assert.equal(ann.view()!.past.length, 1);
      assert.deepEqual(ann.view()!.past[0].counts, { created: 1, splits: 1, trimmed: 1, estimates: 1 });
      const fetched = await ann.send('meeting:summary', { meetingId: summary.meetingId });
      assert.deepEqual(fetched.result!.summary, summary);
      assert.equal((await ann.send('meeting:summary', { meetingId: 'nope' })).error?.code, 'not_found');
      assert.equal((await fay.send('meeting:end', {})).error?.code, 'conflict', 'nothing left to end');
      assert.equal((await fay.send('meeting:next', {})).error?.code, 'conflict');

      // The saved agenda is what the next meeting starts with.
      assert.equal((await fay.send('meeting:start', {})).ok, true);
      await waitFor(() => ann.view()!.meeting?.status === 'running');
      assert.equal(ann.view()!.meeting!.agenda.length, 8);
      assert.equal((await fay.send('meeting:end', {})).ok, true);
      await waitFor(() => ann.view()!.past.length === 2, 5000, 'two past meetings');
      assert.equal(ann.view()!.past[1].id, summary.meetingId, 'newest first');
    } finally {
      fay.close();
      ann.close();
    }
  });
});
