import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process';
import { connectDoc } from '../helpers/yjs-client';

/**
 * Issue 10, hole 4: y-websocket sends everything a reconnecting client made offline as one
 * sync step 2 frame. Over the 1 MiB frame limit the server closed it with 1009, the client
 * reconnected and sent it again, for ever: nothing arrived. Step 2 may now be as large as the
 * board (MAX_DOC_BYTES) and one update as large as MAX_UPDATE_BYTES.
 */
describe('attack-free but large: offline edits and big pastes', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it('delivers 20 MB made offline and a 5 MB paste to the server and the others (stock client)', async () => {
    const board = await createBoard(server.url, 'offline');
    const writer = connectDoc(server.url, board.id, board.keys.participant);
    const reader = connectDoc(server.url, board.id, board.keys.participant);
    await Promise.all([writer.synced(), reader.synced()]);

    // Online: one 5 MB paste, one update message.
    const paste = 'p'.repeat(5 * 1024 * 1024);
    writer.doc.getText('pasted').insert(0, paste);
    await waitFor(() => reader.doc.getText('pasted').length === paste.length, 30_000, '5 MB paste delivered');

    // Offline: 20 MB of edits in several texts, then reconnect.
    writer.provider.disconnect();
    const notes = writer.doc.getMap('offline');
    writer.doc.transact(() => {
      for (let i = 0; i < 20; i++) {
        const text = new (writer.doc.getText('x').constructor as typeof import('yjs').Text)();
        text.insert(0, String.fromCharCode(97 + i).repeat(1024 * 1024));
        notes.set(`note-${i}`, text);
      }
    });
    let closes = 0;
    writer.provider.on('connection-close', () => closes++);
    writer.provider.connect();
    await waitFor(() => reader.doc.getMap('offline').size === 20, 60_000, '20 MB of offline edits delivered');
    const total = Array.from(reader.doc.getMap('offline').values()).reduce<number>((sum, t) => sum + (t as { length: number }).length, 0);
    assert.equal(total, 20 * 1024 * 1024);
    assert.equal(closes, 0, 'the writer was never closed');
    writer.destroy();
    reader.destroy();

    // And it is stored: a new client after the board unloaded gets all of it.
    await new Promise((r) => setTimeout(r, 500));
    const late = connectDoc(server.url, board.id, board.keys.participant);
    await late.synced();
    assert.equal(late.doc.getMap('offline').size, 20);
    assert.equal(late.doc.getText('pasted').length, paste.length);
    late.destroy();
  });
});
