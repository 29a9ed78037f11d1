import { TokenBucket } from '../limits/token-bucket';

export interface EventBudgetLimits {
  messagesPerSecond: number;
  messageBurst: number;
  bytesPerSecond: number;
  byteBurst: number;
}

/** ok: handle it; refuse: answer `rate_limited`; disconnect: the debt passed a second burst. */
export type EventVerdict = 'ok' | 'refuse' | 'disconnect';

/**
 * What one socket.io connection may send: events and inbound bytes per second, each with a burst
 * (a panel mounting fires a handful of `*:get`, a facilitator holding an arrow key sends focus
 * after focus). Refused events still count, so a client that keeps sending while refused goes
 * into debt and, past a second burst, is disconnected: a flood costs the server at most about
 * two bursts of work before the socket is gone. Time is passed in, so the rule is testable.
 */
export class EventBudget {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limits: EventBudgetLimits, now: number) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now);
  }

  /** Charges an inbound packet's bytes (before it is decoded); says whether to cut the socket. */
  chargeBytes(byteLength: number, now: number): 'ok' | 'disconnect' {
    return this.bytes.spend(byteLength, now) < -this.bytes.burst ? 'disconnect' : 'ok';
  }

  /** Charges one event; its bytes were charged as its packet arrived. */
  chargeEvent(now: number): EventVerdict {
    const messages = this.messages.spend(1, now);
    const bytes = this.bytes.level(now);
    if (messages < -this.messages.burst || bytes < -this.bytes.burst) return 'disconnect';
    if (messages < 0 || bytes < 0) return 'refuse';
    return 'ok';
  }
}
