// What goes wrong on real phone lines: the recogniser's socket drops mid-sentence, Twilio
// opens a second stream, the session object resets mid-call, somebody forges a webhook.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answeredCall, callerWithPhone, grantCredits, lastLlmRequest, noOpenProviderSockets, sayAndHear, settledCall, untilQuiet, waitUntil } from "../helpers/call-fixtures.ts";
import { signedInClient } from "../helpers/api-client.ts";
import { control } from "../helpers/control.ts";
import { startStack, type Stack } from "../helpers/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { ADMIN_EMAILS: "ops@example.com" } });
});
afterAll(() => stack?.close());

describe("robustness", () => {
  it("loses no word when the speech-recognition socket drops mid-utterance", { timeout: 120_000 }, async () => {
    const c = await callerWithPhone(stack, "dgdrop@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c);
    const ctl = control(stack.sims.urls.control);
    const sentence = "Yesterday I finally finished painting the old wooden fence behind our garden shed.";
    const saying = c.phone.say(sentence);
    await new Promise((r) => setTimeout(r, 1800)); // mid-sentence
    const { dropped } = await ctl.post<{ dropped: number }>("/deepgram/drop-sockets", {});
    expect(dropped).toBe(1);
    const said = await saying;
    await c.phone.waitFor((e) => e.type === "heard" && e.at > said.endAt, 20_000);
    await untilQuiet(c.phone);
    c.phone.hangup();
    const d = await settledCall(c, call.id);
    const caller = d.turns.filter((t) => t.speaker === "caller").map((t) => t.text);
    expect(caller).toEqual([sentence]);
    await noOpenProviderSockets(stack.sims.urls.control);
  });

  it("refuses a second media stream for the same call", { timeout: 90_000 }, async () => {
    const c = await callerWithPhone(stack, "second@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c);
    const ctl = control(stack.sims.urls.control);
    await ctl.post("/twilio/second-stream", { callSid: call.callSid });
    const info = await waitUntil(async () => {
      const r = await ctl.get<{ streams: Array<{ closedBy?: string; closedAt?: number }> }>(`/twilio/calls?sid=${call.callSid}`);
      return r.streams.length >= 2 && r.streams[1].closedBy ? r : undefined;
    }, 10_000, "the second stream to be closed");
    expect(info.streams[1].closedBy).toBe("server");
    // The first stream carries on.
    const reply = await sayAndHear(c.phone, "Are you still there with me?");
    expect(reply.text.length).toBeGreaterThan(3);
    await untilQuiet(c.phone);
    c.phone.hangup();
    await settledCall(c, call.id);
  });

  it("resumes with its context after the session object resets mid-call", { timeout: 120_000 }, async () => {
    const c = await callerWithPhone(stack, "ops@example.com");
    await grantCredits(stack, c.userId, 5000);
    const call = await answeredCall(stack, c);
    await sayAndHear(c.phone, "My dog is called Biscuit.");
    await untilQuiet(c.phone);
    const resetAt = Date.now();
    const r = await c.api.post(`/admin/calls/${call.id}/reset`);
    expect(r.status).toBe(200);
    // Twilio's <Redirect> brings the stream back; the persona says it's back.
    const back = await c.phone.waitFor((e) => e.type === "heard" && e.at > resetAt, 15_000);
    expect(back.at - resetAt).toBeLessThan(5000);
    await untilQuiet(c.phone);
    await sayAndHear(c.phone, "What is my dog called?");
    const req = await lastLlmRequest(stack.sims.urls.control);
    const users = req.messages.filter((m) => m.role === "user").map((m) => m.content);
    expect(users).toEqual(["My dog is called Biscuit.", "What is my dog called?"]);
    await untilQuiet(c.phone);
    c.phone.hangup();
    const d = await settledCall(c, call.id);
    expect(d.turns.filter((t) => t.speaker === "caller")).toHaveLength(2);
    await noOpenProviderSockets(stack.sims.urls.control);
  });

  it("releases a web call's credits when the browser never joins", { timeout: 90_000 }, async () => {
    const c = await callerWithPhone(stack, "abandon@example.com");
    const before = (await c.api.json<{ balanceCents: number }>("/me")).balanceCents;
    const res = await c.api.post("/calls", { personaId: "alex_001", channel: "web", lengthSeconds: 180 });
    expect(res.status).toBe(201);
    const call = (await res.json()) as { id: string };
    expect((await c.api.json<{ balanceCents: number }>("/me")).balanceCents).toBeLessThan(before);
    const d = await settledCall(c, call.id, 60_000);
    expect(d.call.status).toBe("no_answer");
    expect(d.call.endReason).toBe("web_not_joined");
    expect((await c.api.json<{ balanceCents: number }>("/me")).balanceCents).toBe(before);
    await noOpenProviderSockets(stack.sims.urls.control);
  });

  it("refuses forged Twilio webhooks with no side effect", { timeout: 60_000 }, async () => {
    const api = await signedInClient(stack.appUrl, "forged@example.com");
    const me = await api.json<{ id: string }>("/me");
    const row = await stack.pool.query<{ id: string }>(
      "insert into calls (user_id, persona_id, persona_name, channel, to_e164, purchased_seconds, price_cents, twilio_call_sid) values ($1, 'brad_001', 'Brad', 'phone', '+14155550199', 300, 499, 'CAforged') returning id",
      [me.id],
    );
    const id = row.rows[0].id;
    const form = new URLSearchParams({ CallSid: "CAforged", CallStatus: "completed", CallDuration: "42", SequenceNumber: "3", AccountSid: "AC00000000000000000000000000000001" });
    for (const [path, sig] of [
      [`/api/twilio/status/${id}`, "bm90IGEgcmVhbCBzaWduYXR1cmU="],
      [`/api/twilio/status/${id}`, undefined],
      [`/api/twilio/voice/${id}`, "bm90IGEgcmVhbCBzaWduYXR1cmU="],
      [`/api/twilio/amd/${id}`, "bm90IGEgcmVhbCBzaWduYXR1cmU="],
    ] as const) {
      const res = await fetch(`${stack.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(sig ? { "x-twilio-signature": sig } : {}) },
        body: form,
      });
      expect(res.status, path).toBe(403);
    }
    const after = await stack.pool.query("select status, duration_seconds, answered_by from calls where id = $1", [id]);
    expect(after.rows[0]).toEqual({ status: "queued", duration_seconds: null, answered_by: null });
    const events = await stack.pool.query("select count(*)::int as n from processed_events where event_id like 'CAforged%'");
    expect(events.rows[0].n).toBe(0);
  });
});
