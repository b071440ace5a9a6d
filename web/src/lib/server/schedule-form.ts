// Reading the schedule editor's form, and filling it from a stored schedule or defaults.
import type { ScheduleListItem } from "$core/db/schedules.ts";
import { localDate } from "$core/schedule/wall-clock.ts";
import { FIELDS, type ScheduleFields } from "../schedule-form.ts";
import { text } from "./forms.ts";

export function readScheduleForm(data: FormData): ScheduleFields {
  const f = Object.fromEntries(FIELDS.map((k) => [k, text(data, k)])) as ScheduleFields;
  // Checkboxes named "day" (one per weekday) become the "days" list.
  f.days = data
    .getAll("day")
    .filter((d): d is string => typeof d === "string")
    .join(",");
  return f;
}

export function fieldsOf(s: ScheduleListItem): ScheduleFields {
  const r = s.recurrence;
  return {
    personaId: s.personaId,
    phoneNumberId: s.phoneNumberId,
    lengthSeconds: String(s.lengthSeconds),
    localTime: s.localTime,
    timeZone: s.timeZone,
    kind: r.kind,
    date: r.kind === "once" ? r.date : "",
    days: r.kind === "weekly" ? r.days.join(",") : "",
    n: r.kind === "every_n_days" ? String(r.n) : "3",
    start: r.kind === "once" ? "" : r.start,
    untilDate: s.untilDate ?? "",
    maxOccurrences: s.maxOccurrences === null ? "" : String(s.maxOccurrences),
    retryMax: String(s.retryMax),
    retryIntervalMinutes: String(s.retryIntervalMinutes),
    quietPolicy: s.quietPolicy,
  };
}

export function newFields(timeZone: string, personaId = "", phoneNumberId = ""): ScheduleFields {
  return {
    personaId,
    phoneNumberId,
    lengthSeconds: "300",
    localTime: "08:00",
    timeZone,
    kind: "daily",
    date: localDate(Date.now(), timeZone),
    days: "",
    n: "3",
    start: "",
    untilDate: "",
    maxOccurrences: "",
    retryMax: "2",
    retryIntervalMinutes: "10",
    quietPolicy: "move",
  };
}
