// Dialing one occurrence, exactly once per attempt. The order is what makes a re-run alarm
// safe: (1) write the intent — status "dialing", the attempt number — to storage; (2) place
// the call with the idempotency key derived from (schedule, occurrence, attempt), which the
// calls table holds unique per user, so placing it again returns the same call and dials
// nothing; (3) write down the call. A crash before (1) re-runs the whole step; after (1), the
// next pass finds "dialing" without a call and repeats (2) with the same key.
import { applyQuietPolicy, quietReason } from "../../core/schedule/quiet-hours.ts";
import { MAX_MOVE_MS } from "../../core/schedule/preview.ts";
import { formatWhen } from "../../core/schedule/format.ts";
import { fault, still, TIMING, type EngineContext } from "./context.ts";
import { outcomeOfRow, type AttemptOutcome } from "./outcomes.ts";
import { quietRulesFor } from "./planner.ts";
import type { CallFacts } from "./ports.ts";
import type { Occurrence, ScheduleRecord } from "./records.ts";
import { closeOccurrence, recordOutcome } from "./settle.ts";

export const attemptKey = (scheduleId: string, key: string, attempt: number) => `agenda:${scheduleId}:${key}:${attempt}`;

/** An occurrence whose time has come (pending, or waiting for a retry). */
export async function fire(ctx: EngineContext, o: Occurrence, s: ScheduleRecord | undefined): Promise<void> {
  const now = ctx.clock();
  if (!s || s.paused) return closeOccurrence(ctx.store, o, "canceled", "paused", s ? "Paused" : "Schedule deleted", now);
  if (o.fireMs !== null && now - o.fireMs > TIMING.lateLimitMs) {
    return closeOccurrence(ctx.store, o, "skipped", "late", `Skipped: the call was due ${formatWhen(o.fireMs, s.timing.timeZone)} and could not be placed in time`, now);
  }
  if (o.plannedSkip && o.status === "pending") return closeOccurrence(ctx.store, o, "skipped", "quiet_hours", o.detail ?? "Skipped: quiet hours", now);
  // Quiet hours are checked again with today's settings: they may have changed since planning.
  const at = Math.max(now, o.fireMs ?? now);
  const rules = quietRulesFor(s, ctx.store.settings());
  if (quietReason(at, rules)) {
    const d = applyQuietPolicy(at, rules, o.status === "pending" ? s.quietPolicy : "skip", at + MAX_MOVE_MS);
    if (d.kind === "moved") return ctx.store.putOccurrence({ ...o, fireMs: d.atMs, dueMs: d.atMs, detail: `Moved to ${formatWhen(d.atMs, rules.userZone)} (quiet hours)`, updatedMs: now });
    if (d.kind === "skipped") return closeOccurrence(ctx.store, o, o.status === "pending" ? "skipped" : "missed", "quiet_hours", d.detail, now);
  }
  fault(ctx, "before-intent", o);
  // fire_ms = now: a crash from here on is picked up by the very next pass.
  const intent: Occurrence = { ...o, status: "dialing", attempt: o.attempt + 1, callId: null, dialStartedMs: now, doubtSinceMs: null, fireMs: now, dueMs: o.status === "pending" ? o.dueMs : at, updatedMs: now };
  ctx.store.putOccurrence(intent);
  fault(ctx, "after-intent", intent);
  await dialAttempt(ctx, intent, s);
}

/** Place (or find again) the call of the occurrence's current attempt and record it. */
export async function dialAttempt(ctx: EngineContext, o: Occurrence, s: ScheduleRecord): Promise<void> {
  const result = await ctx.desk.dial({
    userId: ctx.userId,
    personaId: s.personaId,
    phoneNumberId: s.phoneNumberId,
    lengthSeconds: s.lengthSeconds,
    idempotencyKey: attemptKey(o.scheduleId, o.key, o.attempt),
    scheduleRunId: o.runId,
    attempt: o.attempt,
    // Woken early (leadMs): placeCall prepares now and dials at the due instant.
    dialAt: o.dueMs > ctx.clock() ? Date.now() + (o.dueMs - ctx.clock()) : undefined,
  });
  fault(ctx, "after-dial", o);
  const cur = still(ctx, o);
  if (!cur) return; // deleted or settled meanwhile; the call, if any, goes on by itself
  const now = ctx.clock();
  if (result.kind === "placed") placed(ctx, cur, result.call);
  else {
    switch (result.refusal) {
      case "budget":
        closeOccurrence(ctx.store, cur, "skipped", result.code, `Skipped: ${result.message}`, now);
        break;
      case "line_busy":
        recordOutcome(ctx.store, cur, "busy", now);
        break;
      case "invalid":
        closeOccurrence(ctx.store, cur, "failed", result.code, result.message, now);
        break;
      case "account_gone":
        ctx.accountGone();
        break;
      default: {
        const never: never = result.refusal;
        throw new Error(`unknown refusal ${String(never)}`);
      }
    }
  }
  fault(ctx, "after-record", o);
}

/** Record the attempt's call; an already-final call (a re-run found it) settles at once. */
export function placed(ctx: EngineContext, o: Occurrence, call: CallFacts): void {
  const now = ctx.clock();
  const withCall: Occurrence = { ...o, callId: call.id, tries: 0, earlyOutcome: null, updatedMs: now };
  const early = o.earlyOutcome?.callId === call.id ? (o.earlyOutcome.outcome as AttemptOutcome) : null;
  const done = early ?? outcomeOfRow(call);
  if (done) {
    recordOutcome(ctx.store, withCall, done, now);
    return;
  }
  // A row without a SID: placeCall found the key's row from a pass that crashed before (or
  // while) dialing. Whether Twilio got the dial is settled by watch.ts after a grace period.
  if (!call.twilioCallSid) {
    const since = o.doubtSinceMs ?? now;
    ctx.store.putOccurrence({ ...withCall, doubtSinceMs: since, fireMs: since + TIMING.doubtGraceMs });
    return;
  }
  ctx.store.putOccurrence({ ...withCall, doubtSinceMs: null, fireMs: now + TIMING.firstCheckMs });
}
