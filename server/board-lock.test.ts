import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoardLock } from './board-lock';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BoardLock', () => {
  it('runs one board’s tasks one at a time, in order, and other boards alongside', async () => {
    const lock = new BoardLock();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = lock.run('a', async () => {
      log.push('a1 start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('a1 end');
    });
    const second = lock.run('a', () => log.push('a2'));
    const other = lock.run('b', () => log.push('b1'));
    await other;
    await tick();
    assert.deepEqual(log, ['a1 start', 'b1'], 'b does not wait for a; a2 waits for a1');
    releaseFirst();
    await Promise.all([first, second]);
    assert.deepEqual(log, ['a1 start', 'b1', 'a1 end', 'a2']);
    assert.equal(lock.isBusy('a'), false);
  });

  it('a failed task fails its caller only; the next one runs', async () => {
    const lock = new BoardLock();
    const failed = lock.run('a', async () => {
      throw new Error('refused');
    });
    const next = lock.run('a', async () => 'ran');
    await assert.rejects(failed, /refused/);
    assert.equal(await next, 'ran');
  });
});
