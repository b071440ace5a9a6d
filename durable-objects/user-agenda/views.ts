// What the agenda answers over RPC: plain JSON views of schedules and occurrences.
import type { Recurrence } from "../../core/schedule/types.ts";
import type { Occurrence, RunStatus, ScheduleRecord, UserSettings } from "./records.ts";
import type { AgendaStore } from "./store.ts";
import { upcomingOf, type UpcomingItem } from "./upcoming.ts";

export type { UpcomingItem };

export interface OccurrenceView {
  scheduleId: string;
  key: string;
  status: RunStatus;
  dueAt: string;
  attempts: number;
  outcome: string | null;
  detail: string | null;
  callId: string | null;
  runId: string;
}

export interface ScheduleView {
  id: string;
  personaId: string;
  phoneNumberId: string;
  lengthSeconds: number;
  localTime: string;
  timeZone: string;
  recurrence: Recurrence;
  untilDate: string | null;
  maxOccurrences: number | null;
  retryMax: number;
  retryIntervalMinutes: number;
  quietPolicy: "move" | "skip";
  calleeZone: string;
  source: "app" | "voice";
  paused: boolean;
  state: "active" | "paused" | "finished";
  createdAt: string;
  updatedAt: string;
  /** Occurrences still to happen or happening (the next planned one, retries, calls ringing). */
  open: OccurrenceView[];
  /** The next few, planned or previewed (upcoming.ts). */
  next: UpcomingItem[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function occurrenceView(o: Occurrence): OccurrenceView {
  return { scheduleId: o.scheduleId, key: o.key, status: o.status, dueAt: iso(o.dueMs), attempts: o.attempt, outcome: o.outcome, detail: o.detail, callId: o.callId, runId: o.runId };
}

export interface ViewOptions {
  settings: UserSettings | null;
  nowMs: number;
  /** How many upcoming occurrences to include. */
  next: number;
}

export function scheduleView(store: AgendaStore, s: ScheduleRecord, opts: ViewOptions): ScheduleView {
  const open = store.occurrencesOf(s.id).filter((o) => o.fireMs !== null);
  return {
    id: s.id,
    personaId: s.personaId,
    phoneNumberId: s.phoneNumberId,
    lengthSeconds: s.lengthSeconds,
    localTime: s.timing.localTime,
    timeZone: s.timing.timeZone,
    recurrence: s.timing.recurrence,
    untilDate: s.timing.untilDate,
    maxOccurrences: s.timing.maxOccurrences,
    retryMax: s.retryMax,
    retryIntervalMinutes: s.retryIntervalMinutes,
    quietPolicy: s.quietPolicy,
    calleeZone: s.calleeZone,
    source: s.source,
    paused: s.paused,
    state: s.paused ? "paused" : open.length ? "active" : "finished",
    createdAt: iso(s.createdMs),
    updatedAt: iso(s.updatedMs),
    open: open.map(occurrenceView),
    next: upcomingOf(store, s, opts.settings, opts.nowMs, opts.next),
  };
}
