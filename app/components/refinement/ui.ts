/** Shared class names of the refinement components. */
export const button =
  'min-h-9 rounded-lg border border-slate-300 px-3 text-sm font-semibold hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';
export const primaryButton =
  'min-h-9 rounded-lg bg-indigo-600 px-3 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-50';
export const input = 'rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900';
export const sectionTitle = 'text-sm font-bold';
export const muted = 'text-xs text-slate-500 dark:text-slate-400';
