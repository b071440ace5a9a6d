// The schedule editor's fields (all text, as a form submits them) and the API body they make.
// Shared by the form action (no JavaScript) and the live preview (fetch while typing), so both
// send the same thing.

export const FIELDS = ["personaId", "phoneNumberId", "lengthSeconds", "localTime", "timeZone", "kind", "date", "days", "n", "start", "untilDate", "maxOccurrences", "retryMax", "retryIntervalMinutes", "quietPolicy"] as const;
export type ScheduleFields = Record<(typeof FIELDS)[number], string>;

export const KINDS = [
  { value: "once", label: "Once" },
  { value: "daily", label: "Every day" },
  { value: "weekdays", label: "Weekdays" },
  { value: "weekly", label: "Weekly on…" },
  { value: "every_n_days", label: "Every N days" },
] as const;

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const num = (s: string) => (s.trim() === "" ? undefined : Number(s));
const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

function recurrence(f: ScheduleFields): Record<string, unknown> {
  const start = orNull(f.start) ?? undefined;
  switch (f.kind) {
    case "once":
      return { kind: "once", date: f.date };
    case "weekly":
      return { kind: "weekly", days: f.days.split(",").filter(Boolean).map(Number), start };
    case "every_n_days":
      return { kind: "every_n_days", n: num(f.n), start };
    case "weekdays":
      return { kind: "weekdays", start };
    default:
      return { kind: "daily", start };
  }
}

/** The JSON the schedules API takes. Blank optional fields are left to the API's defaults. */
export function scheduleBody(f: ScheduleFields): Record<string, unknown> {
  return {
    personaId: f.personaId,
    phoneNumberId: f.phoneNumberId,
    lengthSeconds: num(f.lengthSeconds),
    localTime: f.localTime,
    timeZone: orNull(f.timeZone) ?? undefined,
    recurrence: recurrence(f),
    untilDate: f.kind === "once" ? null : orNull(f.untilDate),
    maxOccurrences: f.kind === "once" ? null : (num(f.maxOccurrences) ?? null),
    retryMax: num(f.retryMax),
    retryIntervalMinutes: num(f.retryIntervalMinutes),
    quietPolicy: f.quietPolicy || undefined,
  };
}

/** The API names fields by path ("recurrence.days"); the form by input name ("days"). */
export function fieldErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k.startsWith("recurrence.") ? k.slice(11) : k] ??= v;
  return out;
}
