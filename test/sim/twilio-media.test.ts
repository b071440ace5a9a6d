// Media Streams between the Twilio simulator and a stand-in product: the start message,
// continuous 20 ms inbound frames, the handset's speech arriving watermarked at real time,
// mark/clear playback semantics, and the measurements the benchmark reads back.
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRAME_BYTES } from "../../sim/audio/mulaw.ts";
import { synthSpeech } from "../../sim/audio/speech.ts";
import { KIND_CALLER, KIND_REPLY, TextAssembler, readFrame } from "../../sim/audio/watermark.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import { answeredStreamCall, callState, creds, updateCall, waitUntil } from "./twilio-call-helpers.ts";
import { FakeProduct, type FakeStream, type StreamMsg } from "./twilio-fake-product.ts";

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

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const payloadOf = (m: StreamMsg) => new Uint8Array(Buffer.from((m.media as { payload: string }).payload, "base64"));

/** Reply audio (watermark kind 2) as the TTS would produce it: `frames` × 20 ms. */
function reply(id: number, text: string, frames: number): Uint8Array[] {
  return synthSpeech(text, { id, kind: KIND_REPLY, durationMs: frames * 20 });
}
function sendAudio(s: FakeStream, frames: Uint8Array[]) {
  for (const f of frames) s.send({ event: "media", streamSid: s.streamSid, media: { payload: b64(f) } });
}

describe("twilio sim: media stream, Twilio → product", () => {
  it("signs the upgrade, sends connected + start with the <Parameter>s, then 20 ms μ-law frames continuously", async () => {
    const { phone, sid, stream } = await answeredStreamCall(sims, product, {}, { callId: "c_123", token: "opaque" });
    expect(twilio.validateRequest(creds.authToken, String(stream.headers["x-twilio-signature"]), `${product.wsUrl}/media`, {})).toBe(true);
    expect(twilio.validateRequest(creds.authToken, String(stream.headers["x-twilio-signature"]), `${product.wsUrl}/other`, {})).toBe(false);
    await new Promise((r) => setTimeout(r, 1000));
    const [connected, start] = stream.messages;
    expect(connected).toMatchObject({ event: "connected", protocol: "Call", version: "1.0.0" });
    expect(start).toMatchObject({
      event: "start", sequenceNumber: "1",
      start: { accountSid: creds.accountSid, callSid: sid, tracks: ["inbound"], customParameters: { callId: "c_123", token: "opaque" }, mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 } },
    });
    expect(start.streamSid).toMatch(/^MZ[0-9a-f]{32}$/);
    expect((start.start as { streamSid: string }).streamSid).toBe(start.streamSid);

    const media = stream.of("media");
    const spanMs = media[media.length - 1].at - media[0].at;
    expect(media.length).toBeGreaterThan(35);
    expect((media.length - 1) / (spanMs / 1000)).toBeGreaterThan(40);
    expect((media.length - 1) / (spanMs / 1000)).toBeLessThan(60);
    media.forEach((m, i) => {
      expect(m.sequenceNumber).toBe(String(i + 2));
      expect(m.streamSid).toBe(start.streamSid);
      expect(m.media).toMatchObject({ track: "inbound", chunk: String(i + 1) });
      expect(typeof (m.media as { timestamp: unknown }).timestamp).toBe("string");
      const bytes = payloadOf(m);
      expect(bytes.length).toBe(FRAME_BYTES);
      expect(bytes.every((b) => b === 0xff)).toBe(true); // the caller is silent: μ-law silence
    });
    const ts = media.map((m) => Number((m.media as { timestamp: string }).timestamp));
    expect(ts.every((t, i) => i === 0 || t > ts[i - 1])).toBe(true);
    expect((await callState(sims, sid)).metrics.streamStartAt).toBeGreaterThan(0);
    phone.hangup();
    await phone.close();
  });

  it("carries a handset `say` as watermarked inbound media at 50 frames/s, then silence again", async () => {
    const { phone, sid, stream } = await answeredStreamCall(sims, product);
    const text = "What is on my calendar for tomorrow morning?";
    const said = await phone.say(text);
    await new Promise((r) => setTimeout(r, 100));
    const speech = stream.of("media").map((m) => ({ at: m.at, mark: readFrame(payloadOf(m)) })).filter((x) => x.mark?.kind === KIND_CALLER && x.mark.id === said.id);
    expect(speech.length).toBe(synthSpeech(text, { id: said.id }).length);
    const asm = new TextAssembler();
    for (const x of speech) asm.add(x.mark!);
    expect(asm.text(KIND_CALLER, said.id)).toBe(text);
    expect(speech.map((x) => x.mark!.index)).toEqual(speech.map((_, i) => i));
    const fps = (speech.length - 1) / ((speech[speech.length - 1].at - speech[0].at) / 1000);
    expect(fps).toBeGreaterThan(40);
    expect(fps).toBeLessThan(60);
    expect(said.endAt - said.startAt).toBeGreaterThan(speech.length * 20 * 0.8);

    const { metrics } = await callState(sims, sid);
    const say = metrics.says.find((s) => s.id === said.id)!;
    expect(say).toMatchObject({ text, startAt: said.startAt, endAt: said.endAt });
    expect(say.sentStartAt).toBeGreaterThanOrEqual(say.startAt!);
    expect(metrics.inboundSpeechFramesSent).toBeGreaterThanOrEqual(speech.length);
    expect(metrics.inboundFramesSent).toBeGreaterThan(metrics.inboundSpeechFramesSent);
    phone.dtmf("5");
    const dtmf = await stream.waitFor((m) => m.event === "dtmf");
    expect(dtmf).toMatchObject({ streamSid: stream.streamSid, dtmf: { track: "inbound_track", digit: "5" } });
    expect(typeof dtmf.sequenceNumber).toBe("string");
    phone.hangup();
    await stream.waitFor((m) => m.event === "stop");
    await phone.close();
  });
});

