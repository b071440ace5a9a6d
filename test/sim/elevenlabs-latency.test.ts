// With the published latency profile the first audio of a flushed text arrives after the
// configured `elevenlabs.first_audio` (p50 150 ms); and synthesis is cheap enough for many calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simCredentials } from "../../sim/config.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import { PROFILES } from "../../sim/core/latency.ts";
import { connect, control } from "./deepgram-elevenlabs-helpers.ts";

const AUTH = { "xi-api-key": simCredentials().elevenlabs.apiKey };
let sims: Simulators;
let url: string;
beforeAll(async () => {
  sims = await startSimulators({ ephemeral: true });
  url = `${sims.urls.elevenlabs.replace(/^http/, "ws")}/v1/text-to-speech/EXAVITQu4vr4xnSDxMaL/multi-stream-input?model_id=eleven_flash_v2_5&output_format=ulaw_8000`;
});
afterAll(() => sims?.close());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const TEXTS = ["Okay.", "Sure, that works for me.", "Let me check that for you.", "Talk to you tomorrow!"];

describe("elevenlabs latency and cost", () => {
  it("measures a first-audio p50 within 20% of the published profile's", async () => {
    await control(sims.urls.control, "/profile", { name: "published" });
    try {
      // 6 sockets × 12 turns = 72 samples: the median of a log-normal with p95/p50 = 5/3 is
      // then within ~±6% (1 SE), so ±20% fails only when the simulator is actually off.
      const socketRuns = Array.from({ length: 6 }, async (_, s) => {
        const c = await connect(url, AUTH);
        const out: number[] = [];
        for (let i = 0; i < 12; i++) {
          const id = `s${s}-t${i}`;
          const t0 = performance.now();
          c.ws.send(JSON.stringify({ text: `${TEXTS[(s + i) % TEXTS.length]} `, context_id: id, flush: true }));
          await c.next((m) => m.contextId === id && m.audio !== undefined);
          out.push(c.messages.find((m) => m.data.contextId === id && m.data.audio !== undefined)!.at - t0);
          c.ws.send(JSON.stringify({ context_id: id, close_context: true }));
          await c.next((m) => m.contextId === id && m.isFinal === true);
        }
        c.ws.close();
        return out;
      });
      const samples = (await Promise.all(socketRuns)).flat();
      const configured = PROFILES.published["elevenlabs.first_audio"]!.p50;
      expect(samples).toHaveLength(72);
      console.log(`first audio: measured p50 ${median(samples).toFixed(1)} ms, configured ${configured} ms`);
      expect(Math.abs(median(samples) - configured) / configured).toBeLessThan(0.2);
    } finally {
      await control(sims.urls.control, "/profile", { name: "zero" });
    }
  });

  it("measures the CPU cost of synthesis (reported, not asserted: the machine is shared)", async () => {
    const sentences = Array.from({ length: 20 }, (_, i) => `Reminder number ${i + 1}: your appointment with doctor Rivera is on ${["Monday", "Tuesday", "Friday"][i % 3]} at ${(i % 11) + 1} thirty.`);
    const base = sims.urls.elevenlabs;
    await Promise.all(
      sentences.map((text) =>
        fetch(`${base}/v1/text-to-speech/pNInz6obpgDQGcFmaJgB?output_format=ulaw_8000`, { method: "POST", headers: { ...AUTH, "content-type": "application/json" }, body: JSON.stringify({ text }) }).then((r) => r.arrayBuffer()),
      ),
    );
    const st = (await control(sims.urls.control, "/elevenlabs/state")) as { synthesis: { audioMs: number; cpuMs: number; cpuMsPerAudioSecond: number } };
    expect(st.synthesis.audioMs).toBeGreaterThan(20 * 3000);
    // Logged for the record: the measured cost per second of speech.
    console.log(`eSpeak synthesis: ${st.synthesis.cpuMsPerAudioSecond.toFixed(1)} ms CPU per second of audio`);
    expect(st.synthesis.cpuMsPerAudioSecond).toBeGreaterThan(0);
  });
});
