import { describe, expect, it } from "vitest";
import { nextSlots, slotsFrom } from "../../../core/schedule/recurrence.ts";
import type { ScheduleTiming } from "../../../core/schedule/types.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const take = <T>(g: Iterable<T>, n: number): T[] => {
  const out: T[] = [];
  for (const x of g) {
    if (out.length >= n) break;
    out.push(x);
  }
  return out;
};
const at = (s: string) => Date.parse(s);

function timing(over: Partial<ScheduleTiming>): ScheduleTiming {
  return { localTime: "07:30", timeZone: "UTC", recurrence: { kind: "daily", start: "2027-01-01" }, untilDate: null, maxOccurrences: null, ...over };
}

describe("recurrence rules", () => {
  it("once: one slot on its date", () => {
    const t = timing({ recurrence: { kind: "once", date: "2027-05-02" } });
    expect([...slotsFrom(t)].map((s) => s.key)).toEqual(["2027-05-02T07:30"]);
    expect(nextSlots(t, at("2027-05-02T07:30:00Z"), 3)).toEqual([]);
  });

  it("weekdays skip Saturday and Sunday", () => {
    const t = timing({ recurrence: { kind: "weekdays", start: "2027-01-01" } }); // a Friday
    expect(nextSlots(t, at("2027-01-01T00:00:00Z"), 4).map((s) => s.date)).toEqual(["2027-01-01", "2027-01-04", "2027-01-05", "2027-01-06"]);
  });

  it("weekly on chosen ISO days", () => {
    const t = timing({ recurrence: { kind: "weekly", days: [2, 7], start: "2027-01-01" } });
    expect(nextSlots(t, at("2027-01-01T00:00:00Z"), 3).map((s) => s.date)).toEqual(["2027-01-03", "2027-01-05", "2027-01-10"]);
  });

  it("every N days counts from its start date", () => {
    const t = timing({ recurrence: { kind: "every_n_days", n: 3, start: "2027-01-02" } });
    expect(nextSlots(t, at("2027-01-03T00:00:00Z"), 3).map((s) => s.date)).toEqual(["2027-01-05", "2027-01-08", "2027-01-11"]);
  });

  it("stops at the until date (inclusive) and after N times", () => {
    expect(nextSlots(timing({ untilDate: "2027-01-03" }), at("2026-12-31T00:00:00Z"), 10).map((s) => s.date)).toEqual(["2027-01-01", "2027-01-02", "2027-01-03"]);
    const capped = timing({ maxOccurrences: 3, recurrence: { kind: "weekdays", start: "2027-01-01" } });
    expect([...slotsFrom(capped)].map((s) => [s.date, s.index])).toEqual([
      ["2027-01-01", 1],
      ["2027-01-04", 2],
      ["2027-01-05", 3],
    ]);
    // Counting starts at the rule's start even when looking from later on.
    expect(nextSlots(capped, at("2027-01-04T12:00:00Z"), 5).map((s) => s.date)).toEqual(["2027-01-05"]);
  });

  it("a weekly rule with no days ends instead of spinning", () => {
    expect(nextSlots(timing({ recurrence: { kind: "weekly", days: [], start: "2027-01-01" } }), 0, 1)).toEqual([]);
  });

  it("afterDate keeps a recurring schedule to one call per local date", () => {
    const t = timing({ localTime: "08:00" });
    expect(nextSlots(t, at("2027-01-05T07:45:00Z"), 1, { afterDate: "2027-01-05" })[0].date).toBe("2027-01-06");
    expect(nextSlots(t, at("2027-01-05T07:45:00Z"), 1)[0].date).toBe("2027-01-05");
  });

  it("accepts seconds in the local time", () => {
    const t = timing({ localTime: "07:30:15" });
    expect(iso(nextSlots(t, at("2027-01-05T00:00:00Z"), 1)[0].atMs)).toBe("2027-01-05T07:30:15.000Z");
  });
});

describe("every day at 07:30 stays at 07:30 local across DST", () => {
  it.each([
    // zone, three dates around the spring change, expected UTC instants
    ["America/New_York", "2027-03-13", ["2027-03-13T12:30:00.000Z", "2027-03-14T11:30:00.000Z", "2027-03-15T11:30:00.000Z"]],
    ["America/New_York", "2027-11-06", ["2027-11-06T11:30:00.000Z", "2027-11-07T12:30:00.000Z", "2027-11-08T12:30:00.000Z"]],
    ["Europe/Berlin", "2027-03-27", ["2027-03-27T06:30:00.000Z", "2027-03-28T05:30:00.000Z", "2027-03-29T05:30:00.000Z"]],
    ["Europe/Berlin", "2027-10-30", ["2027-10-30T05:30:00.000Z", "2027-10-31T06:30:00.000Z", "2027-11-01T06:30:00.000Z"]],
    ["Australia/Sydney", "2027-04-03", ["2027-04-02T20:30:00.000Z", "2027-04-03T21:30:00.000Z", "2027-04-04T21:30:00.000Z"]],
    ["Australia/Sydney", "2027-10-02", ["2027-10-01T21:30:00.000Z", "2027-10-02T20:30:00.000Z", "2027-10-03T20:30:00.000Z"]],
  ])("%s from %s", (zone, start, expected) => {
    const t = timing({ timeZone: zone, recurrence: { kind: "daily", start } });
    expect(take(slotsFrom(t), 3).map((s) => iso(s.atMs))).toEqual(expected);
  });
});

describe("a time that doesn't exist, or exists twice", () => {
  it.each([
    ["America/New_York", "2027-03-14", "2027-03-14T07:00:00.000Z"],
    ["Europe/Berlin", "2027-03-28", "2027-03-28T01:00:00.000Z"],
    ["Australia/Sydney", "2027-10-03", "2027-10-02T16:00:00.000Z"],
  ])("02:30 in %s's spring gap on %s happens when the clocks jump", (zone, date, expected) => {
    const t = timing({ localTime: "02:30", timeZone: zone, recurrence: { kind: "once", date } });
    const [s] = [...slotsFrom(t)];
    expect(iso(s.atMs)).toBe(expected);
    expect(s.key).toBe(`${date}T02:30`); // the identity stays the wall-clock time asked for
  });

  it.each([
    ["America/New_York", "01:30", "2027-11-07", "2027-11-07T05:30:00.000Z"],
    ["Europe/Berlin", "02:30", "2027-10-31", "2027-10-31T00:30:00.000Z"],
    ["Australia/Sydney", "02:30", "2027-04-04", "2027-04-03T15:30:00.000Z"],
  ])("%s %s on the fall-back day %s happens once, at its first instant", (zone, time, date, expected) => {
    const t = timing({ localTime: time, timeZone: zone, recurrence: { kind: "daily", start: "2027-01-01" } });
    const before = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
    const slots = nextSlots(t, before, 3).filter((s) => s.date === date);
    expect(slots.map((s) => iso(s.atMs))).toEqual([expected]);
  });
});
