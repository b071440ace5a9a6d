// How instants are shown to people: on their own wall clock, with the zone named, so
// "Tue 19:30, Europe/Berlin" means the same thing to the user and to support.
import { instantToLocal } from "./wall-clock.ts";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function clock(time: string): string {
  return time.endsWith(":00") ? time.slice(0, 5) : time;
}

/** "Tue 19:30, Europe/Berlin" */
export function formatWhen(ms: number, zone: string): string {
  const l = instantToLocal(ms, zone);
  return `${DAYS[l.dayOfWeek - 1]} ${clock(l.time)}, ${zone}`;
}

/** "Tue 8 Dec, 19:30, Europe/Berlin" — for lists that span more than a week. */
export function formatWhenDated(ms: number, zone: string): string {
  const l = instantToLocal(ms, zone);
  const [, m, d] = l.date.split("-").map(Number);
  return `${DAYS[l.dayOfWeek - 1]} ${d} ${MONTHS[m - 1]}, ${clock(l.time)}, ${zone}`;
}

const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function weekdayName(isoDay: number): string {
  return WEEKDAY_NAMES[isoDay - 1];
}
