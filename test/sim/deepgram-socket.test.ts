// The /v1/listen socket over raw WebSockets: handshake errors, control messages, the idle
// close, and the reconnect contract (no word lost or repeated across a dropped socket).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRAME_BYTES } from "../../sim/audio/mulaw.ts";
import { silenceFrame, synthSpeech } from "../../sim/audio/speech.ts";
import { simCredentials } from "../../sim/config.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import { connect, control, rejection, sleep, type Conn } from "./deepgram-elevenlabs-helpers.ts";

const KEY = simCredentials().deepgram.apiKey;
const AUTH = { Authorization: `Token ${KEY}` };
const QUERY = "model=nova-3&encoding=mulaw&sample_rate=8000&channels=1&interim_results=true&endpointing=300&utterance_end_ms=1000&vad_events=true&smart_format=true&punctuate=true&language=en-US";

let sims: Simulators;
let listen: (q?: string) => string;
beforeAll(async () => {
  sims = await startSimulators({ ephemeral: true });
  listen = (q = QUERY) => `${sims.urls.deepgram.replace(/^http/, "ws")}/v1/listen?${q}`;
});
afterAll(() => sims?.close());

type Results = { type: "Results"; is_final: boolean; from_finalize: boolean; start: number; duration: number; channel: { alternatives: Array<{ transcript: string; words: Array<{ punctuated_word: string }> }> } };
const finals = (c: Conn) => c.messages.map((m) => m.data).filter((d): d is Results => d.type === "Results" && d.is_final === true);
const finalWords = (c: Conn) => finals(c).flatMap((r) => r.channel.alternatives[0].words.map((w) => w.punctuated_word));

function concat(frames: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(frames.length * FRAME_BYTES);
  frames.forEach((f, i) => out.set(f, i * FRAME_BYTES));
  return out;
}

describe("deepgram /v1/listen handshake", () => {
  it("rejects a bad key with 401, dg-error and dg-request-id, like the real service", async () => {
    const r = await rejection(listen(), { Authorization: "Token wrong" });
    expect(r.status).toBe(401);
    expect(r.headers["dg-error"]).toBe("Invalid credentials.");
    const body = JSON.parse(r.body) as Record<string, string>;
    expect(body).toMatchObject({ err_code: "INVALID_AUTH", err_msg: "Invalid credentials." });
    expect(r.headers["dg-request-id"]).toBe(body.request_id);
    expect((await rejection(listen())).status).toBe(401);
  });

  it("rejects unsupported parameters with 400", async () => {
    for (const q of ["encoding=wav&sample_rate=8000", "encoding=mulaw", "encoding=mulaw&sample_rate=abc", "encoding=mulaw&sample_rate=8000&interim_results=maybe"]) {
      const r = await rejection(listen(q), AUTH);
      expect(r.status, q).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ err_code: "Bad Request" });
    }
  });

  it("accepts the browser form of auth (Sec-WebSocket-Protocol: token, <key>)", async () => {
    const c = await connect(listen(), {}, ["token", KEY]);
    expect(c.ws.protocol).toBe("token");
    c.ws.close();
  });
});

