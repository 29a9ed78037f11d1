import type { ServerLimits } from '../config';
import { TokenBucket, type BucketMap } from './token-bucket';

/**
 * `ownDebt` says whether this connection itself is over its budget, not only its address (a
 * meeting room behind one NAT shares an address): only a connection's own debt may end in a close.
 */
export type BudgetVerdict = { kind: 'ok' } | { kind: 'throttle'; resumeInMs: number; ownDebt: boolean } | { kind: 'close'; reason: string };

/** The common verdict, shared: one fewer allocation per message. */
const OK: BudgetVerdict = Object.freeze({ kind: 'ok' });

/**
 * What one connection may cost: inbound bytes and messages per second (its own buckets) and
 * main-thread time (a bucket shared by every connection from its address, so reconnecting does
 * not start a fresh budget). Each bucket allows a burst: a 2,000-item first sync or a large
 * offline step 2 arrives in one go. A connection in debt is throttled (its socket stops being
 * read until the debt is paid, so TCP pushes back on the sender); one whose byte or message
 * debt passes a second burst is closed (a socket that stays in server-time debt is closed by
 * the endpoint after a while). Time is passed in: the rule is testable without a clock.
 */
export class ConnectionBudget {
  private readonly bytes: TokenBucket;
  private readonly messages: TokenBucket;
  private readonly ownCpu: TokenBucket;
  private readonly cpu: TokenBucket;

  constructor(
    limits: Pick<ServerLimits, 'bytesPerSecond' | 'maxDocBytes' | 'messagesPerSecond' | 'messageBurst' | 'cpuMsPerSecond' | 'cpuMsBurst'>,
    cpuByAddress: BucketMap,
    address: string,
    now: number,
  ) {
    this.bytes = new TokenBucket(limits.bytesPerSecond, Math.max(limits.maxDocBytes, limits.bytesPerSecond), now);
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.ownCpu = new TokenBucket(limits.cpuMsPerSecond, limits.cpuMsBurst, now);
    this.cpu = cpuByAddress.get(address, now);
  }

  /** Charges one inbound message of `byteLength` bytes. */
  chargeMessage(byteLength: number, now: number): void {
    this.bytes.spend(byteLength, now);
    this.messages.spend(1, now);
  }

  /**
   * Charges main-thread time spent on this connection's behalf. `toAddress` also charges the
   * address's shared budget: only for requests that are cheap to send and costly to answer
   * (a sync step 1), which a flood repeats across reconnects. A whole meeting room behind one
   * NAT shares an address, and its ordinary edits must never slow each other down; on a loaded
   * machine the measured time of every message also grows with contention.
   */
  chargeCpu(ms: number, now: number, toAddress: boolean): void {
    this.ownCpu.spend(ms, now);
    if (toAddress) this.cpu.spend(ms, now);
  }

  /** Asked before and after every message a connection sends, so it allocates nothing when all is well. */
  verdict(now: number): BudgetVerdict {
    // Bytes and messages: a debt past a second burst closes. Server time is only ever
    // throttled: one honest message (a 20 MB offline step 2) can cost more than the whole burst,
    // and is paid back by waiting.
    if (this.bytes.level(now) < -this.bytes.burst) return { kind: 'close', reason: 'over its bytes budget' };
    if (this.messages.level(now) < -this.messages.burst) return { kind: 'close', reason: 'over its messages budget' };
    const own = Math.max(owed(this.bytes, now), owed(this.messages, now), owed(this.ownCpu, now));
    const resumeInMs = Math.max(own, owed(this.cpu, now));
    return resumeInMs > 0 ? { kind: 'throttle', resumeInMs, ownDebt: own > 0 } : OK;
  }
}

/**
 * How long a bucket in debt must wait: until it holds a tenth of its burst, so what queued up
 * meanwhile drains without tipping the socket straight back into debt. 0 when not in debt.
 */
function owed(bucket: TokenBucket, now: number): number {
  return bucket.level(now) < 0 ? bucket.msUntil(bucket.burst / 10, now) : 0;
}
