import type { ItemKind } from '@/lib/board/schema';

/** Badge colours per kind; each pair keeps 4.5:1 contrast in light and dark mode. */
export const KIND_BADGE: Record<ItemKind, string> = {
  epic: 'bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200',
  story: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200',
  task: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200',
  bug: 'bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-200',
  spike: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
};

export const KIND_LABEL: Record<ItemKind, string> = {
  epic: 'Epic',
  story: 'Story',
  task: 'Task',
  bug: 'Bug',
  spike: 'Spike',
};

/** Shared look of small secondary buttons. */
export const ICON_BUTTON =
  'inline-flex h-9 min-w-9 items-center justify-center gap-1.5 rounded-lg px-2 text-sm font-medium text-slate-700 hover:bg-slate-200/70 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-40 dark:text-slate-200 dark:hover:bg-slate-800';

export const PRIMARY_BUTTON =
  'inline-flex h-10 items-center justify-center gap-1.5 rounded-lg bg-indigo-600 px-4 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-50';

export const FIELD =
  'h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 placeholder:text-slate-500 focus:border-indigo-500 focus:outline-2 focus:outline-indigo-500/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400';
