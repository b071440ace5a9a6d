import { describe, expect, it } from "vitest";
import { parseCommand, parsePolicy } from "../../../sim/handset/protocol.ts";

describe("handset protocol", () => {
  it("parses each command", () => {
    expect(parseCommand('{"type":"answer"}')).toEqual({ ok: { type: "answer", callSid: undefined } });
    expect(parseCommand('{"type":"say","text":"hi","durationMs":500,"ref":"r1","callSid":"CA1"}')).toEqual({ ok: { type: "say", text: "hi", durationMs: 500, ref: "r1", callSid: "CA1" } });
    expect(parseCommand('{"type":"dtmf","digit":"#"}')).toMatchObject({ ok: { type: "dtmf", digit: "#" } });
    expect(parseCommand('{"type":"policy","answer":"voicemail","ringMs":10}')).toEqual({ ok: { type: "policy", answer: "voicemail", ringMs: 10 } });
    expect(parseCommand('{"type":"audio","payload":"//8="}')).toMatchObject({ ok: { type: "audio", payload: "//8=" } });
  });

  it("rejects what it cannot act on", () => {
    for (const bad of ["nope", "[]", '{"type":"say"}', '{"type":"say","text":""}', '{"type":"dtmf","digit":"12"}', '{"type":"policy","answer":"maybe"}', '{"type":"fly"}', '{"type":"answer","callSid":5}'])
      expect(parseCommand(bad)).toHaveProperty("error");
    expect(parsePolicy({ answer: "busy", ringMs: -1 })).toHaveProperty("error");
    expect(parsePolicy({ answer: "auto", ringMs: 50 })).toEqual({ answer: "auto", ringMs: 50 });
  });
});
