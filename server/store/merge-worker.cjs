// Worker thread that runs Y.mergeUpdates for the PostgreSQL store's compactions, so merging a
// big board's updates never holds the event loop that fans out live edits. Plain CommonJS: it
// needs only yjs, and skipping the TypeScript loader keeps its start-up short.
const { parentPort } = require('node:worker_threads');
const Y = require('yjs');

/**
 * Y.mergeUpdates costs far more than linear time in the number of updates (20,000 small ones:
 * 16.7 s, 500: 30 ms; docs/DECISIONS.md); merged in groups, then the groups' results, the same
 * bytes come out in a fraction of it (3 s at 20,000).
 */
const GROUP = 256;
function mergeInGroups(updates) {
  let level = updates;
  while (level.length > GROUP) {
    const next = [];
    for (let i = 0; i < level.length; i += GROUP) next.push(Y.mergeUpdates(level.slice(i, i + GROUP)));
    level = next;
  }
  return Y.mergeUpdates(level);
}

parentPort.on('message', ({ id, updates }) => {
  try {
    const merged = mergeInGroups(updates);
    parentPort.postMessage({ id, ok: true, merged }, [merged.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
