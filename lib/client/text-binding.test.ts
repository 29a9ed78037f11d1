import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { bindTextElement, rebaseSplice, transformPosition } from './text-binding';

/**
 * Just what the binding touches of an input: value, selection, focus and events. Unlike Node's
 * EventTarget, which reports a listener's exception later as uncaught, dispatchEvent rethrows it
 * so a test can see where it came from.
 */
class FakeTextElement {
  value = '';
  selectionStart: number | null = 0;
  selectionEnd: number | null = 0;
  selectionDirection: 'forward' | 'backward' | 'none' | null = 'none';
  readonly ownerDocument: { activeElement: unknown } = { activeElement: null };
  private readonly listeners = new Map<string, Set<(event: Event) => void>>();

  addEventListener(type: string, listener: (event: Event) => void): void {
    const forType = this.listeners.get(type) ?? new Set();
    forType.add(listener);
    this.listeners.set(type, forType);
  }
  removeEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  dispatchEvent(event: Event): void {
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
  }

  focus(): void {
    this.ownerDocument.activeElement = this;
  }
  blur(): void {
    this.ownerDocument.activeElement = null;
    this.dispatchEvent(new Event('blur'));
  }
  setSelectionRange(start: number, end: number, direction: 'forward' | 'backward' | 'none' = 'none'): void {
    this.selectionStart = start;
    this.selectionEnd = end;
    this.selectionDirection = direction;
  }
  /** What an IME does to the element while composing: the value changes, `input` fires. */
  compose(value: string, caret: number): void {
    this.value = value;
    this.setSelectionRange(caret, caret);
    this.dispatchEvent(new Event('input'));
  }
}

/** A local doc bound to a fake element and a remote doc, each update delivered to the other. */
function setup(initial: string) {
  const local = new Y.Doc();
  const remote = new Y.Doc();
  local.on('update', (update: Uint8Array) => Y.applyUpdate(remote, update, 'network'));
  remote.on('update', (update: Uint8Array) => Y.applyUpdate(local, update, 'network'));
  local.getText('title').insert(0, initial);
  const element = new FakeTextElement();
  element.focus();
  const unbind = bindTextElement(element as unknown as HTMLInputElement, local.getText('title'), 'local');
  return { local: local.getText('title'), remote: remote.getText('title'), element, unbind };
}

test('a remote edit during an IME composition keeps the composed text and lands beside it', () => {
  const { local, remote, element } = setup('abc');
  element.dispatchEvent(new Event('compositionstart'));
  element.compose('abc日', 4);
  remote.insert(0, 'X');
  const valueDuringComposition = element.value;
  element.dispatchEvent(new Event('compositionend'));

  assert.equal(local.toString(), 'Xabc日');
  assert.equal(remote.toString(), 'Xabc日');
  assert.equal(element.value, local.toString());
  assert.equal(element.selectionStart, 5, 'caret stays after the composed character');
  assert.equal(valueDuringComposition, 'abc日', 'the uncommitted composition is not overwritten');
});

test('remote edits after and inside the composition point merge with the composed text', () => {
  const { local, remote, element } = setup('abcdef');
  element.setSelectionRange(1, 4); // 'bcd' selected, replaced by the composition
  element.dispatchEvent(new Event('compositionstart'));
  element.compose('a日本ef', 3);
  remote.insert(2, 'R'); // inside the replaced range: someone else's text, kept
  remote.insert(remote.length, '!');
  element.dispatchEvent(new Event('compositionend'));

  assert.equal(local.toString(), 'a日本Ref!');
  assert.equal(remote.toString(), local.toString());
  assert.equal(element.value, local.toString());
  assert.equal(element.selectionStart, 3);
});

test('blur and unbind during a composition push the composed text', () => {
  const blurred = setup('ab');
  blurred.element.dispatchEvent(new Event('compositionstart'));
  blurred.element.compose('ab日', 3);
  blurred.remote.insert(0, 'X');
  blurred.element.blur();
  assert.equal(blurred.local.toString(), 'Xab日');
  assert.equal(blurred.element.value, 'Xab日');

  const unmounted = setup('ab');
  unmounted.element.dispatchEvent(new Event('compositionstart'));
  unmounted.element.compose('ab日', 3);
  unmounted.unbind();
  assert.equal(unmounted.remote.toString(), 'ab日');
});

test('outside a composition, remote edits move the caret through the change', () => {
  const { remote, element } = setup('abcdef');
  element.setSelectionRange(3, 3); // after 'abc'
  remote.doc?.transact(() => {
    remote.insert(0, 'Q');
    remote.delete(3, 1); // 'c', just before the caret
  });
  assert.equal(element.value, 'Qabdef');
  assert.equal(element.selectionStart, 3);
});

