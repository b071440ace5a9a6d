import { describe, expect, it } from "vitest";
import { calleeZone } from "../../../core/schedule/callee-zone.ts";
import { applyQuietPolicy, nextAllowed, quietReason } from "../../../core/schedule/quiet-hours.ts";
import { LEGAL_WINDOW, type QuietRules } from "../../../core/schedule/types.ts";

const at = (s: string) => Date.parse(s);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const berlin = (over: Partial<QuietRules> = {}): QuietRules => ({ userZone: "Europe/Berlin", userQuiet: null, calleeZone: "Europe/Berlin", legal: LEGAL_WINDOW, ...over });
const DAY = 86_400_000;

describe("the legal window at the callee's local time", () => {
  it("allows 08:00 up to, not including, 21:00", () => {
    // Berlin is UTC+1 in January.
    expect(quietReason(at("2027-01-05T06:59:59Z"), berlin())).toBe("legal");
    expect(quietReason(at("2027-01-05T07:00:00Z"), berlin())).toBeNull();
    expect(quietReason(at("2027-01-05T19:59:59Z"), berlin())).toBeNull();
    expect(quietReason(at("2027-01-05T20:00:00Z"), berlin())).toBe("legal");
  });

  it("reads the callee's clock, not the user's", () => {
    // 07:30 in New York is 13:30 in Berlin: fine for a Berlin callee.
    const r = berlin({ userZone: "America/New_York" });
    expect(quietReason(at("2027-01-05T12:30:00Z"), r)).toBeNull();
    expect(quietReason(at("2027-01-05T12:30:00Z"), { ...r, calleeZone: "America/New_York" })).toBe("legal");
  });
});

describe("the user's own quiet hours", () => {
  const r = berlin({ userQuiet: { start: "22:00", end: "09:30" } }); // wraps midnight

  it("wrap midnight", () => {
    expect(quietReason(at("2027-01-05T08:00:00Z"), r)).toBe("user"); // 09:00 local
    expect(quietReason(at("2027-01-05T08:30:00Z"), r)).toBeNull(); // 09:30 local
  });

  it("move to the first instant both windows allow", () => {
    expect(iso(nextAllowed(at("2027-01-05T05:00:00Z"), r, Infinity))).toBe("2027-01-05T08:30:00.000Z");
    expect(iso(nextAllowed(at("2027-01-05T20:30:00Z"), r, Infinity))).toBe("2027-01-06T08:30:00.000Z");
  });

  it("equal bounds mean no quiet hours", () => {
    expect(quietReason(at("2027-01-05T10:00:00Z"), berlin({ userQuiet: { start: "10:00", end: "10:00" } }))).toBeNull();
  });
});

describe("move or skip", () => {
  const r = berlin();
  it("move goes to 08:00 local, across the DST change", () => {
    // 2027-03-28: Berlin jumps to CEST; 06:30 local is outside the window → 08:00 CEST.
    const d = applyQuietPolicy(at("2027-03-28T04:30:00Z"), r, "move", at("2027-03-28T04:30:00Z") + DAY);
    expect(d).toMatchObject({ kind: "moved", reason: "legal" });
    expect(d.kind === "moved" && iso(d.atMs)).toBe("2027-03-28T06:00:00.000Z");
  });

  it("skip records why", () => {
    expect(applyQuietPolicy(at("2027-01-05T21:30:00Z"), r, "skip", Infinity)).toMatchObject({ kind: "skipped", reason: "legal" });
  });

  it("a move that would pass the limit is a skip", () => {
    const d = applyQuietPolicy(at("2027-01-05T21:30:00Z"), r, "move", at("2027-01-06T06:00:00Z"));
    expect(d.kind).toBe("skipped");
  });

  it("allowed times stay put", () => {
    expect(applyQuietPolicy(at("2027-01-05T12:00:00Z"), r, "skip", Infinity)).toEqual({ kind: "ok", atMs: at("2027-01-05T12:00:00Z") });
  });
});

describe("the callee's zone", () => {
  it("comes from a single-zone country, else from the schedule", () => {
    expect(calleeZone("DE", "America/New_York")).toEqual({ zone: "Europe/Berlin", source: "number" });
    expect(calleeZone("US", "America/Chicago")).toEqual({ zone: "America/Chicago", source: "schedule" });
    expect(calleeZone(null, "Asia/Tokyo")).toEqual({ zone: "Asia/Tokyo", source: "schedule" });
  });
});
