/** Story points as the poker panel shows them: whole numbers plain, others to one decimal. */
export function formatPoints(value: number | null): string {
  if (value === null) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
}
