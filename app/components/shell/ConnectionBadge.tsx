import type { ConnectionStatus } from '@/lib/client/board-connection';

const STYLE: Record<ConnectionStatus, { dot: string; text: string; label: string; title?: string }> = {
  live: { dot: 'bg-emerald-500', text: 'text-emerald-800 dark:text-emerald-300', label: 'live' },
  connecting: { dot: 'bg-amber-500 animate-pulse', text: 'text-amber-800 dark:text-amber-300', label: 'connecting' },
  offline: {
    dot: 'bg-slate-400',
    text: 'text-slate-700 dark:text-slate-300',
    label: 'offline',
    title: 'Offline — your edits are kept and will sync when the connection returns',
  },
  slowed: {
    dot: 'bg-amber-500',
    text: 'text-amber-800 dark:text-amber-300',
    label: 'slowed down',
    title:
      'The server asked this device to wait before sending more; it reconnects by itself within about a minute and your edits are kept',
  },
  blocked: {
    dot: 'bg-rose-500',
    text: 'text-rose-800 dark:text-rose-300',
    label: 'not shared',
    title: 'This board reached its size limit; your latest change is kept on this device but not shared',
  },
  error: { dot: 'bg-rose-500', text: 'text-rose-800 dark:text-rose-300', label: 'error' },
};

/** The connection indicator: live, connecting, offline (edits are kept and sent on return), slowed or not shared. */
export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const style = STYLE[status];
  return (
    <span
      role="status"
      title={style.title}
      className={`inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2.5 py-1 text-xs font-semibold whitespace-nowrap dark:border-slate-700 dark:bg-slate-900 ${style.text}`}
    >
      <span className={`h-2 w-2 rounded-full ${style.dot}`} aria-hidden="true" />
      <span data-testid="connection-status">{style.label}</span>
    </span>
  );
}
