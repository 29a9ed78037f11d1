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
