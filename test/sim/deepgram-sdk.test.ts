// @deepgram/sdk, unmodified, against the simulator: live transcription of a handset-style
// utterance (watermarked speech between silences) sent at real-time pace.
import { DeepgramClient } from "@deepgram/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silenceFrame, synthSpeech } from "../../sim/audio/speech.ts";
import { simCredentials } from "../../sim/config.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import { sendRealtime, sleep } from "./deepgram-elevenlabs-helpers.ts";

let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators({ ephemeral: true });
});
afterAll(() => sims?.close());

describe("deepgram simulator with @deepgram/sdk", () => {
  it("streams SpeechStarted, interim and final Results with the words, and UtteranceEnd", async () => {
    const http = sims.urls.deepgram;
    const client = new DeepgramClient({
      apiKey: simCredentials().deepgram.apiKey,
      environment: { base: http, production: http.replace(/^http/, "ws"), agent: http.replace(/^http/, "ws"), agentRest: http },
    });
    const conn = await client.listen.v1.connect({
      model: "nova-3",
      encoding: "mulaw",
      sample_rate: 8000,
      channels: 1,
      interim_results: "true",
      endpointing: 300,
      utterance_end_ms: 1000,
      vad_events: "true",
      smart_format: "true",
      punctuate: "true",
      language: "en-US",
      reconnectAttempts: 0,
    });
    const got: Array<{ type: string; [k: string]: unknown }> = [];
    conn.on("message", (m) => got.push(m as unknown as { type: string }));
    const closed = new Promise<number>((r) => conn.on("close", (e) => r(e.code)));
    conn.connect();
    await conn.waitForOpen();

    const text = "Hi, I'd like to book a table for two at seven tonight.";
    const frames = [...Array.from({ length: 15 }, silenceFrame), ...synthSpeech(text, { id: 101 }), ...Array.from({ length: 75 }, silenceFrame)];
    await sendRealtime((f) => conn.sendMedia(f), frames);
    await sleep(300);
    conn.sendCloseStream({ type: "CloseStream" });
    expect(await closed).toBe(1000);

    const types = got.map((m) => m.type);
    expect(types[0]).toBe("SpeechStarted");
    const results = got.filter((m) => m.type === "Results") as unknown as Array<{
      is_final: boolean;
      speech_final: boolean;
      start: number;
      duration: number;
      channel: { alternatives: Array<{ transcript: string; words: Array<{ word: string; punctuated_word: string; start: number; end: number }> }> };
    }>;
    const interims = results.filter((r) => !r.is_final && r.channel.alternatives[0].words.length > 0);
    expect(interims.length).toBeGreaterThan(5);
    const finals = results.filter((r) => r.is_final);
    expect(finals.map((r) => r.channel.alternatives[0].transcript).filter(Boolean).join(" ")).toBe(text);
    expect(finals.some((r) => r.speech_final)).toBe(true);
    const words = finals.flatMap((r) => r.channel.alternatives[0].words);
    expect(words.map((w) => w.word).slice(0, 3)).toEqual(["hi", "i'd", "like"]);
    // Word times are in stream seconds: speech started after 15 silent frames (0.3 s).
    expect(words[0].start).toBeCloseTo(0.3, 2);
    expect(words.at(-1)!.end).toBeLessThanOrEqual(0.3 + (text.length * 60) / 1000 + 0.02);
    const ue = types.indexOf("UtteranceEnd");
    expect(ue).toBeGreaterThan(types.lastIndexOf("Results", ue));
    expect(types.at(-1)).toBe("Metadata");
    const meta = got.at(-1) as unknown as { duration: number; channels: number; sha256: string };
    expect(meta.duration).toBeCloseTo(frames.length * 0.02, 3);
    expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