test('transformPosition reads each op at its place in the old text', () => {
  // 'aXYZdef' → 'QaXYZef': the delete comes after an insert in the same delta.
  assert.equal(transformPosition(5, [{ insert: 'Q' }, { retain: 4 }, { delete: 1 }]), 5);
  // 'abcdef' → 'aXYZdef', caret after 'abcd'.
  assert.equal(transformPosition(4, [{ retain: 1 }, { delete: 2 }, { insert: 'XYZ' }]), 5);
  assert.equal(transformPosition(2, [{ retain: 2 }, { insert: 'R' }]), 2, 'an insert at the caret goes after it');
});

test('rebaseSplice keeps text others inserted inside the removed range', () => {
  const rebased = rebaseSplice({ index: 1, remove: 3, insert: '日' }, [[{ retain: 2 }, { insert: 'R' }], [{ delete: 1 }]]);
  // 'abcdef' → 'abRcdef' → 'bRcdef': the removal is what is left of 'bcd', around 'R'.
  assert.deepEqual(rebased, {
    index: 0,
    removeRanges: [
      { index: 0, length: 1 },
      { index: 2, length: 2 },
    ],
    insert: '日',
  });
});

test('a second compositionstart without an end keeps the original base and the remote text', () => {
  const { local, remote, element } = setup('abc');
  element.dispatchEvent(new Event('compositionstart'));
  element.compose('abc日', 4);
  remote.insert(0, 'REMOTE ');
  element.dispatchEvent(new Event('compositionstart')); // some IMEs restart without an end
  element.compose('abc日本', 5);
  element.dispatchEvent(new Event('compositionend'));

  assert.equal(local.toString(), 'REMOTE abc日本');
  assert.equal(remote.toString(), 'REMOTE abc日本');
  assert.equal(element.value, local.toString());
});

test('a composition commits without Array.prototype.toReversed (Firefox 111–114)', () => {
  const { local, remote, element } = setup('abcdef');
  element.setSelectionRange(1, 4);
  element.dispatchEvent(new Event('compositionstart'));
  element.compose('a日ef', 2);
  remote.insert(0, 'X');
  const toReversed = Object.getOwnPropertyDescriptor(Array.prototype, 'toReversed');
  delete (Array.prototype as { toReversed?: unknown }).toReversed;
  try {
    element.dispatchEvent(new Event('compositionend'));
  } finally {
    if (toReversed) Object.defineProperty(Array.prototype, 'toReversed', toReversed);
  }
  assert.equal(local.toString(), 'Xa日ef');
  assert.equal(remote.toString(), 'Xa日ef');
});

test('an exception while committing a composition does not stop the field syncing', () => {
  const { local, remote, element } = setup('ab');
  let fail = false;
  local.observe(() => {
    if (fail) {
      fail = false;
      throw new Error('observer failed');
    }
  });
  element.dispatchEvent(new Event('compositionstart'));
  element.compose('ab日', 3);
  remote.insert(0, 'X');
  fail = true; // the next change to the local text: the composition's own push
  assert.throws(() => element.dispatchEvent(new Event('compositionend')), /observer failed/);

  remote.insert(remote.length, '!');
  assert.equal(element.value, 'Xab日!', 'remote changes reach the element again');
  element.compose('Xab日!?', 6);
  assert.equal(remote.toString(), 'Xab日!?', 'local input reaches the doc again');
});

test('a remote replace around the caret leaves the caret after the replacement', () => {
  // 'abcdefgh', caret after 'abcde'; 'de' → 'xyz' in one transaction.
  assert.equal(transformPosition(5, [{ retain: 3 }, { delete: 2 }, { insert: 'xyz' }]), 6);
  // A delete running past the caret, then its replacement.
  assert.equal(transformPosition(4, [{ retain: 3 }, { delete: 2 }, { insert: 'xyz' }]), 6);
  // A replace starting at the caret stays after it; a replace that ends before it shifts it.
  assert.equal(transformPosition(3, [{ retain: 3 }, { delete: 2 }, { insert: 'xyz' }]), 3);
  assert.equal(transformPosition(6, [{ retain: 3 }, { delete: 2 }, { insert: 'xyz' }]), 7);

  const { remote, element } = setup('abcdefgh');
  element.setSelectionRange(5, 5);
  remote.doc?.transact(() => {
    remote.delete(3, 2);
    remote.insert(3, 'xyz');
  });
  assert.equal(element.value, 'abcxyzfgh');
  assert.equal(element.selectionStart, 6, 'caret after "xyz", before "f"');
});
