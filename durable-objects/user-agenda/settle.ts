// Writing down how an attempt ended, and what happens next: a retry after the policy's wait
// (unless that falls in quiet hours), or the occurrence's final status.
import { quietReason, explainQuiet } from "../../core/schedule/quiet-hours.ts";
import { formatWhen } from "../../core/schedule/format.ts";
import { afterAttempt, describeOutcome, type AttemptOutcome } from "./outcomes.ts";
import { quietRulesFor } from "./planner.ts";
import type { Occurrence } from "./records.ts";
import type { AgendaStore } from "./store.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export function recordOutcome(store: AgendaStore, o: Occurrence, outcome: AttemptOutcome, nowMs: number, detail?: string): Occurrence {
  const s = store.schedule(o.scheduleId);
  const settings = store.settings();
  const unanswered = outcome === "answered" ? o.unanswered : o.unanswered + 1;
  const policy = s ?? { retryMax: 0, retryIntervalMinutes: 10 };
  const next = afterAttempt(outcome, unanswered, policy, nowMs, s !== undefined && !s.paused);
  const base: Occurrence = {
    ...o,
    unanswered,
    outcome,
    doubtSinceMs: null,
    tries: 0,
    attemptLog: [...o.attemptLog, { attempt: o.attempt, callId: o.callId, outcome, at: iso(nowMs) }],
    updatedMs: nowMs,
  };
  let upd: Occurrence;
  if (next.kind === "retry" && s) {
    const why = quietReason(next.atMs, quietRulesFor(s, settings));
    upd = why
      ? { ...base, status: "missed", fireMs: null, detail: `${cap(describeOutcome(outcome))}; no retry: ${explainQuiet(why)}` }
      : { ...base, status: "retry_wait", fireMs: next.atMs, dueMs: next.atMs, detail: `${cap(describeOutcome(outcome))}; trying again ${formatWhen(next.atMs, settings?.timeZone ?? s.timing.timeZone)}` };
  } else {
    const status = next.kind === "settled" ? next.status : "missed";
    upd = { ...base, status, fireMs: null, detail: detail ?? (status === "answered" ? null : `${cap(describeOutcome(outcome))} after ${o.attempt} attempt${o.attempt === 1 ? "" : "s"}`) };
  }
  store.putOccurrence(upd);
  return upd;
}

/** Settle without an attempt outcome (skipped, canceled, failed before dialing). */
export function closeOccurrence(store: AgendaStore, o: Occurrence, status: "skipped" | "canceled" | "failed" | "missed", outcome: string, detail: string, nowMs: number): void {
  store.putOccurrence({ ...o, status, outcome, detail, fireMs: null, doubtSinceMs: null, tries: 0, updatedMs: nowMs });
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
