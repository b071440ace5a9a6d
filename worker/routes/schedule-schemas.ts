// The schedules API's shapes: one zod schema each, validating requests and documenting them.
import { isIsoDate } from "../../core/schedule/calendar.ts";
import { CALL_LENGTHS } from "../../core/pricing.ts";
import { isValidTimeZone } from "../../core/time-zone.ts";
import { z } from "../openapi.ts";

const IsoDate = z.string().refine(isIsoDate, "use YYYY-MM-DD");
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, "use HH:MM (24-hour)");

export const RecurrenceInput = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("once"), date: IsoDate }),
    z.strictObject({ kind: z.literal("daily"), start: IsoDate.optional() }),
    z.strictObject({ kind: z.literal("weekdays"), start: IsoDate.optional() }),
    z.strictObject({ kind: z.literal("weekly"), days: z.array(z.number().int().min(1).max(7)).min(1, "pick at least one day").max(7), start: IsoDate.optional() }),
    z.strictObject({ kind: z.literal("every_n_days"), n: z.number().int().min(2).max(365), start: IsoDate.optional() }),
  ])
  .openapi("Recurrence", { description: "ISO weekdays: 1 = Monday … 7 = Sunday. `start` defaults to today in the schedule's zone." });

export const ScheduleInput = z
  .strictObject({
    personaId: z.string().min(1).max(64),
    phoneNumberId: z.uuid(),
    lengthSeconds: z
      .number()
      .int()
      .refine((n) => (CALL_LENGTHS as readonly number[]).includes(n), `length must be one of ${CALL_LENGTHS.join(", ")} seconds`)
      .default(300),
    localTime: LocalTime,
    timeZone: z.string().refine(isValidTimeZone, "unknown IANA time zone").optional(),
    recurrence: RecurrenceInput,
    untilDate: IsoDate.nullable().optional(),
    maxOccurrences: z.number().int().min(1).max(1000).nullable().optional(),
    retryMax: z.number().int().min(0).max(5).default(2),
    retryIntervalMinutes: z.number().int().min(1).max(120).default(10),
    quietPolicy: z.enum(["move", "skip"]).default("move"),
  })
  .openapi("ScheduleInput", { description: "`timeZone` defaults to yours (account settings)." });

export type ScheduleInputBody = z.infer<typeof ScheduleInput>;

export const PreviewInput = ScheduleInput.partial({ personaId: true, phoneNumberId: true }).openapi("SchedulePreviewInput");

export const Upcoming = z
  .object({
    key: z.string().openapi({ description: "The occurrence's local date-time as scheduled" }),
    at: z.string(),
    label: z.string().openapi({ example: "Tue 19:30, Europe/Berlin", description: "When, on your clock" }),
    status: z.enum(["pending", "dialing", "retry_wait", "planned", "will_skip"]),
    detail: z.string().nullable(),
  })
  .openapi("UpcomingOccurrence");

export const Run = z
  .object({
    scheduleId: z.string(),
    key: z.string(),
    status: z.string(),
    at: z.string(),
    label: z.string(),
    attempts: z.number().int(),
    outcome: z.string().nullable(),
    detail: z.string().nullable(),
    callId: z.string().nullable(),
  })
  .openapi("ScheduleRun");

export const ScheduleOut = z
  .object({
    id: z.string(),
    personaId: z.string(),
    phoneNumberId: z.string(),
    lengthSeconds: z.number().int(),
    localTime: z.string(),
    timeZone: z.string(),
    recurrence: RecurrenceInput,
    untilDate: z.string().nullable(),
    maxOccurrences: z.number().int().nullable(),
    retryMax: z.number().int(),
    retryIntervalMinutes: z.number().int(),
    quietPolicy: z.enum(["move", "skip"]),
    calleeZone: z.string(),
    source: z.enum(["app", "voice"]),
    state: z.enum(["active", "paused", "finished"]),
    createdAt: z.string(),
    updatedAt: z.string(),
    next: z.array(Upcoming),
  })
  .openapi("Schedule");

export const UpcomingCall = Upcoming.extend({ scheduleId: z.string(), personaId: z.string(), lengthSeconds: z.number().int() }).openapi("UpcomingCall");
