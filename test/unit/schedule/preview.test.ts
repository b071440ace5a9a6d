import { describe, expect, it } from "vitest";
import { formatWhen, formatWhenDated } from "../../../core/schedule/format.ts";
import { previewOccurrences } from "../../../core/schedule/preview.ts";
import { LEGAL_WINDOW, type QuietRules, type ScheduleTiming } from "../../../core/schedule/types.ts";

const rules: QuietRules = { userZone: "Europe/Berlin", userQuiet: { start: "12:00", end: "13:00" }, calleeZone: "Europe/Berlin", legal: LEGAL_WINDOW };
const timing: ScheduleTiming = { localTime: "12:15", timeZone: "Europe/Berlin", recurrence: { kind: "weekly", days: [2, 4], start: "2027-01-01" }, untilDate: null, maxOccurrences: null };

describe("previews", () => {
  it("show the next occurrences as they will happen", () => {
    const p = previewOccurrences(timing, rules, "move", Date.parse("2027-01-01T00:00:00Z"), 3);
    expect(p.map((x) => [x.slot.key, x.kind, x.atMs && formatWhen(x.atMs, "Europe/Berlin")])).toEqual([
      ["2027-01-05T12:15", "moved", "Tue 13:00, Europe/Berlin"],
      ["2027-01-07T12:15", "moved", "Thu 13:00, Europe/Berlin"],
      ["2027-01-12T12:15", "moved", "Tue 13:00, Europe/Berlin"],
    ]);
    expect(previewOccurrences(timing, rules, "skip", Date.parse("2027-01-01T00:00:00Z"), 2).map((x) => x.kind)).toEqual(["skipped", "skipped"]);
  });

  it("format on the viewer's clock", () => {
    const ms = Date.parse("2027-12-07T18:30:00Z");
    expect(formatWhen(ms, "Europe/Berlin")).toBe("Tue 19:30, Europe/Berlin");
    expect(formatWhenDated(ms, "America/New_York")).toBe("Tue 7 Dec, 13:30, America/New_York");
  });
});

describe("schedules in words", async () => {
  const { describeTiming } = await import("../../../core/schedule/describe.ts");
  const t = (over: Partial<ScheduleTiming>): ScheduleTiming => ({ ...timing, ...over });
  it.each([
    [t({ localTime: "07:30", recurrence: { kind: "weekdays", start: "2027-01-01" } }), "Weekdays at 07:30"],
    [t({ localTime: "19:30", recurrence: { kind: "weekly", days: [4, 2], start: "2027-01-01" } }), "Tue and Thu at 19:30"],
    [t({ localTime: "08:00", recurrence: { kind: "every_n_days", n: 3, start: "2027-01-01" }, maxOccurrences: 5 }), "Every 3 days at 08:00, 5 times"],
    [t({ localTime: "08:00", recurrence: { kind: "daily", start: "2027-01-01" }, untilDate: "2027-12-31" }), "Every day at 08:00, until 31 Dec"],
    [t({ localTime: "08:00", recurrence: { kind: "once", date: "2027-07-15" } }), "Once on Thu 15 Jul at 08:00"],
  ])("%#: %s", (timingIn, words) => {
    expect(describeTiming(timingIn)).toBe(words);
  });
});
