import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { twilioSignature } from "../../../sim/twilio/signature.ts";

describe("X-Twilio-Signature", () => {
  it("matches the reference vector in providers.md", () => {
    const params = { CallSid: "CA00000000000000000000000000000001", CallStatus: "completed", CallDuration: "17", AccountSid: "AC00000000000000000000000000000001" };
    expect(twilioSignature("test_auth_token_0123456789abcdef", "https://example.test/twilio/status?tenant=42", params)).toBe("FXhPGsSckIoNjyZH6YcEnaKdLY0=");
  });

  it("agrees with twilio-node for repeated keys, unicode and URL-only (WebSocket) signatures", () => {
    const token = "sim_token";
    const params = { StatusCallbackEvent: ["ringing", "answered", "ringing"], Body: "héllo ✓", A: "" };
    const url = "http://127.0.0.1:8787/hook?x=1";
    const sig = twilioSignature(token, url, params);
    expect(sig).toBe(twilio.getExpectedTwilioSignature(token, url, params));
    expect(twilio.validateRequest(token, sig, url, params)).toBe(true);
    const ws = twilioSignature(token, "wss://app.example/media");
    expect(twilio.validateRequest(token, ws, "wss://app.example/media", {})).toBe(true);
  });
});
