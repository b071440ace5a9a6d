// What the agenda keeps per schedule and per occurrence (its SQLite rows, decoded).
import type { AttemptLogEntry, RunStatus } from "../../core/db/schedules.ts";
import type { QuietPolicy, ScheduleTiming } from "../../core/schedule/types.ts";

export type { AttemptLogEntry, RunStatus };

export interface ScheduleSpec {
  personaId: string;
  phoneNumberId: string;
  lengthSeconds: number;
  timing: ScheduleTiming;
  retryMax: number;
  retryIntervalMinutes: number;
  quietPolicy: QuietPolicy;
  /** The zone the legal calling window is read in (core/schedule/callee-zone.ts). */
  calleeZone: string;
  source: "app" | "voice";
}

export interface ScheduleRecord extends ScheduleSpec {
  id: string;
  paused: boolean;
  createdMs: number;
  updatedMs: number;
  /** The last slot planned: planning continues strictly after it. */
  plannedMs: number | null;
  plannedDate: string | null;
}

/** Occurrences the agenda still has to act on. */
export const OPEN: readonly RunStatus[] = ["pending", "dialing", "retry_wait"];
export const isOpen = (s: RunStatus) => OPEN.includes(s);

export interface Occurrence {
  scheduleId: string;
  /** The local date-time as scheduled: with the schedule id, the occurrence's identity. */
  key: string;
  slotMs: number;
  /** When it rings (or rang): the slot after a quiet-hours move, a snooze or a retry's wait. */
  dueMs: number;
  /** When the agenda acts on it next (null once it is settled). */
  fireMs: number | null;
  status: RunStatus;
  /** Dials started so far; attempt n dials with the idempotency key of n. */
  attempt: number;
  /** Attempts nobody answered: these are what the retry policy counts. */
  unanswered: number;
  callId: string | null;
  dialStartedMs: number | null;
  /** The call row exists but Twilio's answer to the dial was never recorded (a crash in between). */
  doubtSinceMs: number | null;
  /** Passes that started work on this occurrence: survives crashes, so a poison pill ends. */
  tries: number;
  runId: string;
  outcome: string | null;
  detail: string | null;
  attemptLog: AttemptLogEntry[];
  /** Planned to be skipped (quiet hours, skip policy or no allowed time before the next): recorded as skipped when due. */
  plannedSkip?: boolean;
  /** An outcome reported before this pass wrote down the call it belongs to (a very fast busy). */
  earlyOutcome?: { callId: string; outcome: string } | null;
  updatedMs: number;
}

export interface UserSettings {
  timeZone: string;
  quietStart: string | null;
  quietEnd: string | null;
}
