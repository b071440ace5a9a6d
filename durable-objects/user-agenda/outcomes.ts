// What one attempt's end means for its occurrence. Pure: the engine applies the decision.
import type { CallStatus } from "../../core/db/calls.ts";
import type { RunStatus } from "./records.ts";

export type AttemptOutcome = "answered" | "busy" | "no_answer" | "voicemail" | "failed";

/** How a finished call (as its CallSession reports it in afterCall) went. */
export function outcomeOfReport(r: { answered: boolean; status: CallStatus; endReason: string }): AttemptOutcome {
  if (r.answered) return "answered";
  if (r.endReason === "voicemail") return "voicemail";
  if (r.status === "busy") return "busy";
  if (r.status === "failed") return "failed";
  return "no_answer";
}

const FINAL: readonly CallStatus[] = ["completed", "busy", "no_answer", "failed", "canceled"];

/** The same from a call row (the watchdog's view when a report never came); null while live. */
export function outcomeOfRow(c: { status: CallStatus; answeredAt: string | null; endReason: string | null }): AttemptOutcome | null {
  if (!FINAL.includes(c.status)) return null;
  return outcomeOfReport({ answered: c.answeredAt !== null && c.endReason !== "voicemail", status: c.status, endReason: c.endReason ?? c.status });
}

export interface RetryPolicy {
  retryMax: number;
  retryIntervalMinutes: number;
}

export type AfterAttempt = { kind: "settled"; status: Extract<RunStatus, "answered" | "missed" | "failed"> } | { kind: "retry"; atMs: number };

/**
 * Answered ends the occurrence. Busy, no answer, voicemail and failed dials are retried while
 * the policy allows (`unanswered` counts this attempt too); then the occurrence is missed —
 * or failed, when the last attempt never reached the phone.
 */
export function afterAttempt(outcome: AttemptOutcome, unanswered: number, policy: RetryPolicy, nowMs: number, canRetry: boolean): AfterAttempt {
  if (outcome === "answered") return { kind: "settled", status: "answered" };
  if (canRetry && unanswered <= policy.retryMax) return { kind: "retry", atMs: nowMs + policy.retryIntervalMinutes * 60_000 };
  return { kind: "settled", status: outcome === "failed" ? "failed" : "missed" };
}

const WORDS: Record<AttemptOutcome, string> = { answered: "answered", busy: "busy", no_answer: "no answer", voicemail: "voicemail", failed: "failed" };

export function describeOutcome(o: string): string {
  return WORDS[o as AttemptOutcome] ?? o;
}
