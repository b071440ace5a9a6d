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
