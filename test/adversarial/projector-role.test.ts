/**
 * The projector (issue 10, hole 8): the facilitator's "Open projector view" link must not carry
 * the facilitator key, and a projector (whatever key opened it) must be read-only and never a
 * voter, so auto-reveal fires while it is connected.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createItem } from '../../lib/board/mutations';
import { listItems } from '../../lib/board/schema';
import { projectorHref } from '../../lib/client/role-request';
import { deriveRoleKey } from '../../lib/session/role-keys';
import { connectRecording, type RecordingClient } from '../helpers/control-client';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';

const token = (name: string) => `${name}-token-0123456789abcdef`;

async function sessionOf(client: RecordingClient) {
  return client.events.find((e) => e.event === 'session')!.args[0] as { role: string; derivedKeys: boolean };
}

describe('adversarial: the projector link and role', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it("the link built from a new board's facilitator key carries the spectator key, which the server takes as spectator", async () => {
    const board = await createBoard(server.url);
    assert.equal(deriveRoleKey(board.keys.facilitator, 'spectator'), board.keys.spectator);
    assert.equal(deriveRoleKey(board.keys.facilitator, 'participant'), board.keys.participant);
    const fay = await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Fay' });
    try {
      const session = await sessionOf(fay);
      assert.equal(session.derivedKeys, true);
      const href = projectorHref(board.id, board.keys.facilitator, { role: 'facilitator', derivedKeys: session.derivedKeys });
      const linkKey = new URL(href, server.url).searchParams.get('key')!;
      assert.notEqual(linkKey, board.keys.facilitator, 'no facilitator key on the projected URL bar');
      assert.equal(linkKey, board.keys.spectator);
      const info = await fetch(`${server.url}/api/boards/${board.id}?key=${encodeURIComponent(linkKey)}`);
      assert.equal(((await info.json()) as { role: string }).role, 'spectator');
      const projector = await connectRecording(server.url, board.id, linkKey);
      assert.equal((await sessionOf(projector)).role, 'spectator');
      projector.close();
      // Without derivable keys (an older board, or anyone but the facilitator) the link keeps the
      // page's own key, and the projector page asks for the spectator role instead.
      assert.match(projectorHref(board.id, board.keys.participant, { role: 'participant', derivedKeys: false }), /present\?key=/);
    } finally {
      fay.close();
    }
  });

  it('a facilitator key asking for the spectator role is read-only on the control plane and not a voter; no upgrade', async () => {
    const board = await createBoard(server.url);
    const seeded = connectDoc(server.url, board.id, board.keys.facilitator);
    await seeded.synced();
    const itemId = createItem(seeded.doc, { title: 'Projected', kind: 'story', position: { at: 'top' } });
    const fay = await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Fay', voterToken: token('fay') });
    const wall = await connectRecording(server.url, board.id, board.keys.facilitator, {
      name: 'Wall',
      auth: { asRole: 'spectator' },
      voterToken: token('fay'),
    });
    const climber = await connectRecording(server.url, board.id, board.keys.participant, {
      name: 'Climber',
      auth: { asRole: 'facilitator' },
    });
    try {
      assert.equal((await sessionOf(wall)).role, 'spectator');
      assert.equal((await sessionOf(wall)).derivedKeys, false);
      assert.equal((await sessionOf(climber)).role, 'participant', 'asking for more than the key gives changes nothing');
      for (const [event, payload] of [
        ['focus:set', { itemId }],
        ['poker:start', { mode: 'item', itemId }],
        ['meeting:start', {}],
      ] as const) {
        assert.equal((await wall.send(event, payload)).error?.code, 'forbidden', event);
        assert.equal((await climber.send(event, payload)).error?.code, 'forbidden', event);
      }
      let started = await fay.send('poker:start', { mode: 'item', itemId });
      for (const t0 = Date.now(); !started.ok && Date.now() - t0 < 5000;) {
        await new Promise((r) => setTimeout(r, 50));
        started = await fay.send('poker:start', { mode: 'item', itemId });
      }
      assert.equal(started.ok, true);
      await waitFor(() => wall.view()?.round?.phase === 'voting', 5000, 'round starts');
      const roundId = wall.view()!.round!.id;
      assert.equal((await wall.send('poker:vote', { roundId, card: '3' })).error?.code, 'forbidden');
      assert.equal((await fay.send('poker:vote', { roundId, card: '8' })).ok, true);
      await waitFor(() => wall.view()!.round!.voters.some((v) => v.status === 'voted'), 5000, 'the wall sees that Fay voted');
      // Same browser, same voter token: still the projected page must not show Fay's card.
      assert.equal(wall.view()!.me.vote, null);
      assert.ok(wall.view()!.round!.voters.every((v) => v.vote === null && !v.isMe));
      assert.ok(!wall.view()!.round!.voters.some((v) => v.name === 'Wall'), 'the projector is not a voter');
    } finally {
      for (const c of [fay, wall, climber]) c.close();
      seeded.destroy();
    }
  });

  it('a facilitator key asking for the spectator role (as=spectator) cannot write the document', async () => {
    const board = await createBoard(server.url);
    const reader = connectDoc(server.url, board.id, board.keys.participant);
    const wallDoc = new Y.Doc();
    const wall = new WebsocketProvider(server.url.replace(/^http/, 'ws') + '/yjs', board.id, wallDoc, {
      params: { key: board.keys.facilitator, as: 'spectator' },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    try {
      await reader.synced();
      await waitFor(() => wall.synced, 10_000, 'the wall syncs');
      createItem(wallDoc, { title: 'Written by the projector', kind: 'story', position: { at: 'top' } });
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(listItems(reader.doc).length, 0);
    } finally {
      reader.destroy();
      wall.destroy();
      wallDoc.destroy();
    }
  });

  it('auto-reveal fires when every real voter voted while projectors are connected (spectator key, downgraded and plain facilitator key)', async () => {
    const board = await createBoard(server.url);
    const seeded = connectDoc(server.url, board.id, board.keys.facilitator);
    await seeded.synced();
    const itemId = createItem(seeded.doc, { title: 'Auto', kind: 'story', position: { at: 'top' } });
    const fay = await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Fay', voterToken: token('fay') });
    const pat = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Pat', voterToken: token('pat') });
    const projectors = [
      await connectRecording(server.url, board.id, board.keys.spectator, { name: 'Room', voterToken: token('room') }),
      await connectRecording(server.url, board.id, board.keys.facilitator, {
        name: 'Wall',
        auth: { asRole: 'spectator' },
        voterToken: token('fay'),
      }),
      // The old present page: the facilitator key, no role asked, no poker:join.
      await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Old projector' }),
    ];
    try {
      assert.equal((await fay.send('poker:settings', { autoReveal: true })).ok, true);
      let started = await fay.send('poker:start', { mode: 'item', itemId });
      for (const t0 = Date.now(); !started.ok && Date.now() - t0 < 5000;) {
        await new Promise((r) => setTimeout(r, 50));
        started = await fay.send('poker:start', { mode: 'item', itemId });
      }
      await waitFor(() => pat.view()?.round?.phase === 'voting', 5000, 'round starts');
      const roundId = pat.view()!.round!.id;
      assert.equal((await pat.send('poker:vote', { roundId, card: '5' })).ok, true);
      assert.equal(pat.view()!.round!.phase, 'voting', 'Fay has not voted yet');
      assert.equal((await fay.send('poker:vote', { roundId, card: '8' })).ok, true);
      await waitFor(() => projectors[0].view()?.round?.phase === 'revealed', 5000, 'auto-reveal with three projectors connected');
      assert.deepEqual(
        projectors[0]
          .view()!
          .round!.voters.map((v) => v.name)
          .sort(),
        ['Fay', 'Pat'],
      );
    } finally {
      for (const c of [fay, pat, ...projectors]) c.close();
      seeded.destroy();
    }
  });
});
