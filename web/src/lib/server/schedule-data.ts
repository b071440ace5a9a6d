// What the schedule pages and the dashboard show, from Neon's mirror of the agendas, with
// every time written on the user's own clock ("Tue 19:30, Europe/Berlin").
import { listOpenRuns, listRecentRuns, type RunListItem, type ScheduleListItem } from "$core/db/schedules.ts";
import type { Queryable } from "$core/db/pool.ts";
import { describeTiming } from "$core/schedule/describe.ts";
import { formatWhen, formatWhenDated } from "$core/schedule/format.ts";

export interface RunView {
  id: string;
  scheduleId: string;
  personaName: string;
  label: string;
  status: string;
  attempts: number;
  detail: string | null;
}

const ms = (v: string | Date) => new Date(v).getTime();

export function runView(r: RunListItem, zone: string, dated = false): RunView {
  return {
    id: r.id,
    scheduleId: r.scheduleId,
    personaName: r.personaName,
    label: (dated ? formatWhenDated : formatWhen)(ms(r.dueAt), zone),
    status: r.status,
    attempts: r.attempts,
    detail: r.detail,
  };
}

export function scheduleCard(s: ScheduleListItem, open: RunListItem[], zone: string) {
  const next = open.find((r) => r.scheduleId === s.id);
  return {
    id: s.id,
    personaName: s.personaName,
    e164: s.e164,
    words: describeTiming({ localTime: s.localTime, timeZone: s.timeZone, recurrence: s.recurrence, untilDate: s.untilDate, maxOccurrences: s.maxOccurrences }),
    timeZone: s.timeZone,
    minutes: s.lengthSeconds / 60,
    source: s.source,
    state: s.paused ? "paused" : s.nextDueAt ? "active" : "finished",
    next: next ? runView(next, zone, true) : null,
  };
}

/** The dashboard's view: the next calls, and what went wrong lately (skipped, missed, failed). */
export async function upcomingAndNotices(db: Queryable, userId: string, zone: string) {
  const [open, recent] = await Promise.all([listOpenRuns(db, userId, 5), listRecentRuns(db, userId, 7, 10)]);
  return {
    upcoming: open.map((r) => runView(r, zone, true)),
    notices: recent.filter((r) => ["skipped", "missed", "failed"].includes(r.status)).map((r) => runView(r, zone, true)),
  };
}
