'use client';

import { useEffect, useRef } from 'react';

export interface ShortcutActions {
  canEdit: boolean;
  isDragging(): boolean;
  undo(): void;
  redo(): void;
  showHelp(): void;
  focusAdd(): void;
  focusSearch(): void;
  selectRelative(step: 1 | -1): void;
  moveSelected(step: 1 | -1 | 'top' | 'bottom'): void;
  editSelected(field: 'title' | 'description'): void;
  parkOrRestoreSelected(): void;
  clearSelection(): void;
}

function isTextEntry(target: EventTarget | null): target is HTMLElement {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/**
 * Board-wide keyboard shortcuts (listed in ShortcutsOverlay). Letter keys never fire while
 * typing. Ctrl/Cmd+Z goes to the board's undo manager even inside the shared title and
 * description fields (the browser's own undo there would not know about remote edits), but is
 * left alone in local fields such as search, where native undo is right.
 */
export function useBoardShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  ref.current = actions;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const a = ref.current;
      if (event.defaultPrevented || event.isComposing) return;
      const key = event.key;
      const mod = event.ctrlKey || event.metaKey;
      const target = event.target;

      if (mod && !event.altKey && (key.toLowerCase() === 'z' || (event.ctrlKey && key.toLowerCase() === 'y'))) {
        if (isTextEntry(target) && !target.dataset.collab) return;
        if (!a.canEdit) return;
        event.preventDefault();
        if (key.toLowerCase() === 'y' || event.shiftKey) a.redo();
        else a.undo();
        return;
      }
      if (mod || isTextEntry(target) || a.isDragging()) return;
      if (document.querySelector('dialog[open]')) return;
      if (target instanceof HTMLElement && target.closest('[role="menu"]')) return;

      const onControl = target instanceof HTMLElement && target.closest('button, a, select, summary') !== null;
      if (event.altKey && (key === 'ArrowUp' || key === 'ArrowDown')) {
        if (!a.canEdit) return;
        event.preventDefault();
        const up = key === 'ArrowUp';
        a.moveSelected(event.shiftKey ? (up ? 'top' : 'bottom') : up ? -1 : 1);
        return;
      }
      if (event.altKey) return;
      switch (key) {
        case '?':
          event.preventDefault();
          a.showHelp();
          break;
        case 'n':
        case 'N':
          if (!a.canEdit) return;
          event.preventDefault();
          a.focusAdd();
          break;
        case '/':
          event.preventDefault();
          a.focusSearch();
          break;
        case 'j':
        case 'ArrowDown':
          event.preventDefault();
          a.selectRelative(1);
          break;
        case 'k':
        case 'ArrowUp':
          event.preventDefault();
          a.selectRelative(-1);
          break;
        case 'Enter':
          if (onControl || !a.canEdit) return;
          event.preventDefault();
          a.editSelected('title');
          break;
        case 'e':
          if (!a.canEdit) return;
          event.preventDefault();
          a.editSelected('title');
          break;
        case 'd':
          event.preventDefault();
          a.editSelected('description');
          break;
        case 'p':
          if (!a.canEdit) return;
          event.preventDefault();
          a.parkOrRestoreSelected();
          break;
        case 'Escape':
          a.clearSelection();
          break;
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
