let zone: string | undefined;

/**
 * The time zone of the browser this page runs in, read the first time a screen shows a time and
 * kept. The first read initialises the engine's zone data: ~29 ms of a board page's load in the
 * test browser when the meeting bar's closed dialogs read it on every render (docs/DECISIONS.md,
 * "Test suite time", ninth pass).
 */
export function viewerTimeZone(): string {
  zone ??= typeof Intl !== 'undefined' ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'UTC';
  return zone;
}
