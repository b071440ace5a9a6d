// When a call may ring. Two windows apply, each on its own wall clock:
//  - the legal calling window (08:00–21:00) at the callee's local time;
//  - the user's own quiet hours (users.quiet_start/quiet_end) on the user's clock. A window
//    whose start is after its end wraps midnight (22:00–07:00); equal bounds mean none.
// An occurrence inside either is moved to the next instant both allow, or skipped, per the
// schedule's policy. A move may not pass `limitMs` (the schedule's next occurrence, or a day).
import type { QuietPolicy, QuietRules, QuietWindow } from "./types.ts";
import { addDays, instantToLocal, secondsOf, wallClockToInstant } from "./wall-clock.ts";

export type QuietReason = "legal" | "user";

function insideWindow(second: number, w: QuietWindow): boolean {
  const s = secondsOf(w.start);
  const e = secondsOf(w.end);
  if (s === e) return false;
  return s < e ? second >= s && second < e : second >= s || second < e;
}

export function quietReason(ms: number, rules: QuietRules): QuietReason | null {
  if (!insideWindow(instantToLocal(ms, rules.calleeZone).secondOfDay, rules.legal)) return "legal";
  if (rules.userQuiet && insideWindow(instantToLocal(ms, rules.userZone).secondOfDay, rules.userQuiet)) return "user";
  return null;
}

/** The next instant after `ms` at which `zone`'s wall clock reads `time`. */
function nextWallClock(ms: number, time: string, zone: string): number {
  const today = instantToLocal(ms, zone).date;
  const t = wallClockToInstant(today, time, zone).ms;
  return t > ms ? t : wallClockToInstant(addDays(today, 1), time, zone).ms;
}

/** The first instant at or after `ms` that neither window forbids; null if none before `limitMs`. */
export function nextAllowed(ms: number, rules: QuietRules, limitMs: number): number | null {
  let t = ms;
  // Each step jumps to a window's end; two windows can't bounce more than a few times a day.
  for (let i = 0; i < 8 && t < limitMs; i++) {
    const why = quietReason(t, rules);
    if (why === null) return t;
    t = why === "legal" ? nextWallClock(t, rules.legal.start, rules.calleeZone) : nextWallClock(t, rules.userQuiet!.end, rules.userZone);
  }
  return null;
}

export type QuietDecision =
  | { kind: "ok"; atMs: number }
  | { kind: "moved"; atMs: number; fromMs: number; reason: QuietReason }
  | { kind: "skipped"; reason: QuietReason; detail: string };

const REASON_TEXT: Record<QuietReason, string> = { legal: "outside 08:00–21:00 at the callee's local time", user: "inside your quiet hours" };

export function explainQuiet(reason: QuietReason): string {
  return REASON_TEXT[reason];
}

export function applyQuietPolicy(ms: number, rules: QuietRules, policy: QuietPolicy, limitMs: number): QuietDecision {
  const why = quietReason(ms, rules);
  if (why === null) return { kind: "ok", atMs: ms };
  if (policy === "skip") return { kind: "skipped", reason: why, detail: `Skipped: ${REASON_TEXT[why]}` };
  const at = nextAllowed(ms, rules, limitMs);
  if (at === null) return { kind: "skipped", reason: why, detail: `Skipped: ${REASON_TEXT[why]}, and no allowed time before the next call` };
  return { kind: "moved", atMs: at, fromMs: ms, reason: why };
}
