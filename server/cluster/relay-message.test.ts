import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRelayMessage, decodeSequenced, encodeRelayMessage, encodeSequenced, RELAY_KIND } from './relay-message';

describe('relay messages', () => {
  it('decode what was encoded', () => {
    const payload = new Uint8Array([0, 1, 2, 250]);
    const decoded = decodeRelayMessage(encodeRelayMessage('node-ä', RELAY_KIND.update, payload));
    assert.deepEqual(decoded && { ...decoded, payload: Array.from(decoded.payload) }, {
      kind: RELAY_KIND.update,
      nodeId: 'node-ä',
      payload: [0, 1, 2, 250],
    });
  });

  it('carry an empty payload', () => {
    const decoded = decodeRelayMessage(encodeRelayMessage('a', RELAY_KIND.syncRequest, new Uint8Array(0)));
    assert.equal(decoded?.payload.byteLength, 0);
    assert.equal(decoded?.kind, RELAY_KIND.syncRequest);
  });

  it('refuse what is not one', () => {
    assert.equal(decodeRelayMessage(Buffer.from([])), null);
    assert.equal(decodeRelayMessage(Buffer.from([9, 0])), null, 'unknown kind');
    assert.equal(decodeRelayMessage(Buffer.from([1, 5, 65])), null, 'node id cut short');
  });

  it('carry a sequence number before an update', () => {
    const decoded = decodeSequenced(encodeSequenced(4_000_000_000, new Uint8Array([7, 8])));
    assert.deepEqual(decoded && { seq: decoded.seq, update: Array.from(decoded.update) }, { seq: 4_000_000_000, update: [7, 8] });
    assert.equal(decodeSequenced(new Uint8Array([1, 2])), null);
  });
});
