// Changes people make to their agenda (in the app or by voice), applied to storage. The
// caller (the DO shell) mirrors and re-arms the alarm afterwards.
import type { AgendaStore } from "./store.ts";
import { replan, planSchedule } from "./planner.ts";
import type { ScheduleRecord, ScheduleSpec, UserSettings } from "./records.ts";

export function createSchedule(store: AgendaStore, spec: ScheduleSpec, settings: UserSettings | null, nowMs: number): ScheduleRecord {
  const s: ScheduleRecord = { ...spec, id: crypto.randomUUID(), paused: false, createdMs: nowMs, updatedMs: nowMs, plannedMs: null, plannedDate: null };
  store.putSchedule(s);
  planSchedule(store, s, settings, nowMs);
  return store.schedule(s.id)!;
}

/** Replace a schedule's settings; occurrences that haven't started are planned afresh. */
export function updateSchedule(store: AgendaStore, id: string, spec: ScheduleSpec, settings: UserSettings | null, nowMs: number): ScheduleRecord | undefined {
  const old = store.schedule(id);
  if (!old) return undefined;
  const s = replan(store, { ...old, ...spec, source: old.source, updatedMs: nowMs });
  store.putSchedule(s);
  planSchedule(store, s, settings, nowMs);
  return store.schedule(id);
}

export function setPaused(store: AgendaStore, id: string, paused: boolean, settings: UserSettings | null, nowMs: number, why = paused ? "Paused" : ""): ScheduleRecord | undefined {
  const old = store.schedule(id);
  if (!old) return undefined;
  if (old.paused === paused) return old;
  const s = replan(store, { ...old, paused, updatedMs: nowMs });
  if (paused) {
    // A retry waiting for its turn is not made; a call ringing right now goes on.
    for (const o of store.occurrencesOf(id)) {
      if (o.status === "retry_wait") store.putOccurrence({ ...o, status: "canceled", fireMs: null, outcome: "paused", detail: why, updatedMs: nowMs });
    }
  }
  store.putSchedule(s);
  planSchedule(store, s, settings, nowMs);
  return store.schedule(id);
}