describe("deepgram /v1/listen stream", () => {
  it("answers Finalize with from_finalize Results and CloseStream with Metadata then 1000", async () => {
    const c = await connect(listen(), AUTH);
    for (const f of synthSpeech("Please call me back tomorrow morning.", { id: 5 }).slice(0, 70)) c.ws.send(f);
    c.ws.send(JSON.stringify({ type: "Finalize" }));
    const r = (await c.next((m) => m.from_finalize === true)) as Results;
    expect(r.is_final).toBe(true);
    expect(r.channel.alternatives[0].transcript.startsWith("Please call me")).toBe(true);
    c.ws.send(JSON.stringify({ type: "CloseStream" }));
    const meta = await c.next((m) => m.type === "Metadata");
    expect(meta).toMatchObject({ transaction_key: "deprecated", channels: 1, duration: 1.4 });
    expect(await c.closed).toEqual({ code: 1000, reason: "" });
  });

  it("treats an empty binary frame as the legacy end of stream and closes", async () => {
    const c = await connect(listen(), AUTH);
    c.ws.send(new Uint8Array(0));
    await c.next((m) => m.type === "Metadata");
    expect((await c.closed).code).toBe(1000);
  });

  it("reports unwatermarked speech with SpeechStarted and empty transcripts", async () => {
    const c = await connect(listen(), AUTH);
    const mic = synthSpeech("no marks here at all", { id: 6 }).map((f) => f.map((b) => b & 0xfe));
    c.ws.send(concat([...mic, ...Array.from({ length: 30 }, silenceFrame)]));
    await c.next((m) => m.speech_final === true);
    expect(c.messages[0].data.type).toBe("SpeechStarted");
    expect(finals(c).every((r) => r.channel.alternatives[0].transcript === "")).toBe(true);
    c.ws.close();
  });

  it("closes 1011 NET-0001 after 10 s with neither audio nor a message; KeepAlive resets the timer", async () => {
    const c = await connect(listen(), AUTH);
    const t0 = performance.now();
    await sleep(6000);
    c.ws.send(JSON.stringify({ type: "KeepAlive" }));
    const closed = await c.closed;
    const elapsed = performance.now() - t0;
    expect(closed).toEqual({ code: 1011, reason: "NET-0001" });
    expect(c.messages).toHaveLength(0);
    expect(elapsed).toBeGreaterThan(15_500);
    expect(elapsed).toBeLessThan(17_500);
  }, 25_000);

  it("keeps every word exactly once when a socket drops mid-utterance and the tail is replayed", async () => {
    const text = "I wanted to tell you that the appointment moved to Thursday afternoon at three thirty, so please remember.";
    const audio = concat([...Array.from({ length: 10 }, silenceFrame), ...synthSpeech(text, { id: 321 }), ...Array.from({ length: 80 }, silenceFrame)]);
    const a = await connect(listen(), AUTH);
    // 4 s of audio: a periodic final lands at 3 s, mid-utterance; then the socket dies.
    a.ws.send(audio.subarray(0, 4 * 8000));
    await a.next((m) => m.is_final === true);
    await sleep(150);
    a.ws.terminate();
    const last = finals(a).at(-1)!;
    const resume = Math.round((last.start + last.duration) * 8000);
    expect(resume).toBeGreaterThan(8000);
    expect(resume).toBeLessThan(4 * 8000);
    // The product replays what it sent after the last final, in arbitrary chunk sizes.
    const b = await connect(listen(), AUTH);
    const tail = audio.subarray(resume);
    for (let i = 0; i < tail.length; i += 333) b.ws.send(tail.subarray(i, i + 333));
    await b.next((m) => m.type === "UtteranceEnd");
    const words = [...finalWords(a), ...finalWords(b)];
    expect(finalWords(a).length).toBeGreaterThan(3);
    expect(finalWords(b).length).toBeGreaterThan(3);
    expect(words.join(" ")).toBe(text);
    b.ws.close();
  });

  it("shows open streams, audio received and transcripts in state()", async () => {
    const c = await connect(listen(), AUTH);
    c.ws.send(concat([...synthSpeech("State check.", { id: 8 }), ...Array.from({ length: 20 }, silenceFrame)]));
    await c.next((m) => m.speech_final === true);
    const st = (await control(sims.urls.control, "/deepgram/state")) as { streams: Array<{ bytes: number; seconds: number; transcripts: string[]; params: { endpointing: number } }> };
    const mine = st.streams.find((s) => s.transcripts.includes("State check."));
    expect(mine).toMatchObject({ params: { endpointing: 300 } });
    expect(mine!.seconds).toBeCloseTo(mine!.bytes / 8000);
    c.ws.close();
  });
});
