/**
 * Tail trim by consensus over real sockets: a real server process, raw socket.io clients for a
 * facilitator, two participants and a projector, and a Yjs client to seed and read the document.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { readItemDetails } from '../lib/board/item-details';
import { createItem, parkItem, restoreItem } from '../lib/board/mutations';
import { getItemMap, readItem } from '../lib/board/schema';
import { PROTOCOL_VERSION } from '../lib/protocol';
import type { TrimStateView } from '../lib/refinement/trim-consensus';
import { createBoard, makeDataDir, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';
import { connectDoc } from './helpers/yjs-client';

interface Ack {
  ok: boolean;
  error?: { code: string; message: string };
  result?: unknown;
}

interface Client {
  socket: Socket;
  state: () => TrimStateView | null;
  send: (event: string, payload: unknown) => Promise<Ack>;
  close: () => void;
}

async function connect(url: string, boardId: string, key: string, name: string): Promise<Client> {
  const socket = io(url, {
    path: '/socket.io',
    auth: { boardId, key, protocolVersion: PROTOCOL_VERSION, name },
    transports: ['websocket'],
    reconnection: false,
  });
  let state: TrimStateView | null = null;
  let sessionSeen = false;
  socket.on('trim:state', (s: TrimStateView) => (state = s));
  socket.on('session', () => (sessionSeen = true));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await waitFor(() => sessionSeen && state !== null, 5000, `${name} joins`);
  return {
    socket,
    state: () => state,
    send: (event, payload) => socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack>,
    close: () => socket.close(),
  };
}

const AWAY_GRACE_MS = 1500;

describe('tail trim by consensus', () => {
  let server: ServerProcess;
  const dataDir = makeDataDir();

  before(async () => {
    // A short grace period, so "proceed without" can be tested without waiting 30 s.
    server = await startServerProcess({ dataDir, env: { TRIM_AWAY_GRACE_MS: String(AWAY_GRACE_MS) } });
  });
  after(async () => {
    await server?.stop();
  });

  async function boardWithTail() {
    const board = await createBoard(server.url, 'Trim');
    const yjs = connectDoc(server.url, board.id, board.keys.facilitator);
    await yjs.synced();
    for (const id of ['keep', 'old1', 'old2']) createItem(yjs.doc, { id, title: `Item ${id}`, kind: 'story', position: { at: 'bottom' } });
    parkItem(yjs.doc, 'old1', 'nobody asked for it');
    parkItem(yjs.doc, 'old2', 'superseded');
    const fac = await connect(server.url, board.id, board.keys.facilitator, 'Fay');
    const pat = await connect(server.url, board.id, board.keys.participant, 'Pat');
    const quinn = await connect(server.url, board.id, board.keys.participant, 'Quinn');
    const tv = await connect(server.url, board.id, board.keys.spectator, 'Projector');
    await waitFor(() => true, 50);
    const zone = (id: string) => readItem(getItemMap(yjs.doc, id)!).zone;
    const details = (id: string) => readItemDetails(getItemMap(yjs.doc, id)!);
    const close = () => [fac, pat, quinn, tv].forEach((c) => c.close());
    return { board, yjs, fac, pat, quinn, tv, zone, details, close };
  }

  it('trims when everyone present confirms, and records who confirmed', async () => {
    const t = await boardWithTail();
    try {
      const proposed = await t.fac.send('trim:propose', { itemIds: ['old1', 'old2'] });
      assert.equal(proposed.ok, true, JSON.stringify(proposed));
      await waitFor(() => t.quinn.state()?.proposal !== null, 5000, 'proposal reaches everyone');
      const proposal = t.quinn.state()!.proposal!;
      assert.deepEqual(
        proposal.voters.map((v) => v.name),
        ['Fay', 'Pat', 'Quinn'],
        'spectator does not vote',
      );
      assert.deepEqual(
        proposal.items.map((i) => i.id),
        ['old1', 'old2'],
      );

      const tvVote = await t.tv.send('trim:respond', { proposalId: proposal.id, response: 'confirm' });
      assert.equal(tvVote.ok, false);
      assert.equal(tvVote.error!.code, 'forbidden');

      for (const c of [t.fac, t.pat])
        assert.equal((await c.send('trim:respond', { proposalId: proposal.id, response: 'confirm' })).ok, true);
      await waitFor(() => t.tv.state()!.proposal!.voters.filter((v) => v.response === 'confirm').length === 2, 5000, 'votes shown');
      assert.equal(t.zone('old1'), 'tail', 'not trimmed before the last confirmation');

      const last = await t.quinn.send('trim:respond', { proposalId: proposal.id, response: 'confirm' });
      assert.equal(last.ok, true);
      await waitFor(() => t.zone('old1') === 'trimmed' && t.zone('old2') === 'trimmed', 5000, 'items trimmed in the doc');
      assert.equal(t.zone('keep'), 'backlog');
      const decision = t.details('old1').trimDecision!;
      assert.equal(decision.proposedBy, 'Fay');
      assert.deepEqual(
        decision.confirmedBy.map((c) => c.name),
        ['Fay', 'Pat', 'Quinn'],
      );
      assert.ok(decision.confirmedBy.every((c) => c.at > 0));
      await waitFor(() => t.pat.state()!.proposal === null && t.pat.state()!.lastOutcome?.result === 'trimmed', 5000, 'outcome broadcast');
    } finally {
      t.close();
      t.yjs.destroy();
    }
  });

  it('an objection to one item keeps that item for discussion; the others are trimmed once everyone confirms', async () => {
    const t = await boardWithTail();
    try {
      assert.equal((await t.fac.send('trim:propose', { itemIds: ['old1', 'old2'] })).ok, true);
      await waitFor(() => !!t.quinn.state()?.proposal, 5000, 'proposal');
      const id = t.quinn.state()!.proposal!.id;
      assert.equal((await t.fac.send('trim:respond', { proposalId: id, response: 'confirm' })).ok, true);
      const partial = await t.pat.send('trim:respond', {
        proposalId: id,
        response: 'object',
        reason: 'Finance uses it',
        itemIds: ['old2'],
      });
      assert.equal(partial.ok, true, JSON.stringify(partial));
      // Everyone sees the objection and its reason; the item is marked to discuss at once.
      await waitFor(() => t.tv.state()!.proposal?.kept?.[0]?.reason === 'Finance uses it', 5000, 'objection visible');
      assert.deepEqual(
        t.tv.state()!.proposal!.items.map((i) => i.id),
        ['old1'],
      );
      await waitFor(() => t.details('old2').trimDiscussion?.objectedBy === 'Pat', 5000, 'old2 marked to discuss');

      assert.equal((await t.quinn.send('trim:respond', { proposalId: id, response: 'confirm' })).ok, true);
      await waitFor(() => t.zone('old1') === 'trimmed', 5000, 'old1 trimmed');
      assert.equal(t.zone('old2'), 'tail', 'old2 kept');
      await waitFor(() => t.pat.state()!.lastOutcome?.result === 'trimmed', 5000, 'outcome');
      assert.deepEqual(t.pat.state()!.lastOutcome!.itemIds, ['old1']);
      assert.equal(t.pat.state()!.lastOutcome!.kept![0].reason, 'Finance uses it');
    } finally {
      t.close();
      t.yjs.destroy();
    }
  });

  it('proceeds without a voter who dropped out, only after the grace period, and the record says so', async () => {
    const t = await boardWithTail();
    try {
      assert.equal((await t.fac.send('trim:propose', { itemIds: ['old1'] })).ok, true);
      await waitFor(() => !!t.pat.state()?.proposal, 5000, 'proposal');
      const proposal = t.pat.state()!.proposal!;
      const quinnSeat = proposal.voters.find((v) => v.name === 'Quinn')!.seatId;
      for (const c of [t.fac, t.pat])
        assert.equal((await c.send('trim:respond', { proposalId: proposal.id, response: 'confirm' })).ok, true);

      // Quinn is here: the facilitator cannot skip her.
      const early = await t.fac.send('trim:proceed-without', { proposalId: proposal.id, seatId: quinnSeat });
      assert.equal(early.ok, false);
      assert.equal(early.error!.code, 'conflict');

      t.quinn.close();
      await waitFor(
        () => t.pat.state()!.proposal!.voters.some((v) => v.name === 'Quinn' && v.clientId === null && !!v.awaySince),
        5000,
        'Quinn away',
      );
      const tooSoon = await t.fac.send('trim:proceed-without', { proposalId: proposal.id, seatId: quinnSeat });
      assert.equal(tooSoon.ok, false, 'not within the grace period');
      assert.equal(
        (await t.pat.send('trim:proceed-without', { proposalId: proposal.id, seatId: quinnSeat })).error!.code,
        'forbidden',
        'facilitator only',
      );
      assert.equal(t.zone('old1'), 'tail');

      await new Promise((resolve) => setTimeout(resolve, AWAY_GRACE_MS + 100));
      const without = await t.fac.send('trim:proceed-without', { proposalId: proposal.id, seatId: quinnSeat });
      assert.equal(without.ok, true, JSON.stringify(without));
      await waitFor(() => t.zone('old1') === 'trimmed', 5000, 'trimmed without Quinn');
      await waitFor(() => t.pat.state()!.lastOutcome?.result === 'trimmed', 5000, 'outcome');
      assert.deepEqual(t.pat.state()!.lastOutcome!.without, ['Quinn']);
      assert.deepEqual(
        t.details('old1').trimDecision!.confirmedBy.map((c) => c.name),
        ['Fay', 'Pat'],
        'Quinn is not recorded as confirming',
      );
    } finally {
      t.close();
      t.yjs.destroy();
    }
  });

  it('keeps the items and marks them for discussion on one objection; a new proposal then passes', async () => {
    const t = await boardWithTail();
    try {
      const first = await t.fac.send('trim:propose', { itemIds: ['old1'] });
      const proposalId = (first.result as { proposalId: string }).proposalId;
      await t.fac.send('trim:respond', { proposalId, response: 'confirm' });
      const objection = await t.pat.send('trim:respond', { proposalId, response: 'object', reason: 'Sales still wants it' });
      assert.equal(objection.ok, true);
      await waitFor(() => t.details('old1').trimDiscussion !== null, 5000, 'marked for discussion');
      assert.equal(t.zone('old1'), 'tail');
      assert.deepEqual(
        { by: t.details('old1').trimDiscussion!.objectedBy, reason: t.details('old1').trimDiscussion!.reason },
        { by: 'Pat', reason: 'Sales still wants it' },
      );
      await waitFor(() => t.quinn.state()!.lastOutcome?.result === 'kept', 5000, 'outcome broadcast');
      const late = await t.quinn.send('trim:respond', { proposalId, response: 'confirm' });
      assert.equal(late.ok, false, 'the closed proposal takes no more answers');

      const second = await t.fac.send('trim:propose', { itemIds: ['old1'] });
      const secondId = (second.result as { proposalId: string }).proposalId;
      for (const c of [t.fac, t.pat, t.quinn]) await c.send('trim:respond', { proposalId: secondId, response: 'confirm' });
      await waitFor(() => t.zone('old1') === 'trimmed', 5000, 'trimmed after the discussion');
      assert.equal(t.details('old1').trimDiscussion, null, 'discussion mark cleared');
    } finally {
      t.close();
      t.yjs.destroy();
    }
  });

  it('refuses proposals from participants, of items not in the tail, and a second open proposal', async () => {
    const t = await boardWithTail();
    try {
      assert.equal((await t.pat.send('trim:propose', { itemIds: ['old1'] })).error!.code, 'forbidden');
      assert.equal((await t.fac.send('trim:propose', { itemIds: ['keep'] })).error!.code, 'conflict');
      assert.equal((await t.fac.send('trim:propose', { itemIds: ['nope'] })).error!.code, 'not_found');
      assert.equal((await t.fac.send('trim:propose', { itemIds: [] })).error!.code, 'invalid_payload');
      const ok = await t.fac.send('trim:propose', { itemIds: ['old1'] });
      assert.equal(ok.ok, true);
      assert.equal((await t.fac.send('trim:propose', { itemIds: ['old2'] })).error!.code, 'conflict');
      const id = (ok.result as { proposalId: string }).proposalId;
      assert.equal((await t.pat.send('trim:cancel', { proposalId: id })).error!.code, 'forbidden');
      assert.equal((await t.fac.send('trim:cancel', { proposalId: id })).ok, true);
      await waitFor(() => t.pat.state()!.lastOutcome?.result === 'cancelled', 5000, 'cancel broadcast');
    } finally {
      t.close();
      t.yjs.destroy();
    }
  });

  it('skips an item restored while the vote ran', async () => {
    const t = await boardWithTail();
    try {
      const res = await t.fac.send('trim:propose', { itemIds: ['old1', 'old2'] });
      const proposalId = (res.result as { proposalId: string }).proposalId;
      restoreItem(t.yjs.doc, 'old2');
      await waitFor(() => true, 200);
      for (const c of [t.fac, t.pat, t.quinn]) await c.send('trim:respond', { proposalId, response: 'confirm' });
      await waitFor(() => t.zone('old1') === 'trimmed', 5000, 'old1 trimmed');
      assert.equal(t.zone('old2'), 'backlog');
    } finally {
      t.close();
      t.yjs.destroy();
    }
  });

  it('keeps the open proposal and the seats across a reconnect and a server restart', async () => {
    const t = await boardWithTail();
    let pat2: Client;
    let all: Client[] = [];
    try {
      const res = await t.fac.send('trim:propose', { itemIds: ['old1'] });
      const proposalId = (res.result as { proposalId: string }).proposalId;
      await t.pat.send('trim:respond', { proposalId, response: 'confirm' });
      t.close();
      t.yjs.destroy();
      await server.stop();
      server = await startServerProcess({ dataDir });
      const fac = await connect(server.url, t.board.id, t.board.keys.facilitator, 'Fay');
      pat2 = await connect(server.url, t.board.id, t.board.keys.participant, 'Pat');
      const quinn = await connect(server.url, t.board.id, t.board.keys.participant, 'Quinn');
      all = [fac, pat2, quinn];
      await waitFor(() => quinn.state()?.proposal?.voters.every((v) => v.clientId !== null) === true, 5000, 'seats rebound');
      const proposal = quinn.state()!.proposal!;
      assert.equal(proposal.id, proposalId);
      assert.equal(proposal.voters.find((v) => v.name === 'Pat')!.response, 'confirm', 'earlier answer kept');
      await fac.send('trim:respond', { proposalId, response: 'confirm' });
      await quinn.send('trim:respond', { proposalId, response: 'confirm' });
      const yjs = connectDoc(server.url, t.board.id, t.board.keys.facilitator);
      await yjs.synced();
      await waitFor(() => readItem(getItemMap(yjs.doc, 'old1')!).zone === 'trimmed', 5000, 'trimmed after restart');
      yjs.destroy();
    } finally {
      all.forEach((c) => c.close());
    }
  });
});
