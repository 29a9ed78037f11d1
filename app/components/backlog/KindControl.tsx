'use client';

import { useEffect, useRef, useState } from 'react';
import type { ItemKind, ItemView } from '@/lib/board/schema';
import type { BoardActions } from '@/lib/client/board-actions';
import { KindOptions } from '../ui/KindOptions';
import { KIND_BADGE, KIND_LABEL } from '../ui/kinds';

/**
 * A card's kind. A native `<select>` on every card was a third of a row's style time while
 * scrolling (Chromium builds a shadow tree for each select and its options; DECISIONS, issue 15),
 * so the card shows a button naming the kind, and the select takes its place, focused and opened,
 * only once the button is used. It stays until it loses focus, so keyboard users change the kind
 * in it as before; Escape gives the button back, focused.
 */
export function KindControl({ item, canEdit, actions }: { item: ItemView; canEdit: boolean; actions: BoardActions }) {
  const [choosing, setChoosing] = useState(false);
  const selectRef = useRef<HTMLSelectElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const refocusButton = useRef(false);
  const label = KIND_LABEL[item.kind];
  const badge = `rounded-full px-2 py-0.5 text-xs font-semibold ${KIND_BADGE[item.kind]}`;

  useEffect(() => {
    if (choosing) {
      const select = selectRef.current;
      select?.focus();
      // The click or key that asked for it is still a user activation here; without picker
      // support the select is focused and arrow keys change the kind.
      try {
        select?.showPicker();
      } catch {
        // not supported, or no activation left: focused is enough
      }
    } else if (refocusButton.current) {
      refocusButton.current = false;
      buttonRef.current?.focus();
    }
  }, [choosing]);

  if (!canEdit) return <span className={badge}>{label}</span>;
  const focusRing = 'focus-visible:outline-2 focus-visible:outline-indigo-600';
  if (choosing) {
    return (
      <select
        ref={selectRef}
        aria-label="Kind"
        value={item.kind}
        onChange={(event) => actions.setKind(item.id, event.target.value as ItemKind)}
        onBlur={() => setChoosing(false)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.stopPropagation();
          refocusButton.current = true;
          setChoosing(false);
        }}
        className={`${badge} cursor-pointer appearance-none border-0 text-center ${focusRing}`}
        data-testid="card-kind-select"
      >
        <KindOptions />
      </select>
    );
  }
  return (
    <button
      ref={buttonRef}
      type="button"
      aria-haspopup="listbox"
      aria-label={`Kind: ${label}`}
      onClick={() => setChoosing(true)}
      className={`${badge} cursor-pointer ${focusRing}`}
      data-testid="card-kind"
    >
      {label}
    </button>
  );
}
