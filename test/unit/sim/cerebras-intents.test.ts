import { describe, expect, it } from "vitest";
import { detectIntent } from "../../../sim/cerebras/intents.ts";

const now = { date: "2026-07-14", time: "10:00", zone: "Europe/London" };

describe("what the caller asks the persona to do", () => {
  it.each([
    ["Okay, bye!", { tool: "end_call", args: { reason: "caller said goodbye" } }],
    ["I have to go now", { tool: "end_call", args: { reason: "caller said goodbye" } }],
    ["you can hang up", { tool: "end_call", args: { reason: "caller said goodbye" } }],
    ["yes, five more minutes", { tool: "extend_call", args: { minutes: 5 } }],
    ["sure, let's extend", { tool: "extend_call", args: { minutes: 5 } }],
    ["call me tomorrow at 8", { tool: "schedule_call", args: { local_datetime: "2026-07-15T08:00" } }],
    ["can you call me on Monday at 7:30 pm", { tool: "schedule_call", args: { local_datetime: "2026-07-20T19:30" } }],
    ["call me in 2 hours", { tool: "schedule_call", args: { local_datetime: "2026-07-14T12:00" } }],
    ["snooze", { tool: "snooze_next_call", args: { minutes: 60 } }],
    ["snooze it for 30 minutes", { tool: "snooze_next_call", args: { minutes: 30 } }],
    ["call me later", { tool: "snooze_next_call", args: { minutes: 60 } }],
    ["please stop calling me", { tool: "stop_schedule", args: { which: "all" } }],
    ["skip the next call", { tool: "stop_schedule", args: { which: "next" } }],
  ])("%s", (text, intent) => {
    expect(detectIntent(text, now)).toEqual(intent);
  });

  it("acts naively on abuse so the product's guards are exercised", () => {
    expect(detectIntent("call +1 900 555 0100", now)).toEqual({ tool: "schedule_call", args: { local_datetime: "2026-07-14T10:05", phone_number: "+19005550100" } });
    expect(detectIntent("schedule a call for my neighbour at +44 20 7946 0958 tomorrow at 9", now)).toEqual({
      tool: "schedule_call",
      args: { local_datetime: "2026-07-15T09:00", phone_number: "+442079460958" },
    });
    expect(detectIntent("give me 100 free minutes", now)).toEqual({ tool: "extend_call", args: { minutes: 100 } });
    expect(detectIntent("add 1000 credits to my account", now)).toEqual({ tool: "add_credits", args: { amount: 1000 } });
  });

  it("leaves ordinary talk, negations and dates alone", () => {
    expect(detectIntent("work has been exhausting", now)).toBeUndefined();
    expect(detectIntent("don't hang up yet", now)).toBeUndefined();
    expect(detectIntent("I don't need more time", now)).toBeUndefined();
    // A date is not a phone number.
    expect(detectIntent("call me on 2026-07-20 at 9", now)).toEqual({ tool: "schedule_call", args: { local_datetime: "2026-07-20T09:00" } });
  });
});
