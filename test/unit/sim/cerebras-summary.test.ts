import { describe, expect, it } from "vitest";
import { classify, fillSchema, summarizeCall } from "../../../sim/cerebras/summary.ts";
import { toThirdPerson } from "../../../sim/cerebras/third-person.ts";

const now = { date: "2026-07-14", time: "21:00", zone: "Europe/London" };

describe("post-call summaries", () => {
  it("restates the caller's sentences in the third person", () => {
    expect(toThirdPerson("I have a presentation on Friday.")).toBe("Caller has a presentation on Friday");
    expect(toThirdPerson("I'm going to start running")).toBe("Caller is going to start running");
    expect(toThirdPerson("Well, I really like jazz!")).toBe("Caller really likes jazz");
    expect(toThirdPerson("My sister lives in Leeds")).toBe("Caller's sister lives in Leeds");
    expect(toThirdPerson("I'll call my mum")).toBe("Caller will call their mum");
    expect(toThirdPerson("I watch films")).toBe("Caller watches films");
  });

  it("classifies plans, events, preferences and facts, resolving stated dates", () => {
    expect(classify("I have a job interview on Thursday.", "2026-07-14")).toEqual({ kind: "follow_up", text: "Caller has a job interview on Thursday", due_date: "2026-07-16" });
    expect(classify("I'm going to start running tomorrow.", "2026-07-14")).toEqual({ kind: "plan", text: "Caller is going to start running tomorrow", due_date: "2026-07-15" });
    expect(classify("I will call my sister.", "2026-07-14")).toEqual({ kind: "plan", text: "Caller will call their sister", due_date: null });
    expect(classify("I love hiking.", "2026-07-14")).toEqual({ kind: "preference", text: "Caller loves hiking", due_date: null });
    expect(classify("I'm a nurse.", "2026-07-14")).toEqual({ kind: "fact", text: "Caller is a nurse", due_date: null });
    expect(classify("The weather is nice.", "2026-07-14")).toBeUndefined();
  });

  it("reads a transcript with Caller: lines, or the user turns, the same way every time", () => {
    const transcript = [
      { role: "system" as const, content: "Summarise the call. Current local time: 2026-07-14T21:00 (Europe/London)" },
      { role: "user" as const, content: "Sarah: How was your day?\nCaller: Long. I have an exam on Friday. I prefer mornings.\nSarah: Good luck!" },
    ];
    const a = summarizeCall(transcript, now);
    expect(a).toEqual(summarizeCall(transcript, now));
    expect(a.memories).toEqual([
      { kind: "follow_up", text: "Caller has an exam on Friday", due_date: "2026-07-17" },
      { kind: "preference", text: "Caller prefers mornings", due_date: null },
    ]);
    expect(a.summary).toContain("Sarah");
    const turns = summarizeCall([{ role: "system", content: "You are Brad." }, { role: "user", content: "I work as a chef." }, { role: "assistant", content: "Nice.", toolCalls: [] }], now);
    expect(turns.memories).toEqual([{ kind: "fact", text: "Caller works as a chef", due_date: null }]);
  });

  it("says so when nothing was shared", () => {
    expect(summarizeCall([{ role: "system", content: "You are Alex." }], now)).toEqual({ summary: expect.stringContaining("nothing"), memories: [] });
  });

  it("fills other JSON schemas with their simplest values", () => {
    expect(fillSchema({ type: "object", properties: { a: { type: "string" }, b: { type: "integer" }, c: { enum: ["x", "y"] }, d: { type: "array" } } })).toEqual({ a: "", b: 0, c: "x", d: [] });
  });
});