describe("twilio sim: media stream, product → Twilio (playback, mark, clear)", () => {
  it("echoes a mark only after the 1 s of audio before it has played; the handset hears it and its text", async () => {
    const { phone, sid, stream } = await answeredStreamCall(sims, product);
    const said = await phone.say("Hello?", { durationMs: 200 });
    const sentAt = Date.now();
    sendAudio(stream, reply(501, "Hi, this is your daily check-in call.", 50));
    stream.send({ event: "mark", streamSid: stream.streamSid, mark: { name: "utt-1" } });
    const echo = await stream.waitFor((m) => m.event === "mark", 5000, "the mark echo");
    expect(echo).toMatchObject({ streamSid: stream.streamSid, mark: { name: "utt-1" } });
    expect(typeof echo.sequenceNumber).toBe("string");
    expect(echo.at - sentAt).toBeGreaterThanOrEqual(950);
    expect(echo.at - sentAt).toBeLessThan(2500);
    const heard = await phone.waitFor("heard");
    expect(heard).toMatchObject({ callSid: sid, id: 501, text: "Hi, this is your daily check-in call." });
    expect(phone.audioFrames).toBeGreaterThanOrEqual(50);

    // A mark with nothing queued comes straight back.
    const before = Date.now();
    stream.send({ event: "mark", streamSid: stream.streamSid, mark: { name: "empty" } });
    const echo2 = await stream.waitFor((m) => m.event === "mark" && (m.mark as { name: string }).name === "empty");
    expect(echo2.at - before).toBeLessThan(200);

    const { metrics, streams } = await callState(sims, sid);
    expect(metrics.outboundFramesPlayed).toBe(50);
    expect(metrics.heard).toEqual([expect.objectContaining({ id: 501, frames: 50, text: "Hi, this is your daily check-in call." })]);
    expect(metrics.lateFrames).toBe(0);
    const say = metrics.says.find((s) => s.id === said.id)!;
    expect(say.firstReplyHeardAt).toBeGreaterThanOrEqual(say.endAt!);
    expect(say.replyId).toBe(501);
    expect(say.mouthToEarMs).toBe(say.firstReplyHeardAt! - say.endAt!);
    expect(streams[0].marksEchoed).toEqual(["utt-1", "empty"]);
    phone.hangup();
    await phone.close();
  });

  it("clear drops unplayed audio, echoes pending marks at once, and the handset hears nothing more", async () => {
    const { phone, sid, stream } = await answeredStreamCall(sims, product);
    sendAudio(stream, reply(502, "A long answer that the caller is about to interrupt.", 150));
    stream.send({ event: "mark", streamSid: stream.streamSid, mark: { name: "long" } });
    await waitUntil(() => phone.audioFrames >= 15, 3000, "playback to start");
    const clearAt = Date.now();
    stream.send({ event: "clear", streamSid: stream.streamSid });
    const echo = await stream.waitFor((m) => m.event === "mark", 2000, "the mark echo after clear");
    expect(echo.at - clearAt).toBeLessThan(200);
    const framesAtClear = phone.audioFrames;
    await new Promise((r) => setTimeout(r, 500));
    expect(phone.audioFrames - framesAtClear).toBeLessThanOrEqual(1);
    expect(phone.audioFrames).toBeLessThan(60);

    const { metrics } = await callState(sims, sid);
    expect(metrics.clears).toHaveLength(1);
    expect(metrics.clears[0]).toMatchObject({ interruptedId: 502, marksEchoed: ["long"] });
    expect(metrics.clears[0].droppedBytes).toBeGreaterThan(100 * FRAME_BYTES);
    expect(metrics.staleAfterClearMs).toBe(0);
    phone.hangup();
    await phone.close();
  });

  it("measures stale audio a product plays after clear, and late frames when its audio runs dry", async () => {
    const { phone, sid, stream } = await answeredStreamCall(sims, product);
    const frames = reply(503, "Interrupted reply that a buggy product keeps sending.", 60);
    sendAudio(stream, frames.slice(0, 30));
    await waitUntil(() => phone.audioFrames >= 10, 3000, "playback to start");
    stream.send({ event: "clear", streamSid: stream.streamSid });
    await new Promise((r) => setTimeout(r, 50));
    sendAudio(stream, frames.slice(30, 40)); // the bug: the interrupted reply continues
    // Another reply whose second half arrives 400 ms after the first half finished playing.
    const late = reply(504, "A reply with a gap.", 20);
    sendAudio(stream, late.slice(0, 10));
    await new Promise((r) => setTimeout(r, 800));
    sendAudio(stream, late.slice(10));
    await new Promise((r) => setTimeout(r, 400));
    const { metrics } = await callState(sims, sid);
    expect(metrics.staleAfterClearMs).toBe(200);
    expect(metrics.lateFrames).toBe(1);
    phone.hangup();
    await phone.close();
  });

  it("records messages it cannot accept without stopping the stream", async () => {
    const { phone, sid, stream } = await answeredStreamCall(sims, product);
    stream.send("not json");
    stream.send({ event: "media", streamSid: "MZ00000000000000000000000000000000", media: { payload: "/w==" } });
    stream.send({ event: "media", streamSid: stream.streamSid, media: { payload: "@@@" } });
    stream.send({ event: "dance", streamSid: stream.streamSid });
    const st = await waitUntil(async () => {
      const s = await callState(sims, sid);
      return s.streams[0].rejected.length === 4 ? s : undefined;
    }, 2000, "4 rejected messages");
    expect(st.status).toBe("in-progress");
    expect(stream.closedAt).toBeUndefined();
    phone.hangup();
    await phone.close();
  });
});

