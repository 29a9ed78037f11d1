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
  // `index` walks the text as it was before the delta: inserts take no room in it, deletes do.
  let index = 0;
  let result = position;
  // Set by a delete that started before the caret and reached it: an insert right after it
  // replaces the text the caret was in or after, so the caret goes after the new text.
  let replacingAtCaret = false;
  for (const op of delta) {
    const afterDeleteToCaret = replacingAtCaret;
    replacingAtCaret = false;
    if (op.retain !== undefined) {
      index += op.retain;
    } else if (op.insert !== undefined) {
      // Text inserted exactly at the caret goes after it: the local typist keeps their place.
      if (index < position || afterDeleteToCaret) result += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      if (index < position) {
        result -= Math.min(op.delete, position - index);
        replacingAtCaret = index + op.delete >= position;
      }
      index += op.delete;
    }
    if (index > position && !replacingAtCaret) break;
  }
  return Math.max(0, result);
}

type TextSplice = ReturnType<typeof diffSplice>;
type TextRange = { index: number; length: number };

/** The pieces of `range` still in the text after `delta`; text inserted inside it is not part of them. */
function mapRange(range: TextRange, delta: Y.YTextEvent['delta']): TextRange[] {
  const pieces: TextRange[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  // Old characters [from, from + length) sit unchanged at newIndex onwards: keep those in range.
  const keep = (from: number, length: number) => {
    const low = Math.max(range.index, from);
    const high = Math.min(range.index + range.length, from + length);
    if (high <= low) return;
    const at = newIndex + (low - from);
    const last = pieces.at(-1);
    if (last && last.index + last.length === at) last.length += high - low;
    else pieces.push({ index: at, length: high - low });
  };
  for (const op of delta) {
    if (op.retain !== undefined) {
      keep(oldIndex, op.retain);
      oldIndex += op.retain;
      newIndex += op.retain;
    } else if (op.insert !== undefined) {
      newIndex += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      oldIndex += op.delete;
    }
  }
  keep(oldIndex, Infinity); // a delta leaves out the untouched tail
  return pieces;
}

/**
 * Moves a splice made against an older version of a text onto the current one, given the deltas
 * applied since, in order. The removal shrinks to what is left of the original characters, so
 * text others inserted inside it survives; removal ranges come back in ascending order.
 */
export function rebaseSplice(
  splice: TextSplice,
  deltas: Y.YTextEvent['delta'][],
): { index: number; removeRanges: TextRange[]; insert: string } {
  let index = splice.index;
  let removeRanges = splice.remove > 0 ? [{ index: splice.index, length: splice.remove }] : [];
  for (const delta of deltas) {
    index = transformPosition(index, delta);
    removeRanges = removeRanges.flatMap((range) => mapRange(range, delta));
  }
  return { index, removeRanges, insert: splice.insert };
}

/**
 * Where a caret in the locally edited text (base + `splice`) lands once the splice, rebased to
 * `rebased`, is applied to the text after `deltas`.
 */
function mergedPosition(
  position: number,
  splice: TextSplice,
  deltas: Y.YTextEvent['delta'][],
  rebased: ReturnType<typeof rebaseSplice>,
): number {
  const throughDeltas = (basePosition: number) => deltas.reduce(transformPosition, basePosition);
  if (position < splice.index) return throughDeltas(position);
  const insertEnd = splice.index + splice.insert.length;
  if (position <= insertEnd) return rebased.index + (position - splice.index);
  const removed = rebased.removeRanges.reduce((sum, range) => sum + range.length, 0);
  return throughDeltas(position - splice.insert.length + splice.remove) - removed + splice.insert.length;
}

/**
 * Binds a plain input or textarea to a Y.Text: each local edit becomes one minimal splice
 * (so concurrent typists merge character by character), and each remote change is applied
 * to the element's value with the caret and selection moved through the change.
 *
 * During an IME composition (Japanese, Chinese…) the element holds uncommitted characters that
 * must not be pushed yet, nor overwritten: remote changes are only remembered, and when the
 * composition ends (or the element blurs or is unbound) the local change is pushed as a splice
 * against the text the composition started from, rebased over those changes.
 * Returns the unbind function.
 */
export function bindTextElement(element: TextElement, text: Y.Text, origin: unknown, onLocalChange?: () => void): () => void {
  element.value = text.toString();
  /** The text when the composition started and the changes made to it since; null when not composing. */
  let composition: { base: string; deltas: Y.YTextEvent['delta'][] } | null = null;

  const pushLocal = () => {
    if (composition) return;
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
    if (composition) {
      // Read now: Yjs cannot compute a delta once the event handlers have run.
      composition.deltas.push(event.delta);
      return;
    }
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
    // Some IMEs start again without ending; a new base would be a text the element never showed.
    if (composition) return;
    pushLocal(); // normally a no-op; makes the base below the element's text as well
    composition = { base: text.toString(), deltas: [] };
  };
  const finishComposition = () => {
    if (!composition) return;
    const { base, deltas } = composition;
    if (deltas.length === 0) {
      composition = null;
      pushLocal();
      return;
    }
    try {
      const splice = diffSplice(base, element.value);
      const rebased = rebaseSplice(splice, deltas);
      const focused = element.ownerDocument.activeElement === element;
      const start = mergedPosition(element.selectionStart ?? 0, splice, deltas, rebased);
      const end = mergedPosition(element.selectionEnd ?? 0, splice, deltas, rebased);
      const changed = rebased.removeRanges.length > 0 || rebased.insert.length > 0;
      // Still "composing" during the transaction, so the observer leaves the element alone.
      if (changed) {
        text.doc?.transact(() => {
          // slice().reverse(), not toReversed(): Firefox 111–114 lack it.
          for (const range of rebased.removeRanges.slice().reverse()) text.delete(range.index, range.length);
          if (rebased.insert.length > 0) text.insert(rebased.index, rebased.insert);
          touchTextOwner(text);
        }, origin);
      }
      composition = null;
      element.value = text.toString();
      if (focused) element.setSelectionRange(start, end, element.selectionDirection ?? 'none');
      if (changed) onLocalChange?.();
    } finally {
      // A throw must not leave the field "composing" for good: it would stop syncing both ways.
      composition = null;
    }
  };

  element.addEventListener('input', pushLocal);
  element.addEventListener('compositionstart', onCompositionStart);
  element.addEventListener('compositionend', finishComposition);
  // Browsers do not all end a composition on blur; an interrupted one is committed as it stands.
  element.addEventListener('blur', finishComposition);
  text.observe(observer);
  return () => {
    finishComposition(); // unmounted mid-composition: keep what was typed
    element.removeEventListener('input', pushLocal);
    element.removeEventListener('compositionstart', onCompositionStart);
    element.removeEventListener('compositionend', finishComposition);
    element.removeEventListener('blur', finishComposition);
    text.unobserve(observer);
  };
}
