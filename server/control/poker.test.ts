/**
 * PokerService lifecycle with a fake hub and a store whose writes can be held back, to order a
 * change against the last person leaving. Socket-level behaviour is in test/poker.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import * as Y from 'yjs';
import { createItem } from '../../lib/board/mutations';
import { applyPokerPatch, type HeldPokerView, type PokerPatch } from '../../lib/poker/patch';
import type { PokerView } from '../../lib/poker/redact';
import type { PokerStateMessage } from '../../lib/protocol';
import type { Role } from '../../lib/session/roles';
import type { Store } from '../store/store';
import type { ControlHub, EventContext } from './control-hub';
import { BoardLock } from '../board-lock';
import { BoardStateService } from './board-state';
import { PokerService } from './poker';
import { DEFAULT_PEOPLE_PER_KEY } from '../../lib/session/limits';

const BOARD = 'board-1';

type Listener = (ctx: EventContext, payload?: unknown) => unknown;

class FakeHub {
  readonly handlers = new Map<string, Listener>();
  readonly joins: Listener[] = [];
  readonly leaves: Listener[] = [];
  readonly doc = new Y.Doc();
  readonly rooms = { peek: async () => ({ doc: this.doc }) };
  private readonly here = new Set<string>();
  on(event: string, handler: Listener) {
    this.handlers.set(event, handler);
  }
  onJoin(listener: Listener) {
    this.joins.push(listener);
  }
  onLeave(listener: Listener) {
    this.leaves.push(listener);
  }
  roster() {
    return [...this.here].map((clientId) => ({ clientId }));
  }
  hasLocal() {
    return this.here.size > 0;
  }
  /** One node: nobody is present elsewhere, and nobody comes or goes there. */
  remoteVoters() {
    return [];
  }
  onRemoteVoters() {}
  /** Whether the other nodes' voters are known (a cluster node just started, say, has not heard them yet). */
  complete = true;
  private readonly completeListeners: Array<() => void> = [];
  remoteRosterComplete() {
    return this.complete;
  }
  onRemoteRosterComplete(listener: () => void) {
    this.completeListeners.push(listener);
  }
  /** The roster turns complete, as ClusterRoster tells the hub. */
  completeRoster() {
    this.complete = true;
    for (const listener of this.completeListeners) listener();
  }
  /** As the real hub: in the roster first, then every join listener in turn. */
  async join(ctx: EventContext) {
    this.here.add(ctx.clientId);
    for (const listener of this.joins) await listener(ctx);
  }
  /** Out of the roster first, then every leave listener. */
  leave(ctx: EventContext) {
    this.here.delete(ctx.clientId);
    for (const listener of this.leaves) listener(ctx);
  }
  send(ctx: EventContext, event: string, payload: unknown) {
    return this.handlers.get(event)!(ctx, payload);
  }
}

