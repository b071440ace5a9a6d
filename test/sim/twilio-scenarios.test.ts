// Callee-side scenarios of the Twilio simulator (busy, no answer, voicemail with AMD, failure,
// a dropped line, a duplicate media stream, the handset declining or hanging up), TwiML verbs,
// failing webhooks, and the control API's read-back and reset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KIND_CALLER, readFrame } from "../../sim/audio/watermark.ts";
import { HandsetClient } from "../../sim/handset/client.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import { answeredStreamCall, callState, createCall, ctl, nextNumber, waitUntil, type CallSummary } from "./twilio-call-helpers.ts";
import { FakeProduct } from "./twilio-fake-product.ts";

let sims: Simulators;
let product: FakeProduct;
beforeAll(async () => {
  sims = await startSimulators({ ephemeral: true });
  product = await FakeProduct.start();
});
afterAll(async () => {
  await product?.close();
  await sims?.close();
});

const ALL_EVENTS = ["initiated", "ringing", "answered", "completed"];
const statusHits = (sid: string, path = "/status") => product.hitsTo(path).filter((h) => h.form.CallSid === sid);
const ended = (sid: string) => waitUntil(async () => {
  const s = await callState(sims, sid);
  return ["completed", "busy", "no-answer", "failed", "canceled"].includes(s.status) ? s : undefined;
}, 8000, `call ${sid} to end`);

