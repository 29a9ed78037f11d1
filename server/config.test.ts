import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, MAX_NODE_ID_BYTES } from './config';
import { decodeRelayMessage, encodeRelayMessage, RELAY_KIND } from './cluster/relay-message';

describe('NODE_ID', () => {
  const saved = process.env.NODE_ID;
  afterEach(() => {
    if (saved === undefined) delete process.env.NODE_ID;
    else process.env.NODE_ID = saved;
  });

  it('is refused at start when longer than MAX_NODE_ID_BYTES in UTF-8', () => {
    process.env.NODE_ID = 'ä'.repeat(MAX_NODE_ID_BYTES / 2 + 1);
    assert.throws(() => loadConfig(), /NODE_ID must be at most 128 bytes \(UTF-8\), got 130/);
  });

  it('at the limit, its instance id still fits a relay message', () => {
    process.env.NODE_ID = 'ä'.repeat(MAX_NODE_ID_BYTES / 2);
    const { nodeId } = loadConfig();
    const instanceId = `${nodeId}/0123abcd`;
    assert.equal(decodeRelayMessage(encodeRelayMessage(instanceId, RELAY_KIND.update, new Uint8Array(1)))?.nodeId, instanceId);
  });

  it('defaults to the host name and process id', () => {
    delete process.env.NODE_ID;
    assert.match(loadConfig().nodeId, new RegExp(`-${process.pid}$`));
  });
});
