// Which local dates a schedule happens on, and the instants that gives. Recurrence works on
// the schedule's wall clock only; wall-clock.ts turns each date + time into an instant, so
// "every day at 07:30 America/New_York" stays at 07:30 local on both sides of a DST change.
import { dateOfEpochDay, epochDay, isoWeekday } from "./calendar.ts";
import type { Recurrence, ScheduleTiming, Slot } from "./types.ts";
import { localDate, wallClockToInstant } from "./wall-clock.ts";

/** A rule that matched nothing for this many days in a row never will (e.g. weekly, no days). */
const GIVE_UP_AFTER_DAYS = 400;

function matches(rec: Exclude<Recurrence, { kind: "once" }>, day: number, start: number): boolean {
  switch (rec.kind) {
    case "daily":
      return true;
    case "weekdays":
      return isoWeekday(day) <= 5;
    case "weekly":
      return rec.days.includes(isoWeekday(day));
    case "every_n_days":
      return (day - start) % rec.n === 0;
    default: {
      const never: never = rec;
      return never;
    }
  }
}

function slotOn(t: ScheduleTiming, date: string, index: number): Slot {
  return { key: `${date}T${t.localTime}`, date, atMs: wallClockToInstant(date, t.localTime, t.timeZone).ms, index };
}

/**
 * Every slot on or after `fromDate` (local), in order, within the until date and the
 * occurrence cap. Infinite for open-ended rules: take what you need.
 */
export function* slotsFrom(t: ScheduleTiming, fromDate?: string): Generator<Slot> {
  const rec = t.recurrence;
  if (t.maxOccurrences !== null && t.maxOccurrences < 1) return;
  const from = fromDate ? epochDay(fromDate) : -Infinity;
  const until = t.untilDate ? epochDay(t.untilDate) : Infinity;
  if (rec.kind === "once") {
    const day = epochDay(rec.date);
    if (day >= from && day <= until) yield slotOn(t, rec.date, 1);
    return;
  }
  const start = epochDay(rec.start);
  // Counting "N times" needs every slot since the start; otherwise jump to where we look.
  const counting = t.maxOccurrences !== null;
  let day = counting ? start : Math.max(start, from);
  let index = 0;
  let misses = 0;
  for (; day <= until && misses < GIVE_UP_AFTER_DAYS; day++) {
    if (!matches(rec, day, start)) {
      misses++;
      continue;
    }
    misses = 0;
    index++;
    if (counting && index > t.maxOccurrences!) return;
    if (day >= from) yield slotOn(t, dateOfEpochDay(day), counting ? index : 0);
  }
}

export interface NextOptions {
  /** Only slots on a later local date than this (recurring schedules happen once a day at most). */
  afterDate?: string;
}

/** The first `count` slots strictly after the instant `afterMs`. */
export function nextSlots(t: ScheduleTiming, afterMs: number, count: number, opts: NextOptions = {}): Slot[] {
  const out: Slot[] = [];
  if (count <= 0) return out;
  // A slot on the previous local date can't be later than afterMs, short of a DST gap at
  // midnight; starting a day early covers that too.
  const from = dateOfEpochDay(epochDay(localDate(afterMs, t.timeZone)) - 1);
  for (const s of slotsFrom(t, from)) {
    if (s.atMs <= afterMs || (opts.afterDate && s.date <= opts.afterDate)) continue;
    out.push(s);
    if (out.length >= count) break;
  }
  return out;
}
