// A schedule in words, for lists: "Weekdays at 07:30", "Tue and Thu at 19:30",
// "Every 3 days at 08:00", "Once on Wed 15 Jul at 08:00", with "until 31 Dec" or "5 times".
import { epochDay, isoWeekday } from "./calendar.ts";
import type { ScheduleTiming } from "./types.ts";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function day(date: string, withWeekday = false): string {
  const [, m, d] = date.split("-").map(Number);
  return `${withWeekday ? `${DAYS[isoWeekday(epochDay(date)) - 1]} ` : ""}${d} ${MONTHS[m - 1]}`;
}

function list(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

export function describeTiming(t: ScheduleTiming): string {
  const at = t.localTime.endsWith(":00") && t.localTime.length === 8 ? t.localTime.slice(0, 5) : t.localTime;
  const r = t.recurrence;
  let s: string;
  switch (r.kind) {
    case "once":
      return `Once on ${day(r.date, true)} at ${at}`;
    case "daily":
      s = `Every day at ${at}`;
      break;
    case "weekdays":
      s = `Weekdays at ${at}`;
      break;
    case "weekly":
      s = `${list([...r.days].sort().map((d) => DAYS[d - 1]))} at ${at}`;
      break;
    case "every_n_days":
      s = `Every ${r.n} days at ${at}`;
      break;
    default: {
      const never: never = r;
      return never;
    }
  }
  if (t.untilDate) s += `, until ${day(t.untilDate)}`;
  if (t.maxOccurrences) s += `, ${t.maxOccurrences} time${t.maxOccurrences === 1 ? "" : "s"}`;
  return s;
}
