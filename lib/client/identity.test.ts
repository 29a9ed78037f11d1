import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initials } from './identity';

describe('initials', () => {
  it('take letters only: brackets, digits and marks never become an initial', () => {
    assert.equal(initials('Mia (PO)'), 'MP');
    assert.equal(initials('Ann (dev)'), 'AD');
    assert.equal(initials('M(PO)'), 'MP');
    assert.equal(initials('(Ann)'), 'AN');
    assert.equal(initials('Bob 2'), 'BO');
    assert.equal(initials('[QA] Lee'), 'QL');
  });

  it('use the first and last word, or two letters of one word', () => {
    assert.equal(initials('Fay Ortega Diaz'), 'FD');
    assert.equal(initials('fay'), 'FA');
    assert.equal(initials('Élodie Ünal'), 'ÉÜ');
    assert.equal(initials('X'), 'X');
  });

  it('fall back to a question mark without any letter', () => {
    assert.equal(initials('  '), '?');
    assert.equal(initials('(42)'), '?');
  });
});
