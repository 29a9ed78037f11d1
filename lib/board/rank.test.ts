import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RANK_LENGTH, type Ranked, compareByRank, isValidRank, keysBetween, planRankAt, rankBetween } from './rank';

function sorted(items: readonly Ranked[]): Ranked[] {
  return [...items].sort(compareByRank);
}

/** Applies a plan and returns the resulting board order. */
function orderAfterPlan(others: readonly Ranked[], gap: number, movingId: string): Ranked[] {
  const plan = planRankAt(others, gap, movingId);
  const reranked = new Map(plan.rerank.map((entry) => [entry.id, entry.rank]));
  const updated = others.map((item) => ({ id: item.id, rank: reranked.get(item.id) ?? item.rank }));
  return sorted([...updated, { id: movingId, rank: plan.rank }]);
}

function expectedOrder(others: readonly Ranked[], gap: number, movingId: string): string[] {
  const ids = others.map((item) => item.id);
  ids.splice(gap, 0, movingId);
  return ids;
}

describe('compareByRank', () => {
  it('orders by rank, then by id', () => {
    const items = [
      { id: 'b', rank: 'a1' },
      { id: 'a', rank: 'a1' },
      { id: 'z', rank: 'a0' },
    ];
    assert.deepEqual(
      sorted(items).map((item) => item.id),
      ['z', 'a', 'b'],
    );
  });

  it('compares by code unit, not locale (uppercase sorts before lowercase)', () => {
    assert.ok(compareByRank({ id: 'x', rank: 'Zz' }, { id: 'x', rank: 'a0' }) < 0);
  });
});

describe('rankBetween', () => {
  it('creates a first key and keys at both open ends', () => {
    const first = rankBetween(null, null);
    assert.ok(isValidRank(first));
    assert.ok(rankBetween(null, first) < first);
    assert.ok(rankBetween(first, null) > first);
  });

  it('creates a key strictly between two keys', () => {
    const key = rankBetween('a0', 'a1');
    assert.ok('a0' < key && key < 'a1');
  });

  it('swaps bounds given in the wrong order', () => {
    const key = rankBetween('a1', 'a0');
    assert.ok('a0' < key && key < 'a1');
  });

  it('returns the shared key for equal bounds', () => {
    assert.equal(rankBetween('a0V', 'a0V'), 'a0V');
  });

  it('does not throw on invalid bounds', () => {
    assert.ok(isValidRank(rankBetween('not a key!', null)));
    const key = rankBetween('a0', '');
    assert.ok(key > 'a0');
  });

  it('keeps producing distinct keys when inserting repeatedly into one gap', () => {
    let low = 'a0';
    const high = 'a1';
    for (let i = 0; i < 200; i++) {
      const key = rankBetween(low, high);
      assert.ok(low < key && key < high);
      low = key;
    }
  });
});

describe('isValidRank', () => {
  it('accepts generated keys and rejects garbage', () => {
    assert.equal(isValidRank('a0'), true);
    assert.equal(isValidRank(''), false);
    assert.equal(isValidRank('a'), false);
    assert.equal(isValidRank('a10'), false); // trailing zero
  });

  it('a key over MAX_RANK_LENGTH is no bound: a move between two such neighbours writes a short key', () => {
    const prefix = 'a0' + 'V'.repeat(MAX_RANK_LENGTH * 5);
    const [low, high] = [prefix + 'G', prefix + 'H'];
    assert.equal(isValidRank(low), false);
    assert.equal(isValidRank(prefix.slice(0, MAX_RANK_LENGTH - 1) + 'G'), true);
    const rank = rankBetween(low, high);
    assert.ok(rank.length <= 16, `a ${rank.length}-character key`);
    const plan = planRankAt(
      [
        { id: 'p', rank: low },
        { id: 'q', rank: high },
      ],
      1,
      'm',
    );
    assert.ok(plan.rank.length <= 16 && plan.rerank.every((r) => r.rank.length <= 16), JSON.stringify(plan).slice(0, 200));
    // Between the nearest usable ranks on either side, so still in its region of the board.
    const framed = planRankAt(
      [
        { id: 'a', rank: 'a0' },
        { id: 'p', rank: low },
        { id: 'q', rank: high },
        { id: 'b', rank: 'a2' },
      ],
      2,
      'm',
    );
    assert.ok('a0' < framed.rank && framed.rank < 'a2' && framed.rank.length <= 16, framed.rank.slice(0, 40));
  });

  it('an oversized key still bounds a key beside an open end: appended after it, short', () => {
    const long = 'a0' + 'V'.repeat(MAX_RANK_LENGTH * 5);
    const appended = keysBetween(long, null, 3);
    assert.ok(
      appended.every((k) => k > long && k.length <= 16),
      appended.map((k) => k.slice(0, 12)).join(', '),
    );
    const bottom = planRankAt(
      [
        { id: 'a', rank: 'a0' },
        { id: 'p', rank: long },
      ],
      2,
      'm',
    );
    assert.ok(bottom.rank > long && bottom.rank.length <= 16, bottom.rank.slice(0, 12));
  });

  it('a move inside a tie steps over an oversized neighbour: the tied cards stay above it', () => {
    const long = 'a0' + 'V'.repeat(MAX_RANK_LENGTH * 5);
    const order: Ranked[] = [
      { id: 'a', rank: 'a0' },
      { id: 'b', rank: 'a0' },
      { id: 'c', rank: long },
      { id: 'd', rank: 'a0X' },
    ];
    assert.deepEqual(
      orderAfterPlan(order, 1, 'z').map((item) => item.id),
      ['a', 'z', 'b', 'c', 'd'],
    );
  });
});

