'use client';

import { formatDateTime, formatDuration } from '@/lib/meeting/time-text';
import type { PastMeetingEntry } from '@/lib/meeting/view';
import { MeetingDialog } from './MeetingDialog';
import { viewerTimeZone } from './viewer-time-zone';

/** The board's past meetings, newest first; opening one fetches its full summary. */
export function PastMeetings({
  open,
  onClose,
  past,
  onOpen,
}: {
  open: boolean;
  onClose: () => void;
  past: PastMeetingEntry[];
  onOpen: (id: string) => void;
}) {
  return (
    <MeetingDialog open={open} onClose={onClose} title="Past meetings" testId="past-meetings">
      {/* Closed, nothing is rendered: no dates formatted, the browser's zone not read. */}
      {open && <PastMeetingList past={past} onOpen={onOpen} />}
    </MeetingDialog>
  );
}

function PastMeetingList({ past, onOpen }: { past: PastMeetingEntry[]; onOpen: (id: string) => void }) {
  const tz = viewerTimeZone();
  return past.length === 0 ? (
    <p className="text-sm text-slate-600 dark:text-slate-400">No meeting has ended on this board yet.</p>
  ) : (
    <ul className="divide-y divide-slate-200 dark:divide-slate-700">
      {past.map((m) => (
        <li key={m.id}>
          <button
            type="button"
            data-testid="past-meeting"
            className="flex w-full flex-wrap items-baseline gap-x-3 gap-y-1 px-2 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
            onClick={() => onOpen(m.id)}
          >
            <span className="font-semibold">{formatDateTime(m.startedAt, tz)}</span>
            <span className="text-slate-600 dark:text-slate-400">
              {formatDuration(m.endedAt - m.startedAt)} · {m.attendeeCount} {m.attendeeCount === 1 ? 'attendee' : 'attendees'} · by{' '}
              {m.startedBy}
            </span>
            <span className="w-full text-xs text-slate-500 dark:text-slate-400">
              {m.counts.created} created · {m.counts.splits} split · {m.counts.trimmed} trimmed · {m.counts.estimates} estimates changed
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
