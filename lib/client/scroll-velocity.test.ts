import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScrollVelocity } from './scroll-velocity';

test('a steady scroll is the distance covered within the window, in pixels a second', () => {
  const meter = new ScrollVelocity(100);
  let speed = 0;
  for (let frame = 0; frame <= 12; frame++) speed = meter.sample(frame * 16, frame * 600);
  // 600 px every 16 ms: the window holds frames 6 to 12, 3,600 px apart.
  assert.equal(speed, 36_000);
});

test('the first event, and a jump after a pause, count as still', () => {
  const meter = new ScrollVelocity(100);
  assert.equal(meter.sample(1000, 0), 0);
  assert.equal(meter.sample(5000, 80_000), 0);
  // The correction a virtualizer makes right after its jump is slow.
  assert.equal(meter.sample(5016, 80_040), 400);
});

test('scrolling up is as fast as scrolling down', () => {
  const meter = new ScrollVelocity(100);
  meter.sample(0, 5000);
  assert.equal(meter.sample(50, 4000), 10_000);
});

test('one wheel notch spread over its animation stays below a notch a tenth of a second', () => {
  const meter = new ScrollVelocity(100);
  // 100 px eased over ~130 ms: never more than 100 px within 100 ms, so at most 1,000 px/s.
  const offsets = [0, 30, 55, 73, 86, 94, 98, 100, 100];
  const speeds = offsets.map((offset, frame) => meter.sample(frame * 16, offset));
  assert.ok(Math.max(...speeds) <= 1000, `fastest ${Math.max(...speeds)} px/s`);
});
