import { describe, expect, it } from "vitest";
import { addMinutes, dayOf, resolveWhen, speakDateTime } from "../../../sim/cerebras/when.ts";

// Tuesday morning in London.
const now = { date: "2026-07-14", time: "10:00", zone: "Europe/London" };

describe("spoken times resolved against the caller's local clock", () => {
  it.each([
    ["call me tomorrow at 8", "2026-07-15T08:00"],
    ["call me tomorrow at 8 pm", "2026-07-15T20:00"],
    ["call me on Monday at 7:30 pm", "2026-07-20T19:30"],
    ["call me in 2 hours", "2026-07-14T12:00"],
    ["call me in 30 minutes", "2026-07-14T10:30"],
    ["call me in half an hour", "2026-07-14T10:30"],
    ["call me in an hour", "2026-07-14T11:00"],
    ["call me at 9", "2026-07-14T21:00"], // 9 am has passed: the evening is meant
    ["call me at 11", "2026-07-14T11:00"],
    ["call me at 3", "2026-07-14T15:00"],
    ["call me tonight", "2026-07-14T20:00"],
    ["call me tomorrow morning", "2026-07-15T09:00"],
    ["call me on Tuesday at 7", "2026-07-21T07:00"], // "on Tuesday" said on a Tuesday: next week
    ["call me on July 20 at noon", "2026-07-20T12:00"],
    ["call me tomorrow", "2026-07-15T10:00"],
  ])("%s → %s", (text, expected) => {
    expect(resolveWhen(text, now)).toBe(expected);
  });

  it("returns nothing when no time is named", () => {
    expect(resolveWhen("call me sometime", now)).toBeUndefined();
  });

  it("counts hours across a DST change in the caller's zone", () => {
    // 2026-03-29 01:00 GMT the clocks jump to 02:00 BST: 2 hours after 00:30 is 03:30 on the wall.
    expect(addMinutes({ date: "2026-03-29", time: "00:30", zone: "Europe/London" }, 120)).toBe("2026-03-29T03:30");
    expect(addMinutes({ date: "2026-03-29", time: "00:30" }, 120)).toBe("2026-03-29T02:30");
  });

  it("resolves dates in a sentence for summaries", () => {
    expect(dayOf("I have an interview on Thursday", "2026-07-14")).toBe("2026-07-16");
    expect(dayOf("the exam is on the 3rd", "2026-07-14")).toBe("2026-08-03");
    expect(dayOf("next week", "2026-07-14")).toBe("2026-07-21");
    expect(dayOf("nothing here", "2026-07-14")).toBeUndefined();
  });

  it("speaks a scheduled time back naturally", () => {
    expect(speakDateTime("2026-07-15T08:00", now)).toBe("tomorrow at 8 AM");
    expect(speakDateTime("2026-07-20T19:30", now)).toBe("Monday, July 20, at 7:30 PM");
  });
});
