// Following up an attempt that was dialed (or meant to be). Normally the CallSession reports
// the outcome through afterCall; this is the path for when it didn't: a crash between the
// dial intent and the call, a call row whose Twilio SID was never written, a lost webhook.
import { formatWhen } from "../../core/schedule/format.ts";
import { still, TIMING, type EngineContext } from "./context.ts";
import { attemptKey, dialAttempt, placed } from "./dial.ts";
import { outcomeOfRow } from "./outcomes.ts";
import type { CallFacts } from "./ports.ts";
import type { Occurrence, ScheduleRecord } from "./records.ts";
import { closeOccurrence, recordOutcome } from "./settle.ts";

export async function watch(ctx: EngineContext, o: Occurrence, s: ScheduleRecord | undefined): Promise<void> {
  const now = ctx.clock();
  if (o.callId === null) return redial(ctx, o, s, now);
  const call = await ctx.desk.inspect(o.callId);
  const cur = still(ctx, o);
  if (!cur) return;
  if (!call) return closeOccurrence(ctx.store, cur, "failed", "call_missing", "The call's record disappeared", now);
  const done = outcomeOfRow(call);
  if (done) return void recordOutcome(ctx.store, cur, done, now);
  if (!call.twilioCallSid) return resolveDoubt(ctx, cur, call, s, now);
  const waited = now - (cur.dialStartedMs ?? now);
  // Past the ring timeout (or, once answered, the paid length) ask Twilio: a lost webhook.
  const expected = call.status === "in_progress" ? call.purchasedSeconds * 1000 + TIMING.firstCheckMs : TIMING.firstCheckMs;
  if (waited >= expected) {
    const st = await ctx.desk.twilioStatus(call.twilioCallSid);
    if (st && ["completed", "busy", "no-answer", "failed", "canceled"].includes(st)) {
      await ctx.desk.settleFromTwilio(call, st);
      const after = await ctx.desk.inspect(call.id);
      const out = after && outcomeOfRow(after);
      const again = still(ctx, cur);
      if (out && again) return void recordOutcome(ctx.store, again, out, ctx.clock());
    }
  }
  const again = still(ctx, cur);
  if (!again) return;
  if (waited > call.purchasedSeconds * 1000 + TIMING.giveUpAfterMs) {
    return closeOccurrence(ctx.store, again, "failed", "no_outcome", "No outcome was ever reported for this call", now);
  }
  ctx.store.putOccurrence({ ...again, tries: 0, fireMs: now + TIMING.checkEveryMs, updatedMs: now });
}

/** The intent was written but not the call: repeat the same attempt — same key, same call. */
async function redial(ctx: EngineContext, o: Occurrence, s: ScheduleRecord | undefined, now: number): Promise<void> {
  const late = now - (o.dialStartedMs ?? now) > TIMING.lateLimitMs;
  if (s && !late) return dialAttempt(ctx, o, s);
  // Too late (or the schedule is gone) to dial now; keep the call if the attempt made one.
  const call = await ctx.desk.byKey(ctx.userId, attemptKey(o.scheduleId, o.key, o.attempt));
  const cur = still(ctx, o);
  if (!cur) return;
  if (call) return placed(ctx, cur, call);
  closeOccurrence(ctx.store, cur, "skipped", "late", `Skipped: the call was due ${formatWhen(o.dueMs, s?.timing.timeZone ?? "UTC")} and could not be placed in time`, now);
}

/**
 * A call row without a Twilio SID. Either the dial reached Twilio and the crash ate its
 * answer (Twilio lists an unclaimed call to the number: adopt it), or it never got there
 * (nothing listed after a grace period for a slow request: fail the row, release its credits
 * and dial the next attempt — not counted as unanswered, since the phone never rang).
 */
async function resolveDoubt(ctx: EngineContext, o: Occurrence, call: CallFacts, s: ScheduleRecord | undefined, now: number): Promise<void> {
  const found = call.toE164 ? await ctx.desk.unclaimedAtTwilio(call.toE164, call.createdAt) : undefined;
  if (found) {
    await ctx.desk.adopt(call, found.sid, found.status);
    const cur = still(ctx, o);
    if (cur) ctx.store.putOccurrence({ ...cur, doubtSinceMs: null, tries: 0, fireMs: now + TIMING.firstCheckMs, updatedMs: now });
    return;
  }
  const since = o.doubtSinceMs ?? now;
  if (now - since < TIMING.doubtGraceMs) {
    ctx.store.putOccurrence({ ...o, doubtSinceMs: since, fireMs: since + TIMING.doubtGraceMs, updatedMs: now });
    return;
  }
  await ctx.desk.abandon(call, "dial_lost");
  const cur = still(ctx, o);
  if (!cur) return;
  const next: Occurrence = {
    ...cur,
    attempt: cur.attempt + 1,
    callId: null,
    doubtSinceMs: null,
    dialStartedMs: now,
    fireMs: now,
    attemptLog: [...cur.attemptLog, { attempt: cur.attempt, callId: call.id, outcome: "lost", at: new Date(now).toISOString() }],
    updatedMs: now,
  };
  ctx.store.putOccurrence(next);
  if (s && !s.paused) await dialAttempt(ctx, next, s);
  else closeOccurrence(ctx.store, next, "canceled", "paused", "Paused before the call could be placed", now);
}
