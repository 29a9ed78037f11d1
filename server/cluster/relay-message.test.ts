import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRelayMessage, encodeRelayMessage, RELAY_KIND } from './relay-message';

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
    const decoded = decodeRelayMessage(encodeRelayMessage('a', RELAY_KIND.reload, new Uint8Array(0)));
    assert.equal(decoded?.payload.byteLength, 0);
    assert.equal(decoded?.kind, RELAY_KIND.reload);
  });

  it('refuse what is not one', () => {
    assert.equal(decodeRelayMessage(Buffer.from([])), null);
    assert.equal(decodeRelayMessage(Buffer.from([9, 0])), null, 'unknown kind');
    assert.equal(decodeRelayMessage(Buffer.from([1, 5, 65])), null, 'node id cut short');
  });
});
