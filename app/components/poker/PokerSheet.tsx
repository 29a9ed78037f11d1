'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * On phones the board's panels live in a closed drawer; a running round must not hide there.
 * This bottom sheet (portalled to <body>, out of the drawer's transform) shows the round on top
 * of the board, and folds into a bar so the board stays usable.
 */
export function PokerSheet({ title, roundId, children }: { title: string; roundId: string; children: ReactNode }) {
  const [open, setOpen] = useState(true);
  // A new round (or re-vote) opens the sheet again.
  useEffect(() => setOpen(true), [roundId]);
  // If something on the page overflows sideways, the layout viewport (and so `inset-x-0`) grows
  // past the screen; size the sheet to what is actually visible.
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const vv = window.visualViewport;
    if (!vv) return;
    const update = () => setWidth(Math.round(vv.width * vv.scale) === Math.round(window.innerWidth) ? null : vv.width);
    update();
    vv.addEventListener('resize', update);
    return () => vv.removeEventListener('resize', update);
  }, []);
  return createPortal(
    <div
      className="fixed inset-x-0 bottom-0 z-50 flex max-h-[88dvh] flex-col rounded-t-3xl border-t border-slate-200 bg-white shadow-[0_-8px_30px_rgba(0,0,0,0.18)] dark:border-slate-700 dark:bg-slate-900"
      style={width ? { width, right: 'auto' } : undefined}
      data-testid="poker-sheet"
    >
      <button
        type="button"
        aria-expanded={open}
        data-testid="poker-sheet-toggle"
        onClick={() => setOpen((v) => !v)}
        className="flex min-h-14 w-full shrink-0 items-center gap-3 px-4 text-left"
      >
        <span className="rounded-full bg-indigo-600 px-2 py-0.5 text-xs font-bold text-white">Poker</span>
        <span className="min-w-0 flex-1 truncate text-sm font-semibold">{title}</span>
        <span className="text-sm text-indigo-700 dark:text-indigo-300">{open ? 'Hide' : 'Open'}</span>
      </button>
      {open && <div className="min-h-0 flex-1 overflow-y-auto overscroll-contain pb-[env(safe-area-inset-bottom)]">{children}</div>}
    </div>,
    document.body,
  );
}
