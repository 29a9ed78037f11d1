import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { Persister } from './persister';
import type { Store } from '../store/store';

function fakeStore(failTimes = 0) {
  const batches: Array<Array<{ boardId: string; update: Uint8Array }>> = [];
  let failures = failTimes;
  const store = {
    async appendUpdates(batch: ReadonlyArray<{ boardId: string; update: Uint8Array }>) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('disk full');
      }
      batches.push([...batch]);
    },
  } as unknown as Store;
  return { store, batches };
}

const silent = pino({ level: 'silent' });

describe('Persister (group commit)', () => {
  it('stores everything appended within the window in one batch', async () => {
    const { store, batches } = fakeStore();
    const persister = new Persister(store, 20, silent);
    const committed: Array<Map<string, number>> = [];
    persister.onCommitted = (counts) => committed.push(counts);
    persister.append('a', Uint8Array.of(1));
    persister.append('b', Uint8Array.of(2));
    persister.append('a', Uint8Array.of(3));
    assert.equal(batches.length, 0, 'nothing written before the window ends');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(batches.length, 1);
    assert.deepEqual(
      batches[0].map((u) => u.update[0]),
      [1, 2, 3],
    );
    assert.deepEqual(
      [...committed[0]],
      [
        ['a', 2],
        ['b', 1],
      ],
    );
  });

  it('keeps a failed batch and stores it on the next flush, in order', async () => {
    const { store, batches } = fakeStore(1);
    const persister = new Persister(store, 5, silent);
    persister.append('a', Uint8Array.of(1));
    await persister.flush();
    assert.equal(batches.length, 0);
    assert.ok(persister.hasPending('a'));
    persister.append('a', Uint8Array.of(2));
    await persister.flush();
    assert.deepEqual(
      batches.flat().map((u) => u.update[0]),
      [1, 2],
    );
    await persister.close();
  });

  it('flush resolves only once the write is done', async () => {
    const { store, batches } = fakeStore();
    const persister = new Persister(store, 50, silent);
    persister.append('a', Uint8Array.of(9));
    await persister.flush();
    assert.equal(batches.length, 1);
    await persister.close();
  });

  it('spaces commits under load: the window after a quiet spell, 4 windows after the previous commit otherwise', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const { store, batches } = fakeStore();
      let now = 0;
      const persister = new Persister(store, 10, silent, () => now);
      const advance = async (ms: number) => {
        now += ms;
        mock.timers.tick(ms);
        // A commit the tick started finishes (the fake store answers in microtasks).
        await new Promise((resolve) => setImmediate(resolve));
      };
      persister.append('a', Uint8Array.of(1));
      await advance(10);
      assert.equal(batches.length, 1, 'the first update waits one window');

      await advance(5);
      persister.append('a', Uint8Array.of(2));
      persister.append('b', Uint8Array.of(3));
      await advance(10);
      assert.equal(batches.length, 1, 'not one window after, while the previous commit is recent');
      await advance(24);
      assert.equal(batches.length, 1);
      await advance(1);
      assert.equal(batches.length, 2, '40 ms after the previous commit');
      assert.deepEqual(
        batches[1].map((u) => u.update[0]),
        [2, 3],
      );

      await advance(200);
      persister.append('a', Uint8Array.of(4));
      await advance(9);
      assert.equal(batches.length, 2);
      await advance(1);
      assert.equal(batches.length, 3, 'after a quiet spell, one window again');
      await persister.close();
    } finally {
      mock.timers.reset();
    }
  });
});
