/** What a message on a board's relay channel carries. */
export const RELAY_KIND = {
  /** A Yjs update the sending node has stored. */
  update: 1,
  /** A y-protocols awareness update from the sending node's connections. */
  awareness: 2,
  /** "I missed messages: read this board from the store again" (after a Redis reconnect). */
  reload: 3,
} as const;
export type RelayKind = (typeof RELAY_KIND)[keyof typeof RELAY_KIND];

const KINDS = new Set<number>(Object.values(RELAY_KIND));

/** Node ids are short (see nodeIdFrom in cluster-config.ts); one length byte holds them. */
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
