/**
 * The style tokens of the whole app: one place for the look of buttons, inputs and secondary
 * text. Features pick a token; none defines its own.
 */

const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500';
const button = `inline-flex items-center justify-center text-sm font-semibold transition-colors ${focusRing} disabled:cursor-not-allowed disabled:opacity-50`;
/** Panel buttons: compact, for the side panels and dialogs. */
const regular = 'min-h-9 gap-1 rounded-lg px-3';
/** Touch-first buttons (planning poker, used on phones): 44 px targets. */
const large = 'min-h-11 gap-2 rounded-xl px-4';

const primary = 'bg-indigo-600 text-white hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400';
const secondary =
  'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700';
const danger =
  'border border-rose-300 bg-white text-rose-700 hover:bg-rose-50 dark:border-rose-800 dark:bg-slate-900 dark:text-rose-300 dark:hover:bg-rose-950';
const ghost = 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800';

export const btnPrimary = `${button} ${regular} ${primary}`;
export const btnSecondary = `${button} ${regular} ${secondary}`;
export const btnDanger = `${button} ${regular} ${danger}`;
export const btnGhost = `${button} ${regular} ${ghost}`;

export const btnPrimaryLarge = `${button} ${large} ${primary}`;
export const btnSecondaryLarge = `${button} ${large} ${secondary}`;
export const btnDangerLarge = `${button} ${large} ${danger}`;

/** A compact input or select in a panel. */
export const input = 'rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900';
/** A touch-first input (planning poker), as tall as the large buttons. */
export const inputLarge =
  'min-h-11 w-full rounded-xl border border-slate-300 bg-white px-3 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100';

/** The board's own controls (toolbar, name prompt, park dialog): 40 px fields and buttons. */
export const field =
  'h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 placeholder:text-slate-500 focus:border-indigo-500 focus:outline-2 focus:outline-indigo-500/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400';
export const fieldButton =
  'inline-flex h-10 items-center justify-center gap-1.5 rounded-lg bg-indigo-600 px-4 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-50';
/** Small secondary buttons of the board header and cards, often just an icon. */
export const iconButton =
  'inline-flex h-9 min-w-9 items-center justify-center gap-1.5 rounded-lg px-2 text-sm font-medium text-slate-700 hover:bg-slate-200/70 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-40 dark:text-slate-200 dark:hover:bg-slate-800';

/** Secondary text in a sentence's size. */
export const muted = 'text-sm text-slate-600 dark:text-slate-400';
/** Small secondary text: counts, hints, remove links. */
export const hint = 'text-xs text-slate-500 dark:text-slate-400';
/** The heading of a section in a panel. */
export const sectionTitle = 'text-sm font-bold';
/** A small capitalised label above a group (poker). */
export const sectionLabel = 'text-xs font-bold tracking-wide text-slate-500 uppercase dark:text-slate-400';
