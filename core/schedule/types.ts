// What a schedule is, independent of where it is stored: a local wall-clock time in an IANA
// zone plus a rule saying on which local dates it happens. Dates are ISO "YYYY-MM-DD" and
// times "HH:MM" (or "HH:MM:SS") on the schedule's own wall clock; weekdays are ISO (1 = Monday).

export type Recurrence =
  | { kind: "once"; date: string }
  | { kind: "daily"; start: string }
  | { kind: "weekdays"; start: string }
  | { kind: "weekly"; days: number[]; start: string }
  | { kind: "every_n_days"; n: number; start: string };

export type RecurrenceKind = Recurrence["kind"];

export interface ScheduleTiming {
  localTime: string;
  timeZone: string;
  recurrence: Recurrence;
  /** Last local date (inclusive) on which the schedule may happen. */
  untilDate: string | null;
  /** At most this many occurrences, counted from the recurrence's first date. */
  maxOccurrences: number | null;
}

/** One occurrence as the recurrence defines it, before quiet hours. */
export interface Slot {
  /** The local date-time as scheduled ("2027-03-14T07:30"): the occurrence's identity. */
  key: string;
  date: string;
  /** The instant it falls on (DST rules of wall-clock.ts applied). */
  atMs: number;
  /** 1-based position among the schedule's occurrences (for "N times"). */
  index: number;
}

export type QuietPolicy = "move" | "skip";

export interface QuietWindow {
  start: string;
  end: string;
}

/**
 * Who may be called when. The user's own quiet window is read on the user's wall clock; the
 * legal calling window on the callee's (see callee-zone.ts for how that zone is chosen).
 */
export interface QuietRules {
  userZone: string;
  userQuiet: QuietWindow | null;
  calleeZone: string;
  legal: QuietWindow;
}

export const LEGAL_WINDOW: QuietWindow = { start: "08:00", end: "21:00" };
