// A schedule's next occurrences as the app shows them: what the agenda already planned (with
// snoozes, moves and retries) followed by the slots it will plan, previewed with the same
// rules. Recurring schedules continue after the last planned date, as the planner does.
import { previewOccurrences } from "../../core/schedule/preview.ts";
import { quietRulesFor } from "./planner.ts";
import type { RunStatus, ScheduleRecord, UserSettings } from "./records.ts";
import type { AgendaStore } from "./store.ts";

export interface UpcomingItem {
  key: string;
  at: string;
  status: Extract<RunStatus, "pending" | "dialing" | "retry_wait"> | "planned" | "will_skip";
  detail: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function upcomingOf(store: AgendaStore, s: ScheduleRecord, settings: UserSettings | null, nowMs: number, count: number): UpcomingItem[] {
  const open: UpcomingItem[] = store
    .occurrencesOf(s.id)
    .filter((o) => o.fireMs !== null)
    .map((o) => ({ key: o.key, at: iso(o.dueMs), status: o.plannedSkip && o.status === "pending" ? ("will_skip" as const) : (o.status as UpcomingItem["status"]), detail: o.detail }));
  if (s.paused || open.length >= count) return open.slice(0, count);
  const recurring = s.timing.recurrence.kind !== "once";
  const after = Math.max(nowMs, s.plannedMs ?? -Infinity);
  const more = previewOccurrences(s.timing, quietRulesFor(s, settings), s.quietPolicy, after, count - open.length, {
    afterDate: recurring ? (s.plannedDate ?? undefined) : undefined,
  }).filter((p) => !open.some((o) => o.key === p.slot.key));
  return [...open, ...more.map((p) => ({ key: p.slot.key, at: iso(p.atMs ?? p.slot.atMs), status: p.kind === "skipped" ? ("will_skip" as const) : ("planned" as const), detail: p.kind === "ok" ? null : p.detail }))];
}