/** Stores in memory; while `held`, every write waits for `release()`. */
class HeldStore {
  private readonly states = new Map<string, unknown>();
  private waiting: Array<() => void> = [];
  held = false;
  get pending() {
    return this.waiting.length;
  }
  async getControlState(boardId: string, name: string) {
    return this.states.get(`${boardId}/${name}`) ?? null;
  }
  async setControlState(boardId: string, name: string, value: unknown) {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.states.set(`${boardId}/${name}`, value);
  }
  release() {
    this.held = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/** A socket whose views (whole, or patched as a client patches them) land in `views`. */
function member(id: string, role: Role, views: PokerView[]): EventContext {
  let held: HeldPokerView | null = null;
  const emit = (event: string, payload: PokerStateMessage | PokerPatch) => {
    if (event === 'poker:state') {
      const { seq, ...view } = payload as PokerStateMessage;
      held = { view, seq };
    } else if (event === 'poker:patch') {
      held = held && applyPokerPatch(held, payload as PokerPatch);
      assert.ok(held, `a patch to ${id} follows the view it holds`);
    }
    if (held) views.push(held.view);
  };
  const socket = { id, data: { name: id, color: '#123456' }, emit };
  return { socket: socket as unknown as EventContext['socket'], boardId: BOARD, role, clientId: id, name: id };
}

async function until(predicate: () => boolean, what: string) {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(predicate(), what);
}

function setup() {
  const hub = new FakeHub();
  const store = new HeldStore();
  const clock = { now: 1_000_000 };
  const log = pino({ level: 'silent' });
  const boards = new BoardStateService(hub as unknown as ControlHub, new BoardLock(), log, () => clock.now);
  const service = new PokerService(boards, store as unknown as Store, log, DEFAULT_PEOPLE_PER_KEY);
  service.register();
  const itemId = createItem(hub.doc, { title: 'Item', kind: 'story', position: { at: 'top' } });
  return { hub, store, clock, service, itemId };
}

describe('PokerService: nothing stays in memory after everyone left', () => {
  it('a change still being stored when the last one leaves arms no timer that loads the board again', async () => {
    const { hub, store, clock, service, itemId } = setup();
    const views: PokerView[] = [];
    const fay = member('fay', 'facilitator', views);
    await hub.join(fay);
    await hub.send(fay, 'poker:join', { voterToken: 'fay-token-0123456789' });
    await hub.send(fay, 'poker:start', { mode: 'item', itemId });
    const roundId = views.at(-1)!.round!.id;

    store.held = true;
    const timerSet = hub.send(fay, 'poker:timer', { roundId, seconds: 5, revealAtEnd: true }) as Promise<unknown>;
    await until(() => store.pending === 1, 'the timer change is being stored');
    hub.leave(fay);
    assert.equal(service.isLoaded(BOARD), false, 'unloaded when the last one left');
    // The timer would now end at once: armed on the dropped board, it would load it again.
    clock.now += 5_000;
    store.release();
    await timerSet;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(service.isLoaded(BOARD), false, 'still unloaded after the change and its timer');
    service.close();
  });

  it('a change queued before the last one left does not load the board again', async () => {
    const { hub, store, service, itemId } = setup();
    const views: PokerView[] = [];
    const fay = member('fay', 'facilitator', views);
    const pat = member('pat', 'participant', []);
    await hub.join(fay);
    await hub.join(pat);
    await hub.send(pat, 'poker:join', { voterToken: 'pat-token-0123456789' });
    await hub.send(fay, 'poker:start', { mode: 'item', itemId });
    const roundId = views.at(-1)!.round!.id;

    store.held = true;
    const vote = hub.send(pat, 'poker:vote', { roundId, card: '5' }) as Promise<unknown>;
    await until(() => store.pending === 1, 'the vote is being stored');
    hub.leave(fay); // queues a change (the rest may all have voted now)
    hub.leave(pat); // the last one: unload
    store.release();
    await vote;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(service.isLoaded(BOARD), false);
    service.close();
  });
});

describe('PokerService: voter identity', () => {
  it('a socket that never joined cannot vote; one token per socket while a round is voting', async () => {
    const { hub, service, itemId } = setup();
    const views: PokerView[] = [];
    const fay = member('fay', 'facilitator', views);
    const pat = member('pat', 'participant', []);
    await hub.join(fay);
    await hub.join(pat);
    await hub.send(fay, 'poker:join', { voterToken: 'fay-token-0123456789' });
    await hub.send(fay, 'poker:start', { mode: 'item', itemId });
    const roundId = views.at(-1)!.round!.id;
    await assert.rejects(Promise.resolve(hub.send(pat, 'poker:vote', { roundId, card: '5' })), /poker:join/);
    await hub.send(pat, 'poker:join', { voterToken: 'pat-token-0123456789' });
    await hub.send(pat, 'poker:join', { voterToken: 'pat-token-0123456789' });
    await hub.send(pat, 'poker:vote', { roundId, card: '5' });
    await assert.rejects(Promise.resolve(hub.send(pat, 'poker:join', { voterToken: 'other-token-0123456789' })), /open round/);
    await hub.send(fay, 'poker:reveal', { roundId });
    assert.equal(views.at(-1)!.round!.stats!.voteCount, 1);
    // Between rounds the token may change.
    await hub.send(pat, 'poker:join', { voterToken: 'other-token-0123456789' });
    service.close();
  });

  it('a spectator joining with a voter token is not bound to that voter', async () => {
    const { hub, service, itemId } = setup();
    const views: PokerView[] = [];
    const projectorViews: PokerView[] = [];
    const fay = member('fay', 'facilitator', views);
    const projector = member('projector', 'spectator', projectorViews);
    await hub.join(fay);
    await hub.join(projector);
    const sameBrowser = 'fay-token-0123456789';
    await hub.send(fay, 'poker:join', { voterToken: sameBrowser });
    await hub.send(projector, 'poker:join', { voterToken: sameBrowser });
    await hub.send(fay, 'poker:start', { mode: 'item', itemId });
    const roundId = views.at(-1)!.round!.id;
    await hub.send(fay, 'poker:vote', { roundId, card: '8' });
    await until(() => projectorViews.at(-1)!.round!.voters.some((v) => v.status === 'voted'), 'the wall sees a vote');
    const wall = projectorViews.at(-1)!;
    assert.notEqual(wall.me.voterId, views.at(-1)!.me.voterId);
    assert.equal(wall.me.vote, null);
    assert.ok(wall.round!.voters.every((v) => v.vote === null && !v.isMe));
    service.close();
  });
});

describe('PokerService: a vote sent right after poker:join', () => {
  it('is cast as the joined voter, not refused for want of a token', async () => {
    const { hub, service, itemId } = setup();
    const views: PokerView[] = [];
    const fay = member('fay', 'facilitator', views);
    await hub.join(fay);
    await hub.send(fay, 'poker:join', { voterToken: 'fay-token-0123456789' });
    await hub.send(fay, 'poker:start', { mode: 'item', itemId });
    const roundId = views.at(-1)!.round!.id;
    const pat = member('pat', 'participant', []);
    await hub.join(pat);
    // Both sent at once, as a client reconnecting and clicking does: the join is not awaited.
    const joined = hub.send(pat, 'poker:join', { voterToken: 'pat-token-0123456789' }) as Promise<unknown>;
    await hub.send(pat, 'poker:vote', { roundId, card: '5' });
    await joined;
    // Votes reach the others as a patch at the end of the window (poker-patches.ts).
    await until(() => views.at(-1)!.round!.voters.find((v) => v.name === 'pat')?.status === 'voted', 'Fay sees pat voted');
    service.close();
  });
});

describe('PokerService: auto-reveal in a cluster', () => {
  it('waits while the voters on other nodes are not all known, and reveals once they are', async () => {
    const { hub, service, itemId } = setup();
    const views: PokerView[] = [];
    const fay = member('fay', 'facilitator', views);
    await hub.join(fay);
    await hub.send(fay, 'poker:join', { voterToken: 'fay-token-0123456789' });
    await hub.send(fay, 'poker:settings', { autoReveal: true });
    await hub.send(fay, 'poker:start', { mode: 'item', itemId });
    const roundId = views.at(-1)!.round!.id;
    // This node has just started: someone on another node may not be in its roster yet.
    hub.complete = false;
    await hub.send(fay, 'poker:vote', { roundId, card: '5' });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(views.at(-1)!.round!.phase, 'voting', 'not revealed while a voter elsewhere may be missing');
    hub.completeRoster();
    await until(() => views.at(-1)!.round!.phase === 'revealed', 'revealed once every voter is known');
    service.close();
  });
});
