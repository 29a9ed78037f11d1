/**
 * The board-state service with a fake hub and a counter as the feature: what is stored, who is
 * told, and when the state leaves memory. The features' own behaviour is tested over real
 * sockets in test/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import * as Y from 'yjs';
import { BoardLock } from '../board-lock';
import { BoardStateService, type BoardStateRules } from './board-state';
import type { ControlHub, ControlSocket, EventContext } from './control-hub';

const BOARD = 'board-1';

class FakeHub {
  readonly leaves: Array<(ctx: EventContext) => void> = [];
  readonly here = new Set<string>();
  /** People on other nodes of a cluster. */
  readonly elsewhere = new Set<string>();
  readonly rooms = { peek: async () => ({ doc: new Y.Doc() }) };
  roster() {
    return [...this.here, ...this.elsewhere].map((clientId) => ({ clientId }));
  }
  hasLocal() {
    return this.here.size > 0;
  }
  onLeave(listener: (ctx: EventContext) => void) {
    this.leaves.push(listener);
  }
  leave(clientId: string) {
    this.here.delete(clientId);
    for (const listener of this.leaves) listener({ boardId: BOARD, clientId } as EventContext);
  }
}

function setup(overrides: Partial<BoardStateRules<number>> = {}) {
  const hub = new FakeHub();
  hub.here.add('fay');
  const stored = new Map<string, number>();
  const sent: Array<{ state: number; to: string }> = [];
  const calls = { loads: 0 };
  const boards = new BoardStateService(hub as unknown as ControlHub, new BoardLock(), pino({ level: 'silent' }));
  const counter = boards.define<number>('counter', {
    async load({ boardId }) {
      calls.loads++;
      return stored.get(boardId) ?? 0;
    },
    async save(boardId, next) {
      stored.set(boardId, next);
    },
    send(_boardId, state, to) {
      // Stored before anyone hears of it (0, the initial state, is never stored).
      assert.equal(stored.get(BOARD) ?? 0, state);
      sent.push({ state, to: to === 'everyone' ? 'everyone' : to.id });
    },
    ...overrides,
  });
  return { hub, boards, counter, stored, sent, calls };
}

const socket = (id: string) => ({ id }) as ControlSocket;

describe('BoardStateService', () => {
  it('runs a board’s changes one at a time; each is stored, then everyone is told', async () => {
    const { counter, stored, sent } = setup();
    const slow = counter.change(BOARD, async (n) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return n + 1;
    });
    const fast = counter.change(BOARD, (n) => n + 10);
    await Promise.all([slow, fast]);
    assert.equal(stored.get(BOARD), 11);
    assert.deepEqual(sent, [
      { state: 1, to: 'everyone' },
      { state: 11, to: 'everyone' },
    ]);
  });

  it('a change that throws stores and tells nothing, and the next one runs', async () => {
    const { counter, stored, sent } = setup();
    await assert.rejects(
      counter.change(BOARD, () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    await counter.change(BOARD, (n) => n + 1);
    assert.equal(stored.get(BOARD), 1);
    assert.equal(sent.length, 1);
  });

  it('an unchanged state is not stored, and told only to whom `unchanged` names', async () => {
    const { counter, stored, sent } = setup();
    await counter.change(BOARD, (n) => n);
    assert.equal(stored.has(BOARD), false);
    assert.deepEqual(sent, []);
    await counter.change(BOARD, (n) => n, { unchanged: () => socket('joiner') });
    assert.deepEqual(sent, [{ state: 0, to: 'joiner' }]);
  });

  it('settle runs after every change: the rules that follow from the state', async () => {
    const { counter, stored } = setup({ settle: (_boardId, n) => Math.min(n, 2) });
    await counter.change(BOARD, (n) => n + 3);
    assert.equal(stored.get(BOARD), 2);
  });

  it('the last one leaving drops the state; a change running then is stored and dropped too', async () => {
    const { hub, counter, stored, calls } = setup();
    await counter.change(BOARD, (n) => n + 1);
    assert.equal(counter.isLoaded(BOARD), true);
    let release!: () => void;
    const running = counter.change(BOARD, async (n) => {
      await new Promise<void>((resolve) => (release = resolve));
      return n + 1;
    });
    await new Promise((resolve) => setImmediate(resolve));
    hub.leave('fay');
    assert.equal(counter.isLoaded(BOARD), false);
    release();
    await running;
    assert.equal(stored.get(BOARD), 2);
    assert.equal(counter.isLoaded(BOARD), false, 'not kept for nobody');
    hub.here.add('pat');
    assert.equal(await counter.read(BOARD), 2, 'loaded again from the store');
    assert.equal(calls.loads, 2);
  });

  it('the last one on this node leaving drops the state, though people remain on other nodes', async () => {
    const { hub, counter } = setup();
    hub.elsewhere.add('bob');
    await counter.change(BOARD, (n) => n + 1);
    assert.equal(counter.isLoaded(BOARD), true);
    hub.leave('fay');
    assert.equal(counter.isLoaded(BOARD), false, 'not kept for people this node does not serve');
    await counter.change(BOARD, (n) => n + 1);
    assert.equal(counter.isLoaded(BOARD), false, 'a change with nobody here is stored and dropped');
  });

  it('a failed load is tried again at the next event', async () => {
    let failing = true;
    const { counter } = setup({
      load: async () => {
        if (failing) throw new Error('store down');
        return 5;
      },
    });
    await assert.rejects(counter.read(BOARD), /store down/);
    failing = false;
    assert.equal(await counter.read(BOARD), 5);
  });

  it('wakeAt settles the state again with no event, and no timer outlives the board', async () => {
    const wakeAt = () => Date.now() + 10;
    let woken = 0;
    const { hub, counter } = setup({
      wakeAt: (n) => (n === 1 ? wakeAt() : null),
      settle: (_boardId, n) => {
        if (n === 1) woken++;
        return n;
      },
    });
    await counter.change(BOARD, (n) => n + 1);
    assert.equal(woken, 1);
    for (let i = 0; i < 200 && woken < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(woken >= 2, 'settled again when the timer ended');
    const before = woken;
    hub.leave('fay');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(woken, before, 'no timer on an unloaded board');
  });
});
