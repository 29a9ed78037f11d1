'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A native modal <dialog>: focus trapping, Escape and the inert background come from the
 * browser, which is more robust than any hand-rolled overlay. `className` sets the size (width,
 * max width/height) and replaces the default one instead of fighting it.
 */
export function Modal({
  open,
  onClose,
  labelledBy,
  children,
  className = 'w-[calc(100%-2rem)] max-w-md',
  testId,
  bodyClassName = 'p-6',
}: {
  open: boolean;
  onClose: () => void;
  labelledBy: string;
  children: ReactNode;
  className?: string;
  testId?: string;
  bodyClassName?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      data-testid={testId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === ref.current) onClose(); // click on the backdrop
      }}
      className={`m-auto rounded-2xl border border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-950/50 backdrop:backdrop-blur-sm dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${className}`}
    >
      {open && <div className={bodyClassName}>{children}</div>}
    </dialog>
  );
}
