/**
 * Multi-peer tests: concurrent edits on several docs, updates delivered in
 * random order, then every peer must hold the same board.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import {
  type ItemPosition,
  createItem,
  moveItem,
  moveToIndex,
  parkItem,
  purgeItem,
  restoreItem,
  setDescription,
  setEstimate,
  setKind,
  setTitle,
  trimItems,
} from '../mutations';
import { ITEM_KINDS, type ItemView, getItemMap, listItems, readItemText } from '../schema';
import { RandomNetwork, SeededRandom } from './random-network';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz ';

function ids(doc: Y.Doc): string[] {
  return listItems(doc).map((item) => item.id);
}

/** Full sync of a set of docs, in both directions. */
function syncAll(docs: readonly Y.Doc[]): void {
  for (const from of docs) {
    const update = Y.encodeStateAsUpdate(from);
    for (const to of docs) if (to !== from) Y.applyUpdate(to, update);
  }
}

function randomPosition(random: SeededRandom, items: readonly ItemView[]): ItemPosition {
  const anchor = random.pick(items);
  const roll = random.int(4);
  if (anchor === undefined || roll === 0) return { at: 'top' };
  if (roll === 1) return { at: 'bottom' };
  return roll === 2 ? { after: anchor.id } : { before: anchor.id };
}

interface Run {
  createdIds: Set<string>;
  purgedIds: Set<string>;
}

/** One random user action on one peer, against that peer's current view. */
function randomAction(random: SeededRandom, peerIndex: number, doc: Y.Doc, run: Run, counter: { next: number }): void {
  const items = listItems(doc);
  const item = random.pick(items);
  const roll = random.float();

  if (item === undefined || roll < 0.2) {
    const id = `p${peerIndex}-${counter.next++}`;
    const kind = random.pick(ITEM_KINDS) ?? 'story';
    createItem(doc, { id, title: `Item ${id}`, kind, position: randomPosition(random, items) });
    run.createdIds.add(id);
  } else if (roll < 0.4) {
    // Character-level typing, the way a bound editor changes the title.
    const text = readItemText(getItemMap(doc, item.id)!, 'title')!;
    if (text.length > 0 && random.chance(0.4)) {
      const start = random.int(text.length);
      text.delete(start, Math.min(1 + random.int(3), text.length - start));
    } else {
      text.insert(random.int(text.length + 1), LETTERS[random.int(LETTERS.length)]);
    }
  } else if (roll < 0.45) {
    setTitle(doc, item.id, `Renamed by ${peerIndex}`);
  } else if (roll < 0.5) {
    const field = random.int(3);
    if (field === 0) setKind(doc, item.id, random.pick(ITEM_KINDS) ?? 'task');
    else if (field === 1) setEstimate(doc, item.id, { value: random.int(13), label: null });
    else setDescription(doc, item.id, `Notes from peer ${peerIndex}`);
  } else if (roll < 0.65) {
    moveToIndex(doc, item.id, random.int(items.length + 1));
  } else if (roll < 0.75) {
    moveItem(doc, item.id, randomPosition(random, items));
  } else if (roll < 0.85) {
    if (item.zone === 'backlog') parkItem(doc, item.id, random.chance(0.5) ? 'stale' : undefined);
    else restoreItem(doc, item.id);
  } else if (roll < 0.95) {
    const tail = items.filter((view) => view.zone === 'tail').map((view) => view.id);
    if (tail.length > 0) trimItems(doc, tail.slice(0, 1 + random.int(tail.length)));
  } else {
    const trimmed = items.filter((view) => view.zone === 'trimmed');
    const victim = random.pick(trimmed);
    if (victim !== undefined) {
      purgeItem(doc, victim.id);
      run.purgedIds.add(victim.id);
    }
  }
}

/** Two peers move the same item to independent random places before syncing. */
function concurrentMoveOfOneItem(random: SeededRandom, network: RandomNetwork): void {
  const [first, second] = [random.int(network.peers.length), random.int(network.peers.length)];
  if (first === second) return;
  const firstItems = listItems(network.peers[first]);
  const shared = firstItems.filter((view) => getItemMap(network.peers[second], view.id) !== undefined);
  const target = random.pick(shared);
  if (target === undefined) return;
  for (const peer of [first, second]) {
    const doc = network.peers[peer];
    moveToIndex(doc, target.id, random.int(listItems(doc, { zone: 'backlog' }).length + 1));
  }
}

