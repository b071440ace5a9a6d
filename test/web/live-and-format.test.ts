// Pure helpers of the pages: live-message parsing, latency, cost breakdown, nav, formatting.
import { describe, expect, it } from "vitest";
import { costByProvider } from "../../web/src/lib/call/cost-breakdown.ts";
import { parseLiveMessage, phaseStatus, turnLatencyMs } from "../../web/src/lib/call/live-messages.ts";
import { formatDateTime, formatDuration, reasonLabel } from "../../web/src/lib/format.ts";
import { currentNav, NAV } from "../../web/src/lib/nav.ts";

describe("live messages", () => {
  it("parses each kind and drops what isn't one", () => {
    expect(parseLiveMessage('{"type":"status","status":"completed","endReason":"time_limit","durationSeconds":300}')).toEqual({ type: "status", status: "completed", endReason: "time_limit", durationSeconds: 300 });
    expect(parseLiveMessage('{"type":"turn","turn":{"seq":2,"speaker":"agent","text":"Hi","heardText":"H","interrupted":true,"startedAt":1,"endedAt":2,"mouthToEarMs":640}}')).toMatchObject({ type: "turn", turn: { seq: 2, interrupted: true, heardText: "H", mouthToEarMs: 640 } });
    expect(parseLiveMessage('{"type":"snapshot","phase":"live","turns":[{"speaker":"robot","text":"x"}]}')).toMatchObject({ type: "snapshot", turns: [] });
    expect(parseLiveMessage("not json")).toBeUndefined();
    expect(parseLiveMessage('{"type":"turn","turn":null}')).toBeUndefined();
    expect(parseLiveMessage('{"type":"nope"}')).toBeUndefined();
    expect(phaseStatus("live")).toBe("in_progress");
  });

  it("uses mouth-to-ear latency when known, else the sum of the stages", () => {
    expect(turnLatencyMs({ mouthToEarMs: 700, sttFinalMs: 1 })).toBe(700);
    expect(turnLatencyMs({ sttFinalMs: 200, llmFirstTokenMs: 150.4, ttsFirstAudioMs: 100 })).toBe(450);
    expect(turnLatencyMs({})).toBeUndefined();
  });
});

describe("cost breakdown", () => {
  it("groups usage by provider, largest first", () => {
    const r = costByProvider([
      { provider: "twilio", unit: "second", quantity: 120, costMicrousd: 28_000 },
      { provider: "elevenlabs", unit: "character", quantity: 900, costMicrousd: 135_000 },
      { provider: "cerebras", unit: "prompt_token", quantity: 5000, costMicrousd: 500 },
      { provider: "cerebras", unit: "completion_token", quantity: 300, costMicrousd: 30 },
    ]);
    expect(r.rows.map((x) => x.provider)).toEqual(["elevenlabs", "twilio", "cerebras"]);
    expect(r.rows[2].detail).toBe("5,000 prompt tokens, 300 reply tokens");
    expect(r.totalMicrousd).toBe(163_530);
  });
});

describe("nav and formatting", () => {
  it("highlights the longest matching section", () => {
    expect(currentNav(NAV, "/calls/123/live")).toBe("/calls");
    expect(currentNav(NAV, "/")).toBe("/");
    expect(currentNav(NAV, "/callsign")).toBeUndefined();
  });

  it("writes times in the user's zone, durations and reasons for people", () => {
    expect(formatDateTime("2026-03-08T15:30:00Z", "America/New_York")).toMatch(/Mar 8, 2026.*11:30/);
    expect(formatDateTime("2026-03-08T15:30:00Z", "Not/AZone")).toBe("2026-03-08 15:30 UTC");
    expect(formatDuration(185)).toBe("3 min 05 s");
    expect(formatDuration(null)).toBe("—");
    expect(reasonLabel("hung_up_in_app")).toBe("hung up in the app");
    expect(reasonLabel("something_new")).toBe("something new");
  });
});
