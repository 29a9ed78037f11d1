import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, createNonce } from './csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

test('nonces are base64, long enough and different every time', () => {
  const nonces = new Set(Array.from({ length: 100 }, createNonce));
  assert.equal(nonces.size, 100);
  for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9+/]{24}$/);
});

test('the policy allows scripts by nonce only, eval only in development', () => {
  const production = directives(contentSecurityPolicy('abc123', { dev: false }));
  assert.deepEqual(production.get('script-src'), ["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
  assert.deepEqual(production.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(production.get('object-src'), ["'none'"]);
  assert.deepEqual(production.get('base-uri'), ["'none'"]);
  assert.deepEqual(production.get('connect-src'), ["'self'"]);
  // The app's own service worker, from this origin only.
  assert.deepEqual(production.get('worker-src'), ["'self'"]);
  assert.ok(!production.get('img-src')!.includes('http:'));
  const development = directives(contentSecurityPolicy('abc123', { dev: true }));
  assert.ok(development.get('script-src')!.includes("'unsafe-eval'"));
});

test('a nonce that could break out of its directive is refused', () => {
  assert.throws(() => contentSecurityPolicy("x'; script-src *", { dev: false }), /base64/);
});
