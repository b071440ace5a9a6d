// Plain calendar arithmetic on ISO dates as whole days since 1970-01-01 (proleptic
// Gregorian, no zones): walking a recurrence day by day is hot in the planner and previews,
// and this is an order of magnitude cheaper than Temporal objects per day.

export function epochDay(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

export function dateOfEpochDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of an epoch day: 1970-01-01 was a Thursday (4). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return dateOfEpochDay(epochDay(s)) === s;
}
