'use client';

import type { BoardConnection, ConnectionStatus } from '@/lib/client/board-connection';

/**
 * The sentence under the header when the server held a connection back: persistent (with a
 * retry) when the board reached its size cap, short while a rate limit makes us wait. That wait
 * has several causes (too many changes or events from this device, or too many new connections
 * from its network; the document socket closed or the control handshake refused), so the text
 * names none of them. Nothing for the other statuses; the badge in the header says those.
 */
export function ConnectionNotice({ connection, status }: { connection: BoardConnection | null; status: ConnectionStatus }) {
  if (status === 'blocked') {
    return (
      <div
        role="alert"
        data-testid="connection-notice"
        className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900 sm:px-4 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-100"
      >
        <p className="min-w-0 flex-1">
          This board reached its size limit; your latest change is kept on this device but not shared. Remove large text or images and
          reload.
        </p>
        <button
          type="button"
          onClick={() => connection?.retrySync()}
          className="shrink-0 rounded-lg bg-rose-700 px-3 py-1 font-semibold text-white hover:bg-rose-800 dark:bg-rose-200 dark:text-rose-950 dark:hover:bg-rose-100"
        >
          Try again
        </button>
      </div>
    );
  }
  if (status === 'slowed') {
    return (
      <p
        role="status"
        data-testid="connection-notice"
        className="shrink-0 border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 sm:px-4 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
      >
        Slowed down: the server asked this device to wait before sending more. It reconnects by itself within about a minute; your edits are
        kept.
      </p>
    );
  }
  return null;
}
