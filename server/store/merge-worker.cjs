// Worker thread that runs Y.mergeUpdates for the PostgreSQL store's compactions, so merging a
// big board's updates never holds the event loop that fans out live edits. Plain CommonJS: it
// needs only yjs, and skipping the TypeScript loader keeps its start-up short.
const { parentPort } = require('node:worker_threads');
const Y = require('yjs');

parentPort.on('message', ({ id, updates }) => {
  try {
    const merged = Y.mergeUpdates(updates);
    parentPort.postMessage({ id, ok: true, merged }, [merged.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
