import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, makeDataDir, startServerProcess, waitFor } from './helpers/server-process';
import { connectDoc } from './helpers/yjs-client';

describe('durable storage', () => {
  it('compacts many updates into a snapshot and unloads idle boards, losing nothing', async () => {
    const dataDir = makeDataDir();
    const server = await startServerProcess({ dataDir, env: { COMPACT_THRESHOLD: '50', LOG_LEVEL: 'debug' } });
    const board = await createBoard(server.url, 'Compaction');
    const writer = connectDoc(server.url, board.id, board.keys.facilitator);
    await writer.synced();
    const text = writer.doc.getText('notes');
    for (let i = 0; i < 300; i++) {
      text.insert(text.length, `${i % 10}`);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 15));
    }
    const expected = text.toString();
    await waitFor(() => server.logs.some((l) => l.msg === 'compacted'), 5000, 'a compaction');
    const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as { boardsLoaded: number };
    assert.equal((await health()).boardsLoaded, 1);
    writer.destroy();
    // The last client left: once its writes are flushed the board leaves memory.
    const deadline = Date.now() + 5000;
    while ((await health()).boardsLoaded !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await health()).boardsLoaded, 0, 'board unloaded');
    // The log line comes over the server's stdout pipe, which can arrive after the HTTP answer.
    await waitFor(() => server.logs.some((l) => l.msg === 'room unloaded'), 5000, "the unload's log line");

    const reader = connectDoc(server.url, board.id, board.keys.participant);
    await reader.synced();
    assert.equal(reader.doc.getText('notes').toString(), expected);
    reader.destroy();
    await server.stop();

    // And after a restart too.
    const again = await startServerProcess({ dataDir });
    const late = connectDoc(again.url, board.id, board.keys.participant);
    await late.synced();
    assert.equal(late.doc.getText('notes').toString(), expected);
    late.destroy();
    await again.stop();
  });
});
