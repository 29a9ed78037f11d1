import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import { createItem, parkItem } from '../../lib/board/mutations';
import { getItemMap, readItem } from '../../lib/board/schema';
import type { MeetingView } from '../../lib/meeting/view';
import type { TrimStateView } from '../../lib/refinement/trim-consensus';
import { connectControl, emitWithAck } from '../helpers/control-client';
import { createBoard, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';
import { twoNodes } from './cluster-nodes';

/** A control socket that keeps the last trim and meeting states it was sent. */
async function person(node: ServerProcess, boardId: string, key: string, name: string) {
  const socket: Socket = connectControl(node.url, boardId, key, { name });
  let trim: TrimStateView | null = null;
  let meeting: MeetingView | null = null;
  socket.on('trim:state', (s: TrimStateView) => (trim = s));
  socket.on('meeting:state', (s: MeetingView) => (meeting = s));
  await waitFor(() => trim !== null && meeting !== null, 10_000, `${name} joins`);
  return {
    socket,
    trim: () => trim!,
    meeting: () => meeting!,
    send: (event: string, payload: unknown) => emitWithAck(socket, event, payload),
    close: () => socket.disconnect(),
  };
}

describe('cluster: trim consensus and the meeting across nodes', () => {
  const nodes = twoNodes();

  it('trims once everyone on both nodes confirms; the outcome reaches both', async () => {
    const { a, b } = nodes;
    const board = await createBoard(a.url, 'Trim across nodes');
    const docA = connectDoc(a.url, board.id, board.keys.facilitator);
    const docB = connectDoc(b.url, board.id, board.keys.participant);
    await Promise.all([docA.synced(), docB.synced()]);
    for (const id of ['keep', 'old1']) createItem(docA.doc, { id, title: `Item ${id}`, kind: 'story', position: { at: 'bottom' } });
    parkItem(docA.doc, 'old1', 'nobody asked for it');
    const fay = await person(a, board.id, board.keys.facilitator, 'Fay');
    const pat = await person(b, board.id, board.keys.participant, 'Pat');
    const quinn = await person(a, board.id, board.keys.participant, 'Quinn');
    const projector = await person(b, board.id, board.keys.spectator, 'Projector');
    try {
      await waitFor(() => getItemMap(docB.doc, 'old1') !== undefined, 10_000, 'items on node B');
      await new Promise((r) => setTimeout(r, 300));
      const proposed = await fay.send('trim:propose', { itemIds: ['old1'] });
      assert.equal(proposed.ok, true, JSON.stringify(proposed));
      await waitFor(() => pat.trim().proposal !== null, 10_000, 'the proposal reaches node B');
      const proposal = pat.trim().proposal!;
      assert.deepEqual(proposal.voters.map((v) => v.name).sort(), ['Fay', 'Pat', 'Quinn'], 'voters on both nodes, no projector');
      // Pat confirms on node B, Fay on node A; Quinn's is the last, on node A.
      assert.equal((await pat.send('trim:respond', { proposalId: proposal.id, response: 'confirm' })).ok, true);
      assert.equal((await fay.send('trim:respond', { proposalId: proposal.id, response: 'confirm' })).ok, true);
      await waitFor(
        () => quinn.trim().proposal?.voters.filter((v) => v.response === 'confirm').length === 2,
        10_000,
        'two confirmations seen on A',
      );
      assert.equal(readItem(getItemMap(docB.doc, 'old1')!).zone, 'tail', 'not trimmed before the last one');
      assert.equal((await quinn.send('trim:respond', { proposalId: proposal.id, response: 'confirm' })).ok, true);
      await waitFor(() => readItem(getItemMap(docB.doc, 'old1')!).zone === 'trimmed', 10_000, 'trimmed in the doc on node B');
      await waitFor(
        () => projector.trim().proposal === null && projector.trim().lastOutcome !== null,
        10_000,
        'outcome on the projector (B)',
      );
      assert.equal(readItem(getItemMap(docA.doc, 'keep')!).zone, 'backlog');
    } finally {
      for (const p of [fay, pat, quinn, projector]) p.close();
      docA.destroy();
      docB.destroy();
    }
  });

  it('runs one meeting: started on node A, moved on from node B, seen on both', async () => {
    const { a, b } = nodes;
    const board = await createBoard(a.url, 'Meeting across nodes');
    const fayOnA = await person(a, board.id, board.keys.facilitator, 'Fay');
    const fayOnB = await person(b, board.id, board.keys.facilitator, 'Fay (second screen)');
    const pat = await person(b, board.id, board.keys.participant, 'Pat');
    try {
      assert.equal((await fayOnA.send('meeting:start', {})).ok, true);
      await waitFor(() => pat.meeting().meeting?.status === 'running', 10_000, 'the meeting reaches node B');
      const first = pat.meeting().meeting!.currentStageId;
      // A second start from the other node finds the meeting running (one meeting, not two).
      const again = await fayOnB.send('meeting:start', {});
      assert.equal(again.ok, false, 'the meeting is already running in the cluster');
      assert.equal((await fayOnB.send('meeting:next', { fromStageId: first })).ok, true);
      await waitFor(() => fayOnA.meeting().meeting?.currentStageId !== first, 10_000, 'node A sees the next stage');
      const second = fayOnA.meeting().meeting!.currentStageId;
      // Pat's copy arrives on its own message: node A's can come first on a loaded machine.
      await waitFor(() => pat.meeting().meeting?.currentStageId === second, 10_000, 'node B sees the same stage');
      // A second "next from the first stage" (a double click on the other screen) changes nothing.
      await fayOnA.send('meeting:next', { fromStageId: first });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(pat.meeting().meeting!.currentStageId, second);
    } finally {
      for (const p of [fayOnA, fayOnB, pat]) p.close();
    }
  });
});
