// Keeps one occurrence waiting per active schedule: the next slot after the last one planned,
// with quiet hours applied (a skipped slot is recorded, then the one after is planned).
import { planSlot } from "../../core/schedule/preview.ts";
import { nextSlots } from "../../core/schedule/recurrence.ts";
import { LEGAL_WINDOW, type QuietRules } from "../../core/schedule/types.ts";
import type { Occurrence, ScheduleRecord, UserSettings } from "./records.ts";
import type { AgendaStore } from "./store.ts";

export function quietRulesFor(s: ScheduleRecord, settings: UserSettings | null): QuietRules {
  return {
    userZone: settings?.timeZone ?? s.timing.timeZone,
    userQuiet: settings?.quietStart && settings.quietEnd ? { start: settings.quietStart, end: settings.quietEnd } : null,
    calleeZone: s.calleeZone,
    legal: LEGAL_WINDOW,
  };
}

export function planSchedule(store: AgendaStore, schedule: ScheduleRecord, settings: UserSettings | null, nowMs: number): void {
  if (schedule.paused) return;
  if (store.occurrencesOf(schedule.id).some((o) => o.status === "pending")) return;
  const s = { ...schedule };
  const recurring = s.timing.recurrence.kind !== "once";
  // Recurring schedules ring at most once per local date, even after their time is edited.
  const [slot, following] = nextSlots(s.timing, Math.max(nowMs, s.plannedMs ?? -Infinity), 2, { afterDate: recurring ? (s.plannedDate ?? undefined) : undefined });
  if (slot) {
    const p = planSlot(slot, following, quietRulesFor(s, settings), s.quietPolicy);
    s.plannedMs = slot.atMs;
    s.plannedDate = slot.date;
    // A slot to skip is still planned for its time: it is recorded as skipped when it comes,
    // one record per slot, instead of a month of skips written in advance.
    const occ: Occurrence = {
      scheduleId: s.id,
      key: slot.key,
      slotMs: slot.atMs,
      dueMs: p.atMs ?? slot.atMs,
      fireMs: p.atMs ?? slot.atMs,
      status: "pending",
      attempt: 0,
      unanswered: 0,
      callId: null,
      dialStartedMs: null,
      doubtSinceMs: null,
      tries: 0,
      runId: crypto.randomUUID(),
      outcome: null,
      detail: p.kind === "ok" ? null : p.detail,
      plannedSkip: p.kind === "skipped",
      attemptLog: [],
      updatedMs: nowMs,
    };
    // A slot planned before (the same key) is never planned twice.
    if (!store.occurrence(s.id, slot.key)) store.putOccurrence(occ);
  }
  store.putSchedule(s);
}

/** After an edit: forget what hadn't started and plan again from the last slot that did. */
export function replan(store: AgendaStore, schedule: ScheduleRecord): ScheduleRecord {
  store.dropPending(schedule.id);
  const started = store.occurrencesOf(schedule.id);
  const last = started[started.length - 1];
  const once = schedule.timing.recurrence.kind === "once";
  return { ...schedule, plannedMs: once || !last ? null : last.slotMs, plannedDate: once || !last ? null : last.key.slice(0, 10) };
}
