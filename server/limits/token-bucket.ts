/**
 * A token bucket: `ratePerSecond` tokens flow in, up to `burst`. Spending more than is there
 * leaves the bucket in debt; the caller decides what debt means (throttle, then close).
 * Time is passed in, so the rule is a pure function of its inputs and testable without clocks.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
      this.updatedAt = now;
    }
  }

  /** Tokens left now (negative while in debt). */
  level(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Takes `amount` whatever is there; returns the level after. */
  spend(amount: number, now: number): number {
    this.refill(now);
    this.tokens -= amount;
    return this.tokens;
  }

  /** Takes `amount` only if it is there; returns whether it was. */
  tryTake(amount: number, now: number): boolean {
    this.refill(now);
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /** Milliseconds until the level is back to `target` (0 when it is already). */
  msUntil(target: number, now: number): number {
    this.refill(now);
    if (this.tokens >= target) return 0;
    return Math.ceil(((target - this.tokens) / this.ratePerSecond) * 1000);
  }
}

/**
 * Token buckets by key (an IP address, a board key hash) that forget keys whose bucket has
 * refilled, so an attacker cycling through addresses cannot grow the map without bound.
 */
export class BucketMap {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  get(key: string, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      bucket = new TokenBucket(this.ratePerSecond, this.burst, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Drops every full bucket (it holds no history worth keeping). */
  sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.level(now) >= bucket.burst) this.buckets.delete(key);
    }
    // Still full of indebted keys: forget the oldest rather than grow.
    while (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
