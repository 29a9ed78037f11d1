import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as encoding from 'lib0/encoding';
import { createBoard, startServerProcess, waitFor, type ServerProcess } from '../../helpers/server-process';
import { connectDoc } from '../../helpers/yjs-client';
import { heavyBoard, latencyBound, openRawPeer, percentiles, sleep, syncStep1Message, syncStep2Message } from '../../helpers/attack';

/**
 * Issue 10, hole 3: a spectator key could send sync step 1 without limit, and each one made the
 * server diff the whole board and its delete set on the event loop (good clients' p99 went from
 * 22 ms to 4 s on a 2.9 MB board). Every connection now has a server-time budget per address:
 * the flood is throttled, then closed (4429), and other boards stay fast.
 */
describe('attack: sync step 1 flood from a spectator key', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.stop());

  it(
    'throttles and closes the flood while a good client on another board keeps p99 < 250 ms (or 3× its p99 without the flood)',
    { timeout: 90_000 },
    async (t) => {
      const heavy = await createBoard(server.url, 'heavy');
      const loader = await openRawPeer(server.url, heavy.id, heavy.keys.participant, { localAddress: '127.0.0.3' });
      // About 2 MB, 20,000 separate ranges in the delete set.
      const snapshot = heavyBoard(40_000, 4000);
      loader.ws.send(syncStep2Message(snapshot.update));
      const probe = connectDoc(server.url, heavy.id, heavy.keys.spectator);
      await waitFor(() => probe.doc.getMap('items').size === 4000, 30_000, 'heavy board loaded');
      probe.destroy();

      const good = await createBoard(server.url, 'good');
      const writer = connectDoc(server.url, good.id, good.keys.participant);
      const reader = connectDoc(server.url, good.id, good.keys.participant);
      await Promise.all([writer.synced(), reader.synced()]);
      let latencies: number[] = [];
      reader.doc.getMap('clock').observe(() => {
        const sent = reader.doc.getMap('clock').get('sentAt') as number;
        latencies.push(performance.now() - sent);
      });
      const typeFor = async (ms: number) => {
        const started = performance.now();
        while (performance.now() - started < ms) {
          writer.doc.getMap('clock').set('sentAt', performance.now());
          await sleep(40);
        }
      };
      // The same client without the flood first: what this machine gives it right now.
      await typeFor(2000);
      await sleep(200);
      const baseline = percentiles(latencies);
      latencies = [];

      // Each a different state vector naming the board's own writer: a fresh diff of nearly the
      // whole board and its delete set every time, which no cache can answer.
      let variant = 0;
      const step1 = () => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint(encoder, snapshot.clientId);
        encoding.writeVarUint(encoder, 1 + (variant++ % 50_000));
        return syncStep1Message(encoding.toUint8Array(encoder));
      };
      const attacker = await openRawPeer(server.url, heavy.id, heavy.keys.spectator, { localAddress: '127.0.0.2' });
      let attackSent = 0;
      t.after(() => {
        clearInterval(flood);
        for (const c of [writer, reader]) c.destroy();
        loader.ws.terminate();
        attacker.ws.terminate();
      });
      const flood = setInterval(() => {
        if (attacker.ws.readyState !== attacker.ws.OPEN) return;
        for (let i = 0; i < 20; i++) attacker.ws.send(step1());
        attackSent += 20;
      }, 10);

      await typeFor(6000);
      clearInterval(flood);
      await sleep(200);

      const figures = percentiles(latencies);
      t.diagnostic(
        `good client: p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, max ${figures.max.toFixed(1)} ms over ${figures.count} changes ` +
          `(without the flood: p50 ${baseline.p50.toFixed(1)} ms, p99 ${baseline.p99.toFixed(1)} ms); ` +
          `attacker: ${attacker.messageCount()} of ${attackSent} step 1s answered`,
      );
      assert.ok(figures.count > 100, `good client measured ${figures.count} changes`);
      assert.ok(
        figures.p99 < latencyBound(baseline.p99),
        `good client p99 ${figures.p99.toFixed(1)} ms (p50 ${figures.p50.toFixed(1)}, max ${figures.max.toFixed(1)}); ` +
          `without the flood ${baseline.p99.toFixed(1)} ms, bound ${latencyBound(baseline.p99).toFixed(1)} ms`,
      );
      const answered = attacker.messageCount();
      assert.ok(answered < attackSent / 5, `the flood was throttled: ${answered} of ${attackSent} step 1s answered`);
      const result = await Promise.race([attacker.closed, sleep(10_000).then(() => null)]);
      assert.equal(result?.code, 4429, 'the flooding connection is closed as rate limited');
    },
  );
});