function runConvergence(seed: number, peerCount: number, rounds: number): void {
  const random = new SeededRandom(seed);
  const network = new RandomNetwork(peerCount, random);
  const run: Run = { createdIds: new Set(), purgedIds: new Set() };
  const counter = { next: 0 };

  for (let round = 0; round < rounds; round++) {
    const actions = 1 + random.int(peerCount);
    for (let action = 0; action < actions; action++) {
      const peerIndex = random.int(peerCount);
      randomAction(random, peerIndex, network.peers[peerIndex], run, counter);
    }
    if (random.chance(0.15)) concurrentMoveOfOneItem(random, network);
    // Deliver part of the backlog of messages; the rest is delayed to later rounds.
    network.deliverSome(random.float() * 0.6);
  }
  network.deliverAll();

  const reference = listItems(network.peers[0]);
  const referenceIds = reference.map((view) => view.id);
  assert.equal(new Set(referenceIds).size, referenceIds.length, 'no item appears twice');
  const expectedIds = [...run.createdIds].filter((id) => !run.purgedIds.has(id)).sort();
  assert.deepEqual([...referenceIds].sort(), expectedIds, 'every created item that was not purged is present');
  for (let peer = 1; peer < peerCount; peer++) {
    assert.deepEqual(listItems(network.peers[peer]), reference, `peer ${peer} matches peer 0 (seed ${seed})`);
  }
  for (const zone of ['backlog', 'tail', 'trimmed'] as const) {
    const zoneIds = listItems(network.peers[0], { zone }).map((view) => view.id);
    for (let peer = 1; peer < peerCount; peer++) {
      assert.deepEqual(
        listItems(network.peers[peer], { zone }).map((view) => view.id),
        zoneIds,
      );
    }
  }
}

describe('random-delivery convergence', () => {
  const seeds = [1, 2, 3, 42, 1337, 2024, 9001, 31337];
  for (const seed of seeds) {
    const peerCount = 4 + (seed % 3); // 4 to 6 peers
    it(`converges with ${peerCount} peers (seed ${seed})`, () => {
      runConvergence(seed, peerCount, 250);
    });
  }
});

describe('concurrent moves of the same item', () => {
  const start = ['a', 'b', 'c', 'd', 'e', 'f'];

  function syncedPair(): [Y.Doc, Y.Doc] {
    const first = new Y.Doc();
    first.clientID = 1;
    const second = new Y.Doc();
    second.clientID = 2;
    for (const id of start) createItem(first, { id, title: id, kind: 'story', position: { at: 'bottom' } });
    syncAll([first, second]);
    return [first, second];
  }

  it('keeps one copy, in the same place, equal to one of the intended places', () => {
    for (let firstTarget = 0; firstTarget < start.length; firstTarget++) {
      for (let secondTarget = 0; secondTarget < start.length; secondTarget++) {
        if (firstTarget === secondTarget) continue;
        const [first, second] = syncedPair();
        moveToIndex(first, 'c', firstTarget);
        moveToIndex(second, 'c', secondTarget);
        const intended = [ids(first), ids(second)];
        syncAll([first, second]);

        const merged = ids(first);
        assert.deepEqual(ids(second), merged, 'both peers agree');
        assert.equal(merged.filter((id) => id === 'c').length, 1, 'exactly one copy');
        assert.ok(
          intended.some((order) => order.join() === merged.join()),
          `${merged.join()} is one of ${intended.map((order) => order.join()).join(' | ')}`,
        );
      }
    }
  });

  it('agrees when one peer moves and another parks the same item', () => {
    const [first, second] = syncedPair();
    moveItem(first, 'b', { after: 'e' });
    parkItem(second, 'b', 'out of scope');
    syncAll([first, second]);
    assert.deepEqual(listItems(first), listItems(second));
    const moved = listItems(first).find((view) => view.id === 'b');
    assert.equal(moved?.zone, 'tail');
    assert.deepEqual(ids(first), ['a', 'c', 'd', 'e', 'b', 'f'], 'the move still applies while parked');
  });

  it('places exactly between two items that got equal ranks from concurrent appends', () => {
    const [first, second] = syncedPair();
    createItem(first, { id: 'z1', title: 'z1', kind: 'task', position: { at: 'bottom' } });
    createItem(second, { id: 'a1', title: 'a1', kind: 'task', position: { at: 'bottom' } });
    syncAll([first, second]);
    assert.equal(listItems(first).at(-1)!.rank, listItems(first).at(-2)!.rank, 'the appends share a rank');
    assert.deepEqual(ids(first).slice(-2), ['a1', 'z1']);

    // 'c' sorts between 'a1' and 'z1', so it can share their rank.
    moveItem(first, 'c', { after: 'a1' });
    syncAll([first, second]);
    assert.deepEqual(ids(second).slice(-3), ['a1', 'c', 'z1']);
    // 'mid' does not sort between 'a1' and 'c', so a tied neighbour must be re-ranked.
    createItem(second, { id: 'mid', title: 'mid', kind: 'task', position: { after: 'a1' } });
    syncAll([first, second]);
    assert.deepEqual(ids(first).slice(-4), ['a1', 'mid', 'c', 'z1']);
    assert.deepEqual(ids(second), ids(first));
  });
});