describe("twilio sim: the callee's phone", () => {
  it("busy: initiated then busy, no ringing", async () => {
    const to = nextNumber();
    await ctl(sims, "busy", { number: to });
    const { sid } = await createCall(sims, { To: to, Url: `${product.url}/twiml`, StatusCallback: `${product.url}/status`, StatusCallbackEvent: ALL_EVENTS });
    expect((await ended(sid)).status).toBe("busy");
    await product.waitHit((h) => h.form.CallSid === sid && h.form.CallStatus === "busy");
    expect(statusHits(sid).map((h) => h.form.CallStatus)).toEqual(["initiated", "busy"]);
    expect(statusHits(sid)[1].form).toMatchObject({ SipResponseCode: "486", CallDuration: "0", SequenceNumber: "1" });
    expect(product.hitsTo("/twiml").some((h) => h.form.CallSid === sid)).toBe(false);
  });

  it("no-answer: numbers without a phone follow the default policy; a connected phone rings until Timeout", async () => {
    await ctl(sims, "policy", { answer: "no-answer", ringMs: 150 });
    const { sid } = await createCall(sims, { To: nextNumber(), Url: `${product.url}/twiml`, StatusCallback: `${product.url}/status`, StatusCallbackEvent: ALL_EVENTS });
    const s = await ended(sid);
    expect(s.status).toBe("no-answer");
    await product.waitHit((h) => h.form.CallSid === sid && h.form.CallStatus === "no-answer");
    expect(statusHits(sid).map((h) => h.form.CallStatus)).toEqual(["initiated", "ringing", "no-answer"]);

    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    const t0 = Date.now();
    const c2 = await createCall(sims, { To: phone.number, Url: `${product.url}/twiml`, Timeout: "1" });
    await phone.waitFor("incoming");
    expect(await phone.waitFor("ended", 4000)).toMatchObject({ callSid: c2.sid, status: "no-answer" });
    expect(Date.now() - t0).toBeGreaterThan(900);
    await phone.close();
  });

  it("voicemail with DetectMessageEnd: AnsweredBy=machine_end_beep on the TwiML request and the callbacks", async () => {
    const to = nextNumber();
    await ctl(sims, "voicemail", { number: to, ringMs: 50 });
    product.twiml = () => "<Response><Pause length=\"0\"/><Hangup/></Response>";
    const { sid } = await createCall(sims, { To: to, Url: `${product.url}/twiml`, MachineDetection: "DetectMessageEnd", StatusCallback: `${product.url}/status`, StatusCallbackEvent: ALL_EVENTS });
    const tw = await product.waitHit((h) => h.path === "/twiml" && h.form.CallSid === sid);
    expect(tw.form).toMatchObject({ AnsweredBy: "machine_end_beep", CallStatus: "in-progress" });
    expect(tw.form.MachineDetectionDuration).toMatch(/^\d+$/);
    const s = await ended(sid);
    expect(s).toMatchObject({ status: "completed", answeredBy: "machine_end_beep", endReason: "twiml-hangup" });
    await product.waitHit((h) => h.form.CallSid === sid && h.form.CallStatus === "completed");
    expect(statusHits(sid).find((h) => h.form.CallStatus === "completed")!.form.AnsweredBy).toBe("machine_end_beep");
  });

  it("voicemail with AsyncAmd: TwiML runs at once, the machine's greeting reaches the stream, the AMD callback follows", async () => {
    const to = nextNumber();
    await ctl(sims, "voicemail", { number: to, ringMs: 50 });
    product.twiml = () => product.streamTwiml();
    const { sid } = await createCall(sims, {
      To: to, Url: `${product.url}/twiml`, MachineDetection: "DetectMessageEnd", AsyncAmd: "true", AsyncAmdStatusCallback: `${product.url}/amd`,
    });
    const tw = await product.waitHit((h) => h.path === "/twiml" && h.form.CallSid === sid);
    expect(tw.form.AnsweredBy).toBeUndefined();
    const amd = await product.waitHit((h) => h.path === "/amd" && h.form.CallSid === sid);
    expect(amd.form).toMatchObject({ AnsweredBy: "machine_end_beep", AccountSid: expect.stringMatching(/^AC/) });
    const stream = await product.waitStream(sid);
    await stream.waitFor((m) => m.event === "media" && readFrame(new Uint8Array(Buffer.from((m.media as { payload: string }).payload, "base64")))?.kind === KIND_CALLER, 3000, "greeting speech");
    await ctl(sims, "hangup", { callSid: sid });
  });

  it("AMD on a person: AnsweredBy=human; fail: failed", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    product.twiml = () => "<Response><Hangup/></Response>";
    const c = await createCall(sims, { To: phone.number, Url: `${product.url}/twiml`, MachineDetection: "Enable" });
    await phone.waitFor("incoming");
    phone.answer();
    expect((await product.waitHit((h) => h.path === "/twiml" && h.form.CallSid === c.sid)).form.AnsweredBy).toBe("human");
    await phone.close();

    const to = nextNumber();
    await ctl(sims, "fail", { number: to });
    const f = await createCall(sims, { To: to, Url: `${product.url}/twiml`, StatusCallback: `${product.url}/status` });
    expect((await ended(f.sid)).status).toBe("failed");
    expect((await product.waitHit((h) => h.form.CallSid === f.sid)).form).toMatchObject({ CallStatus: "failed", SequenceNumber: "0" });
  });

  it("a phone's own policy: auto-answer after ringMs", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    await phone.policy({ answer: "auto", ringMs: 100 });
    product.twiml = () => "<Response><Pause length=\"5\"/></Response>";
    const c = await createCall(sims, { To: phone.number, Url: `${product.url}/twiml` });
    const inc = await phone.waitFor("incoming");
    const live = await phone.waitFor((e) => e.type === "state" && e.status === "in-progress");
    expect(live.type === "state" && live.at - inc.at).toBeGreaterThanOrEqual(90);
    expect((await callState(sims, c.sid)).status).toBe("in-progress");
    phone.hangup();
    await phone.waitFor("ended");
    await phone.close();
  });

  it("the handset declining reads as busy; hanging up mid-call completes it", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    const c = await createCall(sims, { To: phone.number, Url: `${product.url}/twiml` });
    await phone.waitFor("incoming");
    phone.reject();
    expect(await phone.waitFor("ended")).toMatchObject({ callSid: c.sid, status: "busy", reason: "rejected" });
    await phone.close();

    const a = await answeredStreamCall(sims, product);
    a.phone.hangup();
    await a.stream.waitFor((m) => m.event === "stop");
    expect(await a.phone.waitFor("ended")).toMatchObject({ status: "completed", reason: "handset-hangup" });
    await a.phone.close();
  });
});

