import { BucketMap } from './token-bucket';

/** Why a connection was refused, for the HTTP status / handshake error and the log line. */
export type ConnectionRefusal = 'too_many_connections_from_address' | 'too_many_connections_for_key';

export type ConnectionGrant = { ok: true; release: () => void } | { ok: false; reason: ConnectionRefusal };

/**
 * Counts open connections (sync WebSockets and socket.io sockets alike) per client address and
 * per board key, and refuses one more past either cap. One instance per process, shared by both
 * endpoints, so 500 sync sockets plus 500 socket.io sockets from one address is 1,000, not two
 * separate 500s. `release` is idempotent: call it from every path that ends the connection.
 * It also keeps each address's budget of new connections per minute (`tryConnect`), which the
 * cap on open ones does not bound: a client that opens and closes in a loop.
 */
export class ConnectionLimiter {
  private readonly byAddress = new Map<string, number>();
  private readonly byKey = new Map<string, number>();
  private readonly connects: BucketMap;

  constructor(
    private readonly maxPerAddress: number,
    private readonly maxPerKey: number,
    connectsPerMinute = Infinity,
  ) {
    this.connects = new BucketMap(connectsPerMinute / 60, connectsPerMinute);
  }

  /**
   * Charges one new connection to the address's budget; false when it is spent. Called before a
   * handshake's key is looked up (one from a page on another site is refused before this:
   * cross-origin.ts), so a loop of wrong keys costs no reads once refused.
   */
  tryConnect(address: string, now = performance.now()): boolean {
    return this.connects.get(address, now).tryTake(1, now);
  }

  /** `keyId` identifies the key without being it (its hash); null when not known yet. */
  tryOpen(address: string, keyId: string | null): ConnectionGrant {
    if ((this.byAddress.get(address) ?? 0) >= this.maxPerAddress) return { ok: false, reason: 'too_many_connections_from_address' };
    if (keyId !== null && (this.byKey.get(keyId) ?? 0) >= this.maxPerKey) return { ok: false, reason: 'too_many_connections_for_key' };
    increment(this.byAddress, address);
    if (keyId !== null) increment(this.byKey, keyId);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        decrement(this.byAddress, address);
        if (keyId !== null) decrement(this.byKey, keyId);
      },
    };
  }

  openFrom(address: string): number {
    return this.byAddress.get(address) ?? 0;
  }

  openFor(keyId: string): number {
    return this.byKey.get(keyId) ?? 0;
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function decrement(map: Map<string, number>, key: string): void {
  const next = (map.get(key) ?? 0) - 1;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
