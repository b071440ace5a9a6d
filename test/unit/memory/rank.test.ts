import { describe, expect, it } from "vitest";
import { daysBetween, localDate, rankMemories } from "../../../core/memory/rank.ts";
import type { MemoryItem } from "../../../core/memory/types.ts";

const item = (text: string, kind: MemoryItem["kind"], dueDate: string | null = null, updatedAt = "2026-07-01T00:00:00Z"): MemoryItem => ({ text, kind, dueDate, updatedAt });

describe("memory ranking", () => {
  it("uses the caller's own calendar day", () => {
    const now = new Date("2026-07-14T23:30:00Z");
    expect(localDate(now, "UTC")).toBe("2026-07-14");
    expect(localDate(now, "Europe/Berlin")).toBe("2026-07-15");
    expect(localDate(now, "America/Los_Angeles")).toBe("2026-07-14");
    expect(daysBetween("2026-07-14", "2026-07-17")).toBe(3);
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2); // across a DST change
  });

  it("puts what just happened or is coming up this week first, long-past last", () => {
    const today = "2026-07-14";
    const ranked = rankMemories(
      [
        item("Caller is a nurse", "fact"),
        item("Caller had a trip in spring", "follow_up", "2026-04-02"),
        item("Caller has a wedding next year", "plan", "2027-05-01"),
        item("Caller has an interview on Friday", "follow_up", "2026-07-17"),
        item("Caller had a presentation yesterday", "follow_up", "2026-07-13"),
        item("Caller loves jazz", "preference"),
      ],
      today,
    ).map((m) => m.text);
    expect(ranked.slice(0, 2)).toEqual(["Caller had a presentation yesterday", "Caller has an interview on Friday"]);
    expect(ranked.at(-1)).toBe("Caller had a trip in spring");
    expect(ranked.indexOf("Caller is a nurse")).toBeLessThan(ranked.indexOf("Caller had a trip in spring"));
  });

  it("breaks ties by recency", () => {
    const ranked = rankMemories([item("Caller likes tea", "preference", null, "2026-07-01T00:00:00Z"), item("Caller likes jazz", "preference", null, "2026-07-10T00:00:00Z")], "2026-07-14");
    expect(ranked[0].text).toBe("Caller likes jazz");
  });
});