describe("twilio sim: line scenarios", () => {
  it("drop mid-call: the stream gets stop and is closed, the call completes", async () => {
    const { phone, sid, stream } = await answeredStreamCall(sims, product, { StatusCallback: `${product.url}/status` });
    await ctl(sims, "drop", { callSid: sid });
    await stream.waitFor((m) => m.event === "stop");
    await stream.waitClosed();
    expect(await phone.waitFor("ended")).toMatchObject({ status: "completed", reason: "dropped" });
    expect((await product.waitHit((h) => h.path === "/status" && h.form.CallSid === sid)).form.CallStatus).toBe("completed");
    await phone.close();
  });

  it("a second media stream for the same call: the product's refusal is recorded, the first stream lives on", async () => {
    const refused: string[] = [];
    product.onStream = (s) => {
      void s.waitFor((m) => m.event === "start").then((start) => {
        const callSid = (start.start as { callSid: string }).callSid;
        const others = product.streams.filter((o) => o !== s && o.closedAt === undefined && o.of("start").some((m) => (m.start as { callSid: string }).callSid === callSid));
        if (others.length) {
          refused.push(s.streamSid);
          s.ws.close(1008, "duplicate stream");
        }
      });
    };
    try {
      const { phone, sid, stream } = await answeredStreamCall(sims, product);
      const { streamSid } = await ctl<{ streamSid: string }>(sims, "second-stream", { callSid: sid });
      const st = await waitUntil(async () => {
        const s = await callState(sims, sid);
        return s.streams[1]?.closedAt ? s : undefined;
      }, 3000, "the second stream to close");
      expect(refused).toEqual([streamSid]);
      expect(st.streams[1]).toMatchObject({ streamSid, extra: true, closedBy: "server" });
      expect(st.streams[0].closedAt).toBeUndefined();
      expect(st.status).toBe("in-progress");
      expect(stream.closedAt).toBeUndefined();
      phone.hangup();
      await phone.close();
    } finally {
      product.onStream = undefined;
    }
  });
});

