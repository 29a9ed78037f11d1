'use client';

import type * as Y from 'yjs';
import { touchTextOwner } from '../board/mutations';

type TextElement = HTMLInputElement | HTMLTextAreaElement;

/** The smallest single splice that turns `before` into `after` (common prefix and suffix kept). */
export function diffSplice(before: string, after: string): { index: number; remove: number; insert: string } {
  let start = 0;
  const minLength = Math.min(before.length, after.length);
  while (start < minLength && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

/** Where a caret at `position` ends up after a Y.Text delta was applied before/around it. */
export function transformPosition(position: number, delta: Y.YTextEvent['delta']): number {
  let index = 0;
  let result = position;
  for (const op of delta) {
    if (op.retain !== undefined) {
      index += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      // Text inserted exactly at the caret goes after it: the local typist keeps their place.
      if (index < position) result += length;
      index += length;
    } else if (op.delete !== undefined) {
      if (index < position) result -= Math.min(op.delete, position - index);
    }
    if (index > position) break;
  }
  return Math.max(0, result);
}

/**
 * Binds a plain input or textarea to a Y.Text: each local edit becomes one minimal splice
 * (so concurrent typists merge character by character), and each remote change is applied
 * to the element's value with the caret and selection moved through the change.
 * Returns the unbind function.
 */
export function bindTextElement(element: TextElement, text: Y.Text, origin: unknown, onLocalChange?: () => void): () => void {
  element.value = text.toString();
  let composing = false;

  const pushLocal = () => {
    if (composing) return;
    const before = text.toString();
    const after = element.value;
    if (before === after) return;
    const { index, remove, insert } = diffSplice(before, after);
    text.doc?.transact(() => {
      if (remove > 0) text.delete(index, remove);
      if (insert.length > 0) text.insert(index, insert);
      touchTextOwner(text);
    }, origin);
    onLocalChange?.();
  };

  const observer = (event: Y.YTextEvent) => {
    const next = text.toString();
    if (element.value === next) return; // our own splice coming back
    const focused = element.ownerDocument.activeElement === element;
    const start = element.selectionStart ?? 0;
    const end = element.selectionEnd ?? 0;
    element.value = next;
    if (focused) {
      const direction = element.selectionDirection ?? 'none';
      element.setSelectionRange(transformPosition(start, event.delta), transformPosition(end, event.delta), direction);
    }
  };

  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
    pushLocal();
  };

  element.addEventListener('input', pushLocal);
  element.addEventListener('compositionstart', onCompositionStart);
  element.addEventListener('compositionend', onCompositionEnd);
  text.observe(observer);
  return () => {
    element.removeEventListener('input', pushLocal);
    element.removeEventListener('compositionstart', onCompositionStart);
    element.removeEventListener('compositionend', onCompositionEnd);
    text.unobserve(observer);
  };
}
