'use client';

import { Modal } from '../ui/Modal';

export const SHORTCUTS: Array<{ keys: string[]; action: string }> = [
  { keys: ['N'], action: 'New item' },
  { keys: ['/'], action: 'Search' },
  { keys: ['J', '↓'], action: 'Next card' },
  { keys: ['K', '↑'], action: 'Previous card' },
  { keys: ['Enter', 'E'], action: 'Edit title of the selected card' },
  { keys: ['D'], action: 'Open / edit description' },
  { keys: ['Alt+↑', 'Alt+↓'], action: 'Move card up / down' },
  { keys: ['Alt+Shift+↑', 'Alt+Shift+↓'], action: 'Move card to top / bottom' },
  { keys: ['Space'], action: 'On a drag handle: lift, arrows to move, Space to drop, Esc to cancel' },
  { keys: ['P'], action: 'Park / restore the selected card' },
  { keys: ['Ctrl/⌘+Z'], action: 'Undo your last edit (never anyone else’s)' },
  { keys: ['Ctrl/⌘+Shift+Z', 'Ctrl+Y'], action: 'Redo' },
  { keys: ['Esc'], action: 'Stop editing, close menus, clear selection' },
  { keys: ['?'], action: 'Show this list' },
];

export function ShortcutsOverlay({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} labelledBy="shortcuts-heading" className="w-[calc(100%-2rem)] max-w-lg">
      <div className="flex items-center justify-between">
        <h2 id="shortcuts-heading" className="text-lg font-bold">
          Keyboard shortcuts
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="rounded-lg px-2 py-1 text-sm font-medium hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          Close
        </button>
      </div>
      <dl className="mt-4 divide-y divide-slate-200 dark:divide-slate-800" data-testid="shortcuts">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.action} className="flex items-start justify-between gap-4 py-2">
            <dt className="text-sm text-slate-700 dark:text-slate-300">{shortcut.action}</dt>
            <dd className="flex shrink-0 flex-wrap justify-end gap-1">
              {shortcut.keys.map((key) => (
                <kbd
                  key={key}
                  className="rounded-md border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
                >
                  {key}
                </kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