describe('planRankAt', () => {
  const distinct: Ranked[] = [
    { id: 'x', rank: 'a0' },
    { id: 'y', rank: 'a1' },
    { id: 'z', rank: 'a2' },
  ];

  it('places at every gap of a list with distinct ranks with one write', () => {
    for (let gap = 0; gap <= distinct.length; gap++) {
      const plan = planRankAt(distinct, gap, 'm');
      assert.deepEqual(plan.rerank, []);
      assert.deepEqual(
        orderAfterPlan(distinct, gap, 'm').map((item) => item.id),
        expectedOrder(distinct, gap, 'm'),
      );
    }
  });

  it('places into an empty list', () => {
    const plan = planRankAt([], 0, 'm');
    assert.ok(isValidRank(plan.rank));
    assert.deepEqual(plan.rerank, []);
  });

  it('clamps out-of-range gaps', () => {
    assert.deepEqual(
      orderAfterPlan(distinct, 99, 'm').map((item) => item.id),
      ['x', 'y', 'z', 'm'],
    );
    assert.deepEqual(
      orderAfterPlan(distinct, -3, 'm').map((item) => item.id),
      ['m', 'x', 'y', 'z'],
    );
  });

  it('reuses a tied rank when the moving id sorts between the neighbours', () => {
    const tied: Ranked[] = [
      { id: 'a', rank: 'a1' },
      { id: 'c', rank: 'a1' },
    ];
    assert.deepEqual(planRankAt(tied, 1, 'b'), { rank: 'a1', rerank: [] });
  });

  it('rewrites only the smaller side of a tie run when it must', () => {
    const tied: Ranked[] = [
      { id: 'before', rank: 'a0' },
      { id: 'p', rank: 'a1' },
      { id: 'q', rank: 'a1' },
      { id: 'r', rank: 'a1' },
      { id: 's', rank: 'a1' },
      { id: 'after', rank: 'a2' },
    ];
    // 'z' > every tied id, so rank a1 alone cannot put it after 'p'.
    const plan = planRankAt(tied, 2, 'z');
    assert.deepEqual(
      plan.rerank.map((entry) => entry.id),
      ['p'],
      'one tied item below the gap is cheaper than three above',
    );
    assert.deepEqual(
      orderAfterPlan(tied, 2, 'z').map((item) => item.id),
      expectedOrder(tied, 2, 'z'),
    );

    const planHigh = planRankAt(tied, 4, 'a');
    assert.deepEqual(
      planHigh.rerank.map((entry) => entry.id),
      ['s'],
    );
    assert.deepEqual(
      orderAfterPlan(tied, 4, 'a').map((item) => item.id),
      expectedOrder(tied, 4, 'a'),
    );
  });

  it('never touches items outside the tie run', () => {
    const tied: Ranked[] = [
      { id: 'before', rank: 'a0' },
      { id: 'p', rank: 'a1' },
      { id: 'q', rank: 'a1' },
      { id: 'after', rank: 'a2' },
    ];
    const plan = planRankAt(tied, 2, 'z');
    for (const entry of plan.rerank) assert.ok(entry.id === 'p' || entry.id === 'q');
  });

  it('resolves a tie on missing ranks upwards, since nothing sorts below the empty key', () => {
    const missing: Ranked[] = [
      { id: 'a', rank: '' },
      { id: 'b', rank: '' },
      { id: 'c', rank: '' },
    ];
    assert.deepEqual(
      orderAfterPlan(missing, 1, 'z').map((item) => item.id),
      ['a', 'z', 'b', 'c'],
    );
  });

  it('puts the item exactly at the gap for random lists full of ties (property)', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pool = ['a0', 'a1', 'a2', 'a3'];
    for (let trial = 0; trial < 500; trial++) {
      const size = Math.floor(random() * 8);
      const others = sorted(
        Array.from({ length: size }, (_, i) => ({
          id: `i${i}${String.fromCharCode(97 + Math.floor(random() * 26))}`,
          rank: pool[Math.floor(random() * pool.length)],
        })),
      );
      const gap = Math.floor(random() * (size + 1));
      const movingId = `m${String.fromCharCode(97 + Math.floor(random() * 26))}`;
      const plan = planRankAt(others, gap, movingId);
      assert.deepEqual(
        orderAfterPlan(others, gap, movingId).map((item) => item.id),
        expectedOrder(others, gap, movingId),
        JSON.stringify({ others, gap, movingId }),
      );
      assert.ok(plan.rerank.length <= Math.ceil(size / 2));
    }
  });
});
