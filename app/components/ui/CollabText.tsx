'use client';

import { useEffect, useRef, type KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import { bindTextElement } from '@/lib/client/text-binding';

/**
 * An input (or textarea) bound to a shared Y.Text: what anyone types appears here live and
 * merges character by character with what this person types. Uncontrolled on purpose: React
 * re-setting `value` would move the caret; the binding owns the value.
 */
export function CollabText({
  text,
  origin,
  multiline = false,
  label,
  maxLength,
  className,
  autoFocus = false,
  onKeyDown,
  onBlur,
  testId,
}: {
  text: Y.Text;
  origin: unknown;
  multiline?: boolean;
  label: string;
  maxLength?: number;
  className?: string;
  autoFocus?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
  onBlur?: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const grow = () => {
      if (!multiline) return;
      // Not laid out (a closed drawer, display: none): scrollHeight is 0, and a height set from
      // it would leave a 10 px box with its text hidden once shown. Keep the rows until then.
      if (element.getClientRects().length === 0) {
        element.style.height = '';
        return;
      }
      element.style.height = 'auto';
      element.style.height = `${element.scrollHeight + 2}px`;
    };
    const unbind = bindTextElement(element, text, origin, grow);
    text.observe(grow);
    grow();
    // Shown again (the drawer reopened): size it to its text now that it has a layout.
    const shown = multiline && typeof IntersectionObserver !== 'undefined' ? new IntersectionObserver(grow) : null;
    shown?.observe(element);
    if (autoFocus) {
      element.focus();
      const end = element.value.length;
      element.setSelectionRange(end, end);
    }
    return () => {
      unbind();
      shown?.disconnect();
      text.unobserve(grow);
    };
    // Focus only when (re)bound, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, origin, multiline]);

  const common = {
    ref,
    'aria-label': label,
    'data-collab': 'true',
    'data-testid': testId,
    maxLength,
    className,
    onKeyDown,
    onBlur,
    spellCheck: true,
  };
  return multiline ? <textarea rows={4} {...common} /> : <input type="text" autoComplete="off" {...common} />;
}
