/**
 * How fast a list is being scrolled: the distance covered within the last `windowMs`, divided by
 * the whole window, in pixels a second. Over a window rather than between the last two events,
 * so the quick first frames of one eased wheel notch do not count as fast (a notch moves ~100 px
 * in all), and one jump after a pause (a `scrollTo`, a keyboard selection far away) has nothing
 * within the window to compare with and counts as still.
 */
export class ScrollVelocity {
  private readonly samples: { t: number; offset: number }[] = [];

  constructor(private readonly windowMs = 100) {}

  /** Records the scroll offset seen at time `t` (ms) and returns the speed over the window. */
  sample(t: number, offset: number): number {
    const samples = this.samples;
    samples.push({ t, offset });
    while (samples.length > 1 && t - samples[0].t > this.windowMs) samples.shift();
    return (Math.abs(offset - samples[0].offset) * 1000) / this.windowMs;
  }
}