describe("twilio sim: latency stages", () => {
  it("delays REST answers, inbound media and what the handset hears by the profile's twilio.* stages", async () => {
    const profile = (body: unknown) => fetch(`${sims.urls.control}/profile`, { method: "POST", body: JSON.stringify(body) });
    await profile({ name: "zero", overrides: { "twilio.rest": { p50: 300 }, "twilio.media.inbound": { p50: 200 }, "twilio.media.outbound": { p50: 300 } } });
    try {
      const t0 = Date.now();
      const { phone, sid, stream } = await answeredStreamCall(sims, product);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
      const said = await phone.say("Hi there", { durationMs: 200 });
      const say = await waitUntil(async () => (await callState(sims, sid)).metrics.says.find((x) => x.id === said.id && x.sentEndAt), 3000, "the say to reach the product");
      expect(say.sentStartAt! - say.startAt!).toBeGreaterThanOrEqual(180);
      expect(say.sentStartAt! - say.startAt!).toBeLessThan(400);
      const sentAt = Date.now();
      sendAudio(stream, reply(505, "Delayed reply.", 10));
      stream.send({ event: "mark", streamSid: stream.streamSid, mark: { name: "d" } });
      const echo = await stream.waitFor((m) => m.event === "mark");
      const heard = await phone.waitFor("heard");
      // The mark follows playback; the ear hears each frame 300 ms after it played.
      expect(echo.at - sentAt).toBeLessThan(600);
      const { metrics } = await callState(sims, sid);
      expect(metrics.heard[0].firstAt - sentAt).toBeGreaterThanOrEqual(280);
      expect(heard.at - sentAt).toBeGreaterThanOrEqual(280);
      phone.hangup();
      await phone.close();
    } finally {
      await profile({ name: "zero" });
    }
  });
});