describe("twilio sim: TwiML and webhooks", () => {
  it("runs <Pause> then <Redirect> to another document ending in <Hangup>", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    product.twiml = (h) => (h.path === "/twiml" ? `<Response><Pause length="1"/><Redirect>/twiml-next?step=2</Redirect></Response>` : `<Response><Hangup/></Response>`);
    const c = await createCall(sims, { To: phone.number, Url: `${product.url}/twiml` });
    await phone.waitFor("incoming");
    phone.answer();
    const first = await product.waitHit((h) => h.path === "/twiml" && h.form.CallSid === c.sid);
    const second = await product.waitHit((h) => h.path === "/twiml-next" && h.form.CallSid === c.sid, 4000);
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(second.url).toBe(`${product.url}/twiml-next?step=2`);
    expect(await phone.waitFor("ended")).toMatchObject({ reason: "twiml-hangup" });
    await phone.close();
  });

  it("falls back to FallbackUrl when Url fails, and ends the call when TwiML is invalid", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    product.twiml = (h) => (h.path === "/twiml-fallback" ? "<Response><Hangup/></Response>" : "<Response><Say>unclosed</Response>");
    const c = await createCall(sims, { To: phone.number, Url: `${product.url}/fail`, FallbackUrl: `${product.url}/twiml-fallback` });
    await phone.waitFor("incoming");
    phone.answer();
    expect(await phone.waitFor("ended")).toMatchObject({ callSid: c.sid, reason: "twiml-hangup" });

    const d = await createCall(sims, { To: phone.number, Url: `${product.url}/twiml-bad` });
    await phone.waitFor("incoming");
    phone.answer();
    expect(await phone.waitFor("ended")).toMatchObject({ callSid: d.sid, reason: "twiml-error" });
    const st = await callState(sims, d.sid);
    expect(st.events.some((e) => e.what === "twiml-parse-error" && /12100/.test(e.detail ?? ""))).toBe(true);
    await phone.close();
  });

  it("a stream the product refuses is recorded and the next verb runs; <Stream statusCallback> hears start and stop", async () => {
    const phone = await HandsetClient.connect(sims.urls.twilio, nextNumber());
    product.twiml = () => `<Response><Connect><Stream url="ws://127.0.0.1:9/media"/></Connect><Say>Sorry, something went wrong.</Say></Response>`;
    const c = await createCall(sims, { To: phone.number, Url: `${product.url}/twiml` });
    await phone.waitFor("incoming");
    phone.answer();
    expect((await phone.waitFor("heard")).text).toBe("Sorry, something went wrong.");
    expect(await phone.waitFor("ended")).toMatchObject({ callSid: c.sid, reason: "twiml-end" });
    const [up] = await ctl<Array<{ url: string; error?: string; signature: string }>>(sims, `webhooks?callSid=${c.sid}&kind=stream-upgrade`);
    expect(up).toMatchObject({ url: "ws://127.0.0.1:9/media", error: expect.any(String) });
    expect((await callState(sims, c.sid)).streams[0].closedBy).toBe("error");

    product.twiml = () => `<Response><Connect><Stream url="${product.wsUrl}/media" name="main" statusCallback="${product.url}/stream-status"/></Connect></Response>`;
    const d = await createCall(sims, { To: phone.number, Url: `${product.url}/twiml` });
    await phone.waitFor("incoming");
    phone.answer();
    const stream = await product.waitStream(d.sid);
    stream.ws.close();
    const stopped = await product.waitHit((h) => h.path === "/stream-status" && h.form.CallSid === d.sid && h.form.StreamEvent === "stream-stopped");
    const started = product.hitsTo("/stream-status").find((h) => h.form.CallSid === d.sid && h.form.StreamEvent === "stream-started")!;
    expect(started.form).toMatchObject({ StreamSid: stream.streamSid, StreamName: "main", AccountSid: expect.stringMatching(/^AC/) });
    expect(stopped.at).toBeGreaterThanOrEqual(started.at);
    expect(await phone.waitFor("ended")).toMatchObject({ callSid: d.sid, reason: "twiml-end" });
    await phone.close();
  });

  it("records a webhook that fails and keeps going", async () => {
    const to = nextNumber();
    await ctl(sims, "busy", { number: to });
    const { sid } = await createCall(sims, { To: to, Url: `${product.url}/twiml`, StatusCallback: "http://127.0.0.1:9/nowhere" });
    await ended(sid);
    const hooks = await waitUntil(async () => {
      const w = await ctl<Array<{ kind: string; error?: string; status?: number; signature: string }>>(sims, `webhooks?callSid=${sid}`);
      return w.length && (w[0].error || w[0].status) ? w : undefined;
    }, 5000, "the failed webhook record");
    expect(hooks[0]).toMatchObject({ kind: "status-callback", error: expect.any(String) });
    expect(hooks[0].signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    const again = await createCall(sims, { To: to, Url: `${product.url}/twiml` });
    expect((await ended(again.sid)).status).toBe("busy");
  });

  it("lists calls, webhooks and SMS; reset forgets ended calls but leaves live ones running", async () => {
    const a = await answeredStreamCall(sims, product);
    const listed = await ctl<CallSummary[]>(sims, "calls");
    expect(listed.find((c) => c.sid === a.sid)?.status).toBe("in-progress");
    expect((await ctl<unknown[]>(sims, `webhooks?callSid=${a.sid}&kind=twiml`)).length).toBe(1);
    expect(await ctl(sims, "handsets")).toMatchObject({ connected: { [a.phone.number]: 1 } });
    const reset = await fetch(`${sims.urls.control}/reset`, { method: "POST" });
    expect(reset.status).toBe(200);
    const after = await ctl<CallSummary[]>(sims, "calls");
    expect(after.map((c) => c.sid)).toEqual([a.sid]);
    expect(await ctl<unknown[]>(sims, "webhooks")).toEqual([]);
    const said = await a.phone.say("Still here?", { durationMs: 200 });
    expect(said.text).toBe("Still here?");
    a.phone.hangup();
    await a.phone.close();
  });
});
