// Which remembered items go into a call's prompt first. What makes a follow-up feel natural
// is timing: something that happened today or the last few days ("how did it go?") or is
// coming up this week ("are you ready?") beats a standing fact; something long past has
// most likely been asked about already. Days are counted on the caller's own calendar.
import type { MemoryItem } from "./types.ts";

/** YYYY-MM-DD of `now` on the wall calendar of `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

const KIND_BASE: Record<MemoryItem["kind"], number> = { follow_up: 30, plan: 26, fact: 14, preference: 12 };

function dueBonus(days: number): number {
  if (days >= -3 && days <= 0) return 40; // today or just happened: ask how it went
  if (days >= 1 && days <= 7) return 36; // this week: are they ready?
  if (days >= -10 && days < -3) return 18;
  if (days > 7 && days <= 30) return 14;
  if (days > 30) return 4;
  return -25; // long past
}

export function relevance(m: MemoryItem, today: string): number {
  let s = KIND_BASE[m.kind];
  if (m.dueDate) s += dueBonus(daysBetween(today, m.dueDate));
  else if (m.kind === "follow_up" || m.kind === "plan") s += 8;
  // Something from the last couple of weeks is fresher in both minds.
  if (m.updatedAt && daysBetween(m.updatedAt.slice(0, 10), today) <= 14) s += 4;
  return s;
}

/** Most relevant first; ties go to the most recently written. */
export function rankMemories(items: readonly MemoryItem[], today: string): MemoryItem[] {
  return items
    .map((m) => ({ m, s: relevance(m, today) }))
    .sort((a, b) => b.s - a.s || (b.m.updatedAt ?? "").localeCompare(a.m.updatedAt ?? "") || a.m.text.localeCompare(b.m.text))
    .map((x) => x.m);
}
