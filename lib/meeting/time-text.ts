/**
 * Times and durations as the meeting's screens and exports write them. Pure: dates are formatted
 * in the time zone passed in, UTC by default, so the same meeting reads the same everywhere.
 */

/** "4:05" for minutes and seconds, "1:02:05" past an hour. */
export function formatDuration(ms: number): string {
  const total = Math.round(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** "2025-03-04" and "09:00" in the given time zone. */
export function dateTimeParts(ms: number, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** "2025-03-04 09:00" */
export function formatDateTime(ms: number, timeZone = 'UTC'): string {
  const { date, time } = dateTimeParts(ms, timeZone);
  return `${date} ${time}`;
}

/**
 * "2025-03-04 09:00–10:02 UTC", "2025-03-04 23:30–2025-03-05 00:10 (Europe/Berlin)": the end's
 * date only when it is another day.
 */
export function formatTimeSpan(startMs: number, endMs: number, timeZone = 'UTC'): string {
  const start = dateTimeParts(startMs, timeZone);
  const end = dateTimeParts(endMs, timeZone);
  const endText = end.date === start.date ? end.time : `${end.date} ${end.time}`;
  return `${start.date} ${start.time}–${endText} ${timeZone === 'UTC' ? 'UTC' : `(${timeZone})`}`;
}
