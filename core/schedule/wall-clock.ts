// Local wall-clock time ↔ instants, with the two DST rules the product promises:
//  - a time that doesn't exist (spring-forward gap) happens at the first instant after the
//    gap begins — the moment the clocks jump (02:30 in New York's gap → 03:00 EDT), never
//    Temporal's "compatible" 03:30, which would make a 02:00 and a 02:30 call collide later;
//  - a time that happens twice (fall-back overlap) happens once, at its first instant.
import { Temporal } from "temporal-polyfill";

export interface Resolved {
  ms: number;
  /** The wall-clock time did not exist and was moved to the end of the gap. */
  inGap: boolean;
}

export function wallClockToInstant(date: string, time: string, zone: string): Resolved {
  const local = Temporal.PlainDateTime.from(`${date}T${time}`);
  const first = local.toZonedDateTime(zone, { disambiguation: "earlier" });
  if (Temporal.PlainDateTime.compare(first.toPlainDateTime(), local) === 0) return { ms: first.epochMilliseconds, inGap: false };
  // In a gap, "earlier" lands before it by the gap's length; the next transition is its start.
  const transition = first.getTimeZoneTransition("next");
  return { ms: (transition ?? local.toZonedDateTime(zone, { disambiguation: "later" })).epochMilliseconds, inGap: true };
}

export interface LocalParts {
  date: string;
  /** "HH:MM:SS" */
  time: string;
  /** ISO weekday, 1 = Monday. */
  dayOfWeek: number;
  /** Seconds since local midnight, as read on the wall clock. */
  secondOfDay: number;
}

export function instantToLocal(ms: number, zone: string): LocalParts {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
  const t = z.toPlainTime();
  return {
    date: z.toPlainDate().toString(),
    time: t.toString({ smallestUnit: "second" }),
    dayOfWeek: z.dayOfWeek,
    secondOfDay: t.hour * 3600 + t.minute * 60 + t.second,
  };
}

export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

export function daysBetween(from: string, to: string): number {
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: "days" }).days;
}

export function dayOfWeek(date: string): number {
  return Temporal.PlainDate.from(date).dayOfWeek;
}

/** "HH:MM" or "HH:MM:SS" → seconds since midnight. */
export function secondsOf(time: string): number {
  const [h, m, s] = time.split(":").map(Number);
  return h * 3600 + m * 60 + (s ?? 0);
}

/** Today's date on a zone's wall clock. */
export function localDate(ms: number, zone: string): string {
  return instantToLocal(ms, zone).date;
}
