import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { Participant } from '../../lib/session/roles';
import { log } from '../log';
import { ClusterRoster, HEARTBEAT_MS, NODE_TIMEOUT_MS, ROSTER_SETTLE_MS, type ServerSideChannel } from './cluster-roster';

/** One node's roster on a fake adapter: the test delivers the peer's messages and moves the clock. */
function node(canHear: () => boolean) {
  const handlers = new Map<string, (...args: never[]) => void>();
  const emitted: unknown[][] = [];
  const io: ServerSideChannel = {
    serverSideEmit: (...message) => emitted.push(message),
    on: (event, listener) => handlers.set(event, listener),
  };
  const clock = { now: 0 };
  const gone: string[] = [];
  const deadPeers: string[] = [];
  const roster = new ClusterRoster(
    io,
    'me/1',
    (_boardId, participant) => gone.push(participant.name),
    () => undefined,
    (instance) => deadPeers.push(instance),
    canHear,
    log,
    () => clock.now,
  );
  roster.start();
  const hear = (event: string, ...message: unknown[]) => (handlers.get(event) as (...m: unknown[]) => void)(...message);
  const bo: Participant = { clientId: 'c-bo', name: 'Bo', color: '#000', role: 'participant' };
  const peerSaysAlive = () =>
    hear('cluster:roster-full', { instance: 'peer/1', version: 1, seats: [{ boardId: 'b', participant: bo, voterId: null }] });
  /** `ms` pass; the heartbeat timer fires once at the end (every HEARTBEAT_MS, or late after a stall). */
  const pass = (ms: number) => {
    clock.now += ms;
    mock.timers.tick(HEARTBEAT_MS);
  };
  let completions = 0;
  roster.becameComplete = () => completions++;
  return {
    roster,
    hear,
    peerSaysAlive,
    pass,
    gone,
    deadPeers,
    emitted,
    completions: () => completions,
    people: () => roster.everyone('b').map((p) => p.name),
  };
}

describe('cluster roster: judging peers dead', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('takes out a peer not heard of for NODE_TIMEOUT_MS while this node hears', () => {
    const n = node(() => true);
    n.peerSaysAlive();
    assert.deepEqual(n.people(), ['Bo']);
    for (let t = 0; t <= NODE_TIMEOUT_MS; t += HEARTBEAT_MS) n.pass(HEARTBEAT_MS);
    assert.deepEqual(n.people(), []);
    assert.deepEqual(n.gone, ['Bo']);
    assert.deepEqual(n.deadPeers, ['peer/1']);
    n.roster.close();
  });

  it('counts a peer it heard only asking who is there (just started, then cut off) and judges it like any other', () => {
    const n = node(() => true);
    n.pass(HEARTBEAT_MS);
    n.hear('cluster:roster-ask', '*', { instance: 'peer/1', version: 0 });
    assert.deepEqual(n.emitted.slice(-2), [
      ['cluster:roster-ask', 'peer/1', { instance: 'me/1', version: 0 }],
      ['cluster:roster-full', { instance: 'me/1', version: 0, seats: [] }],
    ]);
    assert.equal(n.roster.complete(), false, 'its roster has not come');
    for (let t = 0; t <= NODE_TIMEOUT_MS; t += HEARTBEAT_MS) n.pass(HEARTBEAT_MS);
    assert.deepEqual(n.deadPeers, ['peer/1']);
    n.roster.close();
  });

  it('keeps its peers while its own Redis connections are not ready, and counts their silence from when they are', () => {
    let ready = true;
    const n = node(() => ready);
    n.peerSaysAlive();
    ready = false;
    for (let t = 0; t < 3 * NODE_TIMEOUT_MS; t += HEARTBEAT_MS) n.pass(HEARTBEAT_MS);
    assert.deepEqual(n.people(), ['Bo'], 'a node that cannot hear does not judge');
    ready = true;
    n.pass(HEARTBEAT_MS);
    assert.deepEqual(n.people(), ['Bo'], 'back: the peer gets a whole timeout to be heard again');
    for (let t = 0; t < NODE_TIMEOUT_MS; t += HEARTBEAT_MS) n.pass(HEARTBEAT_MS);
    assert.deepEqual(n.people(), [], 'still silent once this node hears again: dead');
    assert.deepEqual(n.gone, ['Bo']);
    n.roster.close();
  });

  it('does not count a stall of its own event loop as the peers’ silence', () => {
    const n = node(() => true);
    n.peerSaysAlive();
    n.pass(HEARTBEAT_MS);
    // The loop was blocked for longer than the timeout: the tick runs late, before the alive
    // messages queued meanwhile.
    n.pass(NODE_TIMEOUT_MS + 2 * HEARTBEAT_MS);
    assert.deepEqual(n.people(), ['Bo']);
    n.peerSaysAlive();
    n.pass(HEARTBEAT_MS);
    assert.deepEqual(n.people(), ['Bo']);
    assert.deepEqual(n.gone, []);
    n.roster.close();
  });
});

describe('cluster roster: knowing everyone', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('is complete once it has listened a heartbeat and holds the whole roster of every peer it heard of', () => {
    const n = node(() => true);
    assert.equal(n.roster.complete(), false, 'just started: peers not heard yet');
    n.hear('cluster:alive', { instance: 'peer/1', version: 3 });
    n.pass(ROSTER_SETTLE_MS);
    assert.equal(n.roster.complete(), false, 'a peer heard of whose roster has not come');
    assert.equal(n.completions(), 0);
    n.peerSaysAlive();
    assert.equal(n.roster.complete(), true);
    assert.equal(n.completions(), 1, 'told once');
    // A new peer appears: incomplete until its roster comes, then told again.
    n.hear('cluster:alive', { instance: 'peer/2', version: 1 });
    assert.equal(n.roster.complete(), false);
    n.pass(HEARTBEAT_MS);
    n.hear('cluster:roster-full', { instance: 'peer/2', version: 1, seats: [] });
    assert.equal(n.roster.complete(), true);
    assert.equal(n.completions(), 2);
    n.roster.close();
  });

  it('is complete after the settle time when there is no other node', () => {
    const n = node(() => true);
    n.pass(ROSTER_SETTLE_MS);
    assert.equal(n.roster.complete(), true);
    assert.equal(n.completions(), 1);
    n.roster.close();
  });
});
