import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { clientAddress } from './client-address';

function request(remoteAddress: string | undefined, forwardedFor?: string): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

const keyOf = (address: string) => clientAddress(request(address), false);

describe('clientAddress', () => {
  it('keys IPv4 on the whole address', () => {
    assert.equal(keyOf('203.0.113.7'), '203.0.113.7');
    assert.notEqual(keyOf('203.0.113.7'), keyOf('203.0.113.8'));
  });

  it('keys an IPv4-mapped IPv6 address on its IPv4 address, dotted or in hex', () => {
    assert.equal(keyOf('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(keyOf('::FFFF:7f00:1'), '127.0.0.1');
    assert.equal(keyOf('0:0:0:0:0:ffff:203.0.113.7'), '203.0.113.7');
  });

  it('keys IPv6 on its /64, the block one customer gets, so rotating addresses in it gains nothing', () => {
    assert.equal(keyOf('2001:db8::1'), keyOf('2001:db8::2'));
    assert.equal(keyOf('2001:db8::1'), keyOf('2001:db8:0:0:ffff:ffff:ffff:ffff'));
    assert.notEqual(keyOf('2001:db8:0:1::1'), keyOf('2001:db8::1'));
    assert.notEqual(keyOf('2001:db9::1'), keyOf('2001:db8::1'));
  });

  it('writes one IPv6 /64 one way, whatever the spelling', () => {
    const key = keyOf('2001:db8::1');
    for (const spelling of ['2001:DB8::1', '2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8:0::abcd', '2001:db8::0.0.0.1']) {
      assert.equal(keyOf(spelling), key, spelling);
    }
    assert.equal(keyOf('fe80::1%eth0'), keyOf('fe80::2'));
    assert.notEqual(keyOf('::1'), keyOf('::ffff:0.0.0.1'), 'loopback is not the IPv4 address 0.0.0.1');
  });

  it('keys a trusted X-Forwarded-For entry the same way, and ignores it unless trusted', () => {
    assert.equal(clientAddress(request('10.0.0.1', '198.51.100.1, 2001:db8::1'), true), keyOf('2001:db8::2'));
    assert.equal(clientAddress(request('10.0.0.1', '::ffff:198.51.100.1'), true), '198.51.100.1');
    assert.equal(clientAddress(request('10.0.0.1', 'not an address'), true), '10.0.0.1');
    assert.equal(clientAddress(request('10.0.0.1', '2001:db8::1'), false), '10.0.0.1');
  });
});
