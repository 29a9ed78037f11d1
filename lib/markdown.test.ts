import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyImageSource, renderMarkdown } from './markdown';

// Unit tests run in Node, which has no DOM: exactly the situation of a server-side render.
test('refuses to render without a DOM instead of returning the input unsanitized', () => {
  assert.equal(typeof window, 'undefined');
  assert.throws(() => renderMarkdown('<img src=x onerror=alert(1)>'), /needs a browser DOM/);
  assert.throws(() => renderMarkdown('plain text'), /refuses to return unsanitized HTML/);
});

test('images on this origin are its own; other hosts, protocol-relative URLs included, are not', () => {
  const page = 'https://refinery.example.org';
  assert.deepEqual(classifyImageSource('/api/boards/b1/attachments/a1?key=k', page), { kind: 'own' });
  assert.deepEqual(classifyImageSource('https://refinery.example.org/api/x.png', page), { kind: 'own' });
  assert.deepEqual(classifyImageSource('https://example.com/p.png', page), { kind: 'https', host: 'example.com' });
  assert.deepEqual(classifyImageSource('//tracker.example.net/p.gif', page), { kind: 'https', host: 'tracker.example.net' });
  assert.deepEqual(classifyImageSource('http://example.com:8080/p.png', page), { kind: 'other', host: 'example.com:8080' });
  // Same host on another scheme or port is another origin.
  assert.deepEqual(classifyImageSource('http://refinery.example.org/p.png', page), { kind: 'other', host: 'refinery.example.org' });
  assert.deepEqual(classifyImageSource('https://refinery.example.org:8443/p.png', page), {
    kind: 'https',
    host: 'refinery.example.org:8443',
  });
});