describe("twilio sim: how a stream ends", () => {
  it("continues with the next verb when the product closes the socket, then completes", async () => {
    const { phone, sid, stream } = await answeredStreamCall(sims, product, {}, {}, "<Say>Goodbye for now.</Say>");
    stream.ws.close(1000, "done");
    const heard = await phone.waitFor("heard", 5000);
    expect(heard.text).toBe("Goodbye for now.");
    const ended = await phone.waitFor("ended", 5000);
    expect(ended).toMatchObject({ callSid: sid, status: "completed", reason: "twiml-end" });
    const st = await callState(sims, sid);
    expect(st.streams[0].closedBy).toBe("server");
    await phone.close();
  });

  it("TimeLimit stops the stream and completes the call", async () => {
    const { phone, sid, stream } = await answeredStreamCall(sims, product, { TimeLimit: "1" });
    const stop = await stream.waitFor((m) => m.event === "stop", 4000, "stop");
    expect(stop).toMatchObject({ streamSid: stream.streamSid, stop: { accountSid: creds.accountSid, callSid: sid } });
    const startAt = stream.of("start")[0].at;
    expect(stop.at - startAt).toBeGreaterThan(700);
    expect(stop.at - startAt).toBeLessThan(3000);
    await stream.waitClosed();
    expect(await phone.waitFor("ended")).toMatchObject({ status: "completed", reason: "time-limit" });
    expect((await callState(sims, sid)).streams[0].closedBy).toBe("sim");
    await phone.close();
  });

  it("REST Status=completed stops the stream; a REST redirect runs new TwiML", async () => {
    const a = await answeredStreamCall(sims, product);
    const r = await updateCall(sims, a.sid, { Twiml: "<Response><Say>Redirected.</Say></Response>" });
    expect(r.status).toBe(200);
    await a.stream.waitFor((m) => m.event === "stop");
    await a.stream.waitClosed();
    expect((await a.phone.waitFor("heard")).text).toBe("Redirected.");
    expect(await a.phone.waitFor("ended")).toMatchObject({ reason: "twiml-end" });
    await a.phone.close();

    const b = await answeredStreamCall(sims, product);
    expect((await updateCall(sims, b.sid, { Status: "completed" })).body.status).toBe("completed");
    await b.stream.waitFor((m) => m.event === "stop");
    await b.stream.waitClosed();
    expect(await b.phone.waitFor("ended")).toMatchObject({ reason: "rest-hangup" });
    await b.phone.close();
  });
});
