/**
 * Type sizes of the projector, for a room read from 8 m at 1080p (issue 12): body text 24 px,
 * numbers 32 px or more, labels never below 20 px. The page scales its root font size with the
 * width (PresentScreen), so these rem-based sizes grow with a 4K screen.
 *
 * `data-label` marks the few label texts allowed between 18 and 24 px; the e2e size check holds
 * every other text of the main content to 24 px.
 */
export const LABEL = 'text-xl font-bold tracking-widest uppercase text-slate-700 dark:text-slate-300';
export const BODY = 'text-2xl leading-snug';
export const TITLE = 'text-3xl font-bold leading-tight break-words';
export const HEADLINE = 'text-5xl font-black leading-tight break-words';
export const NUMBER = 'text-4xl font-black tabular-nums';
export const MUTED = 'text-slate-700 dark:text-slate-300';
export const PANEL = 'rounded-2xl bg-slate-100 p-5 dark:bg-slate-900';
