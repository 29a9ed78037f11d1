import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterItems, isFilterActive } from './filter';
import type { ItemView } from './schema';

function item(id: string, title: string, kind: ItemView['kind'] = 'story', description = ''): ItemView {
  // Only the fields the filter reads matter; the cast keeps this fixture valid as ItemView grows.
  return { id, title, description, kind, rank: 'a0', zone: 'backlog' } as ItemView;
}

const items = [
  item('1', 'Checkout with PayPal'),
  item('2', 'Crash on café menu', 'bug'),
  item('3', 'Spike', 'spike', 'Research paypal limits'),
];

test('empty filter returns every item', () => {
  assert.equal(isFilterActive({ text: ' ', kinds: [] }), false);
  assert.equal(filterItems(items, { text: '', kinds: [] }).length, 3);
});

test('text matches title and description, every word, case and accent insensitive', () => {
  assert.deepEqual(
    filterItems(items, { text: 'paypal', kinds: [] }).map((i) => i.id),
    ['1', '3'],
  );
  assert.deepEqual(
    filterItems(items, { text: 'CAFE crash', kinds: [] }).map((i) => i.id),
    ['2'],
  );
});

test('kinds narrow the result', () => {
  assert.deepEqual(
    filterItems(items, { text: 'paypal', kinds: ['spike'] }).map((i) => i.id),
    ['3'],
  );
  assert.deepEqual(
    filterItems(items, { text: '', kinds: ['bug', 'story'] }).map((i) => i.id),
    ['1', '2'],
  );
});
