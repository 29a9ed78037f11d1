'use client';

import type { ReactNode } from 'react';
import { Modal } from '../ui/Modal';

/** The shared Modal, wide enough for the agenda editor and the summary, with a title bar. */
export function MeetingDialog({
  open,
  onClose,
  title,
  testId,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  testId: string;
  children: ReactNode;
}) {
  const titleId = `${testId}-title`;
  return (
    <Modal
      open={open}
      onClose={onClose}
      labelledBy={titleId}
      testId={testId}
      className="max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-3xl"
      bodyClassName="p-5 sm:p-6"
    >
      <div className="mb-4 flex items-start justify-between gap-4">
        <h2 id={titleId} className="text-lg font-bold">
          {title}
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="rounded-lg px-2 py-1 text-sm font-semibold hover:bg-slate-100 dark:hover:bg-slate-800"
          aria-label="Close"
        >
          ✕
        </button>
      </div>
      {children}
    </Modal>
  );
}
