import { describe, expect, it } from "vitest";
import twilio from "twilio";
import { TwimlError, parseTwiml } from "../../../sim/twilio/twiml.ts";

describe("TwiML parsing", () => {
  it("reads what twilio-node's VoiceResponse writes", () => {
    const r = new twilio.twiml.VoiceResponse();
    r.say({ loop: 2 }, "Hello & welcome <friend>");
    r.pause({ length: 2 });
    const connect = r.connect({ action: "/after" });
    const stream = connect.stream({ url: "wss://app.example/media", statusCallback: "https://app.example/ss" });
    stream.parameter({ name: "callId", value: "c_1" });
    stream.parameter({ name: "token", value: "a\"b" });
    r.redirect({ method: "GET" }, "/next");
    r.hangup();
    r.play("https://x/y.mp3");
    expect(parseTwiml(r.toString())).toEqual([
      { verb: "Say", text: "Hello & welcome <friend>", loop: 2, voice: undefined },
      { verb: "Pause", length: 2 },
      { verb: "Connect", action: "/after", method: "POST", stream: { url: "wss://app.example/media", name: undefined, track: "inbound_track", statusCallback: "https://app.example/ss", statusCallbackMethod: "POST", parameters: { callId: "c_1", token: 'a"b' } } },
      { verb: "Redirect", url: "/next", method: "GET" },
      { verb: "Hangup" },
      { verb: "Unsupported", name: "Play" },
    ]);
  });

  it("refuses malformed documents and a root that is not <Response> (12100)", () => {
    expect(() => parseTwiml("<Response><Say>x</Response>")).toThrow(TwimlError);
    expect(() => parseTwiml("<Hangup/>")).toThrow(/not <Response>/);
    expect(() => parseTwiml("hello")).toThrow(TwimlError);
    expect(parseTwiml("<!-- c --><Response/>")).toEqual([]);
  });
});
