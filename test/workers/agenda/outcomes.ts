// Ending a scheduled call the way production does: Twilio's final status reaches the
// CallSession, which settles the call and reports to the agenda through afterCall. An
// answered call needs a media stream to count as answered; the tests mark the row answered
// and report as the CallSession would.
import { env } from "cloudflare:workers";
import { callStub } from "../../../worker/calls/stubs.ts";
import { agenda, db } from "./harness.ts";

export async function endUnanswered(callId: string, status: "busy" | "no_answer"): Promise<void> {
  await callStub(env, callId).ended(status, status);
}

export async function endAnswered(userId: string, callId: string, runId: string, endReason = "completed"): Promise<void> {
  await db().query("update calls set status = 'completed', answered_at = now(), ended_at = now(), end_reason = $2 where id = $1", [callId, endReason]);
  await agenda(userId).report(userId, { callId, scheduleRunId: runId, answered: endReason !== "voicemail", status: "completed", endReason });
}

/** Wait for the agenda to have taken in a report (afterCall runs after the CallSession's RPC returns). */
export async function until<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
