import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { Participant } from '../../lib/session/roles';
import { log } from '../log';
import { ClusterRoster, HEARTBEAT_MS, NODE_TIMEOUT_MS, type ServerSideChannel } from './cluster-roster';

/** One node's roster on a fake adapter: the test delivers the peer's messages and moves the clock. */
function node(canHear: () => boolean) {
  const handlers = new Map<string, (...args: never[]) => void>();
  const io: ServerSideChannel = {
    serverSideEmit: () => true,
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
  const hear = (event: string, message: unknown) => (handlers.get(event) as (m: unknown) => void)(message);
  const bo: Participant = { clientId: 'c-bo', name: 'Bo', color: '#000', role: 'participant' };
  const peerSaysAlive = () =>
    hear('cluster:roster-full', { instance: 'peer/1', version: 1, seats: [{ boardId: 'b', participant: bo, voterId: null }] });
  /** `ms` pass; the heartbeat timer fires once at the end (every HEARTBEAT_MS, or late after a stall). */
  const pass = (ms: number) => {
    clock.now += ms;
    mock.timers.tick(HEARTBEAT_MS);
  };
  return { roster, peerSaysAlive, pass, gone, deadPeers, people: () => roster.everyone('b').map((p) => p.name) };
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
