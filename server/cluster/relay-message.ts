/** What a message on a board's relay channel carries. */
export const RELAY_KIND = {
  /** A Yjs update the sending node applied and is storing: its sequence number (uint32), then the update. */
  update: 1,
  /** A y-protocols awareness update from the sending node's connections. */
  awareness: 2,
  /** "Send me what I lack": a state vector (after a cold load, or a Redis reconnect). */
  syncRequest: 3,
  /** The answer to a sync request: a Yjs update, applied, not stored (its origin stores it). */
  diff: 4,
  /** "Everything I published up to this sequence number (uint32) is stored." */
  stored: 5,
} as const;
export type RelayKind = (typeof RELAY_KIND)[keyof typeof RELAY_KIND];

const KINDS = new Set<number>(Object.values(RELAY_KIND));

/** Instance ids are short (NODE_ID is at most MAX_NODE_ID_BYTES, server/config.ts, plus 9 bytes); one length byte holds them. */
const MAX_NODE_ID_BYTES = 255;

/** `[kind][node id length][node id][payload]`: binary, so an update is sent as it is stored. */
export function encodeRelayMessage(nodeId: string, kind: RelayKind, payload: Uint8Array): Buffer {
  const id = Buffer.from(nodeId, 'utf8');
  if (id.byteLength > MAX_NODE_ID_BYTES) throw new Error(`node id longer than ${MAX_NODE_ID_BYTES} bytes`);
  const message = Buffer.allocUnsafe(2 + id.byteLength + payload.byteLength);
  message[0] = kind;
  message[1] = id.byteLength;
  id.copy(message, 2);
  message.set(payload, 2 + id.byteLength);
  return message;
}

/** The message's parts, or null when it is not one (too short, unknown kind). */
export function decodeRelayMessage(message: Buffer): { kind: RelayKind; nodeId: string; payload: Uint8Array } | null {
  if (message.byteLength < 2 || !KINDS.has(message[0])) return null;
  const idEnd = 2 + message[1];
  if (message.byteLength < idEnd) return null;
  return {
    kind: message[0] as RelayKind,
    nodeId: message.toString('utf8', 2, idEnd),
    payload: new Uint8Array(message.buffer, message.byteOffset + idEnd, message.byteLength - idEnd),
  };
}

/** An update message's payload: its sequence number, then the update. */
export function encodeSequenced(seq: number, update: Uint8Array): Uint8Array {
  const payload = new Uint8Array(4 + update.byteLength);
  new DataView(payload.buffer).setUint32(0, seq);
  payload.set(update, 4);
  return payload;
}

export function decodeSequenced(payload: Uint8Array): { seq: number; update: Uint8Array } | null {
  if (payload.byteLength < 4) return null;
  const seq = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0);
  return { seq, update: payload.subarray(4) };
}
