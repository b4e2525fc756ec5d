/** English month names, from the runtime's own locale data rather than a list of our own. */
const names = Array.from({ length: 12 }, (_, i) =>
  new Date(Date.UTC(2000, i, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' }),
);

/** 1 → January. */
export function monthName(month: number): string {
  return names[month - 1];
}

/** January (any case) → 1; 0 for anything else. */
export function monthNumber(name: string): number {
  return names.findIndex((month) => month.toLowerCase() === name.toLowerCase()) + 1;
}
