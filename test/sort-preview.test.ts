/**
 * The sort preview relay over real sockets (issue 12): a real server process, raw socket.io
 * clients for a facilitator, a participant and a projector. Only the facilitator may send a
 * preview; everyone on the board, the projector included, receives it; a projector that joins
 * mid-preview is told; bad payloads are refused and reach no one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SortPreviewView } from '../lib/protocol';
import { SORT_PREVIEW_MAX_MOVES } from '../lib/protocol';
import { connectRecording, eventMatching, type RecordingClient } from './helpers/control-client';
import { createBoard, makeDataDir, startServerProcess, waitFor, type ServerProcess } from './helpers/server-process';

const MOVES = [
  { id: 'b', title: 'Billing', from: 1, to: 0, score: 8.5 },
  { id: 'a', title: 'Audit log', from: 0, to: 1, score: 2 },
];
const PREVIEW = { phase: 'previewing', method: 'wsjf', moves: MOVES, total: 2 } as const;

const previewsOf = (client: RecordingClient) =>
  client.events.filter((e) => e.event === 'sort:preview').map((e) => e.args[0] as SortPreviewView | null);

describe('sort preview relay', () => {
  let server: ServerProcess;
  const dataDir = makeDataDir();

  before(async () => {
    server = await startServerProcess({ dataDir });
  });
  after(async () => {
    await server?.stop();
  });

  async function room() {
    const board = await createBoard(server.url, 'Sort');
    const fac = await connectRecording(server.url, board.id, board.keys.facilitator, { name: 'Fay' });
    const pat = await connectRecording(server.url, board.id, board.keys.participant, { name: 'Pat' });
    const tv = await connectRecording(server.url, board.id, board.keys.spectator, { name: 'Projector' });
    const close = () => [fac, pat, tv].forEach((c) => c.close());
    return { board, fac, pat, tv, close };
  }

  it('relays the facilitator’s preview to everyone, the projector included, then its result and its end', async () => {
    const { fac, pat, tv, close } = await room();
    try {
      const seenByTv = eventMatching<SortPreviewView | null>(tv.socket, 'sort:preview', (p) => p?.phase === 'previewing');
      const seenByPat = eventMatching<SortPreviewView | null>(pat.socket, 'sort:preview', (p) => p?.phase === 'previewing');
      const ack = await fac.send('sort:preview', PREVIEW);
      assert.equal(ack.ok, true, JSON.stringify(ack));
      const preview = (await seenByTv)!;
      assert.deepEqual(preview.moves, MOVES);
      assert.equal(preview.method, 'wsjf');
      assert.equal(preview.total, 2);
      assert.equal(preview.by, 'Fay');
      assert.equal(typeof preview.at, 'number');
      assert.deepEqual((await seenByPat)!.moves, MOVES);

      const applied = eventMatching<SortPreviewView | null>(tv.socket, 'sort:preview', (p) => p?.phase === 'applied');
      assert.equal((await fac.send('sort:preview', { ...PREVIEW, phase: 'applied' })).ok, true);
      assert.deepEqual((await applied)!.moves, MOVES);

      const closed = eventMatching<SortPreviewView | null>(tv.socket, 'sort:preview', (p) => p === null);
      assert.equal((await fac.send('sort:preview', { phase: 'closed' })).ok, true);
      await closed;
      // Closing again changes nothing: nobody is told.
      const before = previewsOf(tv).length;
      assert.equal((await fac.send('sort:preview', { phase: 'closed' })).ok, true);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(previewsOf(tv).length, before);
    } finally {
      close();
    }
  });

  it('tells a projector that joins while a preview is open, and nobody else again', async () => {
    const { board, fac, pat, close } = await room();
    try {
      assert.equal((await fac.send('sort:preview', PREVIEW)).ok, true);
      await waitFor(() => previewsOf(pat).some((p) => p?.phase === 'previewing'), 5000, 'participant sees the preview');
      const patBefore = previewsOf(pat).length;
      const late = await connectRecording(server.url, board.id, board.keys.spectator, { name: 'Room 2' });
      try {
        await waitFor(() => previewsOf(late).length > 0, 5000, 'the late projector is told');
        assert.deepEqual(previewsOf(late)[0]!.moves, MOVES);
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(previewsOf(pat).length, patBefore);
      } finally {
        late.close();
      }
    } finally {
      close();
    }
  });

  it('refuses a preview from a participant or a projector, and tells no one', async () => {
    const { fac, pat, tv, close } = await room();
    try {
      for (const sender of [pat, tv]) {
        const ack = await sender.send('sort:preview', PREVIEW);
        assert.equal(ack.ok, false);
        assert.equal(ack.error?.code, 'forbidden');
      }
      await new Promise((r) => setTimeout(r, 200));
      for (const client of [fac, pat, tv]) assert.deepEqual(previewsOf(client), []);
    } finally {
      close();
    }
  });

  it('refuses bad payloads', async () => {
    const { fac, tv, close } = await room();
    try {
      const tooMany = Array.from({ length: SORT_PREVIEW_MAX_MOVES + 1 }, (_, i) => ({
        id: `i${i}`,
        title: 'x',
        from: i,
        to: i + 1,
        score: 1,
      }));
      const bad: unknown[] = [
        {},
        { phase: 'sorted' },
        { ...PREVIEW, method: 'alphabetical' },
        { ...PREVIEW, moves: tooMany, total: tooMany.length },
        { ...PREVIEW, moves: [{ ...MOVES[0], from: -1 }] },
        { ...PREVIEW, moves: [{ ...MOVES[0], from: 1.5 }] },
        { ...PREVIEW, moves: [{ ...MOVES[0], score: 'high' }] },
        { ...PREVIEW, moves: [{ ...MOVES[0], id: '' }] },
        { ...PREVIEW, moves: [{ ...MOVES[0], title: 'x'.repeat(10_000) }] },
        { ...PREVIEW, total: -3 },
        null,
        'previewing',
      ];
      for (const payload of bad) {
        const ack = await fac.send('sort:preview', payload);
        assert.equal(ack.ok, false, `accepted ${JSON.stringify(payload).slice(0, 80)}`);
        assert.equal(ack.error?.code, 'invalid_payload');
      }
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(previewsOf(tv), []);
    } finally {
      close();
    }
  });
});
