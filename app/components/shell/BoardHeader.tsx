'use client';

import Link from 'next/link';
import type { ConnectionStatus } from '@/lib/client/board-connection';
import type { Participant, Role } from '@/lib/session/roles';
import { KeyboardIcon, PanelIcon, ProjectorIcon, RedoIcon, TransferIcon, UndoIcon } from '../ui/icons';
import { iconButton } from '../ui/styles';
import { ConnectionBadge } from './ConnectionBadge';
import { PresenceAvatars } from './PresenceAvatars';
import { ThemeToggle } from './ThemeToggle';

const ROLE_BADGE: Record<Role, string> = {
  facilitator: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  participant: 'bg-indigo-100 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-200',
  spectator: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
};

export function BoardHeader(props: {
  title: string | null;
  status: ConnectionStatus;
  role: Role | null;
  roster: Participant[];
  selfId: string | null;
  canUndo: boolean;
  canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
  onShortcuts(): void;
  onTogglePanels(): void;
  /** Opens import and export; absent on a read-only board. */
  onBacklogData?(): void;
  presentHref: string | null;
}) {
  const { role } = props;
  return (
    <header className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-3 py-2 sm:px-4 dark:border-slate-800 dark:bg-slate-900">
      <Link
        href="/"
        className="hidden text-sm font-black tracking-tight text-indigo-700 sm:block dark:text-indigo-300"
        aria-label="Refinery home"
      >
        Refinery
      </Link>
      <div className="flex min-w-0 flex-1 items-center gap-2">
        <h1 className="truncate text-lg font-bold" data-testid="board-title">
          {props.title || 'Loading…'}
        </h1>
        {role && (
          <span
            className={`hidden shrink-0 rounded-full px-2 py-0.5 text-xs font-semibold capitalize sm:inline ${ROLE_BADGE[role]}`}
            data-testid="my-role"
          >
            {role === 'spectator' ? 'read-only' : role}
          </span>
        )}
      </div>
      <div className="flex items-center gap-1 sm:gap-2">
        <ConnectionBadge status={props.status} />
        <PresenceAvatars roster={props.roster} selfId={props.selfId} max={4} />
        {role !== 'spectator' && (
          <>
            <button
              type="button"
              className={iconButton}
              onClick={props.onUndo}
              disabled={!props.canUndo}
              aria-label="Undo my last edit"
              title="Undo (Ctrl/⌘+Z)"
            >
              <UndoIcon />
            </button>
            <button
              type="button"
              className={`${iconButton} max-sm:hidden`}
              onClick={props.onRedo}
              disabled={!props.canRedo}
              aria-label="Redo"
              title="Redo (Ctrl/⌘+Shift+Z)"
            >
              <RedoIcon />
            </button>
          </>
        )}
        {props.onBacklogData && (
          <button
            type="button"
            className={`${iconButton} max-sm:hidden`}
            onClick={props.onBacklogData}
            aria-label="Import and export"
            title="Import and export"
            data-testid="open-backlog-data"
          >
            <TransferIcon />
          </button>
        )}
        {props.presentHref && (
          <a href={props.presentHref} className={`${iconButton} max-sm:hidden`} aria-label="Open projector view" title="Projector view">
            <ProjectorIcon />
          </a>
        )}
        <button
          type="button"
          className={`${iconButton} max-sm:hidden`}
          onClick={props.onShortcuts}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          <KeyboardIcon />
        </button>
        <ThemeToggle />
        <button
          type="button"
          className={`${iconButton} lg:hidden`}
          onClick={props.onTogglePanels}
          aria-label="Show side panels"
          title="Panels"
        >
          <PanelIcon />
        </button>
      </div>
    </header>
  );
}
