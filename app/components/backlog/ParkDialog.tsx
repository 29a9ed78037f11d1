'use client';

import { useState, type FormEvent } from 'react';
import { MAX_PARKED_REASON_LENGTH } from '@/lib/board/schema';
import { field, fieldButton } from '../ui/styles';
import { Modal } from '../ui/Modal';

/** Park an item in the tail, with an optional reason the team sees when deciding to trim. */
export function ParkDialog({ itemTitle, onPark, onClose }: { itemTitle: string | null; onPark(reason: string): void; onClose(): void }) {
  const [reason, setReason] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    onPark(reason);
    setReason('');
  }
  return (
    <Modal open={itemTitle !== null} onClose={onClose} labelledBy="park-heading">
      <form onSubmit={submit}>
        <h2 id="park-heading" className="text-lg font-bold">
          Park “{itemTitle}”?
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">It moves to the tail at the bottom. Anyone can restore it.</p>
        <label htmlFor="park-reason" className="mt-4 block text-sm font-medium">
          Reason <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
        </label>
        <input
          id="park-reason"
          autoFocus
          value={reason}
          maxLength={MAX_PARKED_REASON_LENGTH}
          onChange={(event) => setReason(event.target.value)}
          className={`${field} mt-1 w-full`}
          placeholder="e.g. No user asked for this in a year"
        />
        <div className="mt-6 flex justify-end gap-2">
          <button
            type="button"
            onClick={onClose}
            className="h-10 rounded-lg px-4 text-sm font-semibold hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            Cancel
          </button>
          <button type="submit" className={fieldButton}>
            Park item
          </button>
        </div>
      </form>
    </Modal>
  );
}
