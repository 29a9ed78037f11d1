import type { ConnectionStatus } from '@/lib/client/board-connection';

const STYLE: Record<ConnectionStatus, { dot: string; text: string; label: string }> = {
  live: { dot: 'bg-emerald-500', text: 'text-emerald-800 dark:text-emerald-300', label: 'live' },
  connecting: { dot: 'bg-amber-500 animate-pulse', text: 'text-amber-800 dark:text-amber-300', label: 'connecting' },
  offline: { dot: 'bg-slate-400', text: 'text-slate-700 dark:text-slate-300', label: 'offline' },
  error: { dot: 'bg-rose-500', text: 'text-rose-800 dark:text-rose-300', label: 'error' },
};

/** The connection indicator: live, connecting, or offline (edits are kept and sent on return). */
export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const style = STYLE[status];
  return (
    <span
      role="status"
      title={status === 'offline' ? 'Offline — your edits are kept and will sync when the connection returns' : undefined}
      className={`inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2.5 py-1 text-xs font-semibold dark:border-slate-700 dark:bg-slate-900 ${style.text}`}
    >
      <span className={`h-2 w-2 rounded-full ${style.dot}`} aria-hidden="true" />
      <span data-testid="connection-status">{style.label}</span>
    </span>
  );
}
