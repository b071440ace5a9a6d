// The next occurrences of a schedule as they will actually happen: recurrence, DST rules and
// quiet hours applied. The editor previews these while the user types; the agenda plans with
// the same function, so the preview and the real call can't disagree.
import { applyQuietPolicy } from "./quiet-hours.ts";
import { nextSlots, type NextOptions } from "./recurrence.ts";
import type { QuietPolicy, QuietRules, ScheduleTiming, Slot } from "./types.ts";

export const MAX_MOVE_MS = 24 * 3600_000;

export type Planned =
  | { slot: Slot; kind: "ok"; atMs: number }
  | { slot: Slot; kind: "moved"; atMs: number; detail: string }
  | { slot: Slot; kind: "skipped"; atMs: null; detail: string };

/** Decide one slot; `following` is the slot after it (a move may not reach it). */
export function planSlot(slot: Slot, following: Slot | undefined, rules: QuietRules, policy: QuietPolicy): Planned {
  const limit = Math.min(following?.atMs ?? Infinity, slot.atMs + MAX_MOVE_MS);
  const d = applyQuietPolicy(slot.atMs, rules, policy, limit);
  switch (d.kind) {
    case "ok":
      return { slot, kind: "ok", atMs: d.atMs };
    case "moved":
      return { slot, kind: "moved", atMs: d.atMs, detail: `Moved from ${slot.key.slice(11, 16)} (${d.reason === "legal" ? "outside 08:00–21:00 for the callee" : "quiet hours"})` };
    case "skipped":
      return { slot, kind: "skipped", atMs: null, detail: d.detail };
    default: {
      const never: never = d;
      return never;
    }
  }
}

export function previewOccurrences(t: ScheduleTiming, rules: QuietRules, policy: QuietPolicy, afterMs: number, count: number, opts: NextOptions = {}): Planned[] {
  const slots = nextSlots(t, afterMs, count + 1, opts);
  return slots.slice(0, count).map((s, i) => planSlot(s, slots[i + 1], rules, policy));
}
