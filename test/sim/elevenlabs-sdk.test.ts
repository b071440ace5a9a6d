// @elevenlabs/elevenlabs-js, unmodified, where it covers the endpoint: the voices list (with
// previews served by the simulator) and the HTTP streaming text-to-speech.
import { ElevenLabsClient, ElevenLabsError } from "@elevenlabs/elevenlabs-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRAME_BYTES } from "../../sim/audio/mulaw.ts";
import { KIND_REPLY, StreamReader, TextAssembler } from "../../sim/audio/watermark.ts";
import { simCredentials } from "../../sim/config.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";

const KEY = simCredentials().elevenlabs.apiKey;
let sims: Simulators;
let client: ElevenLabsClient;
beforeAll(async () => {
  sims = await startSimulators({ ephemeral: true });
  client = new ElevenLabsClient({ apiKey: KEY, baseUrl: sims.urls.elevenlabs, maxRetries: 0 });
});
afterAll(() => sims?.close());

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("elevenlabs simulator with @elevenlabs/elevenlabs-js", () => {
  it("lists the premade voices, with previews the browser can play from the simulator", async () => {
    const { voices } = await client.voices.getAll();
    expect(voices.length).toBeGreaterThanOrEqual(8);
    const adam = voices.find((v) => v.voiceId === "pNInz6obpgDQGcFmaJgB");
    expect(adam).toMatchObject({ name: "Adam", category: "premade" });
    expect(voices.find((v) => v.voiceId === "EXAVITQu4vr4xnSDxMaL")?.name).toBe("Sarah");
    expect(adam!.previewUrl!.startsWith(sims.urls.elevenlabs)).toBe(true);
    const res = await fetch(adam!.previewUrl!);
    expect(res.headers.get("content-type")).toBe("audio/wav");
    const wav = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe("RIFF");
    expect(wav.length).toBeGreaterThan(44 + 22050); // more than half a second of speech
  });

  it("streams ulaw_8000 speech whose every frame carries the reply watermark with the input text", async () => {
    const text = "Sure, I can call you back tomorrow at nine.";
    const audio = await readAll(await client.textToSpeech.stream("EXAVITQu4vr4xnSDxMaL", { text, modelId: "eleven_flash_v2_5", outputFormat: "ulaw_8000" }));
    expect(audio.length % FRAME_BYTES).toBe(0);
    // Natural speech rate: roughly 40–120 ms per character.
    expect(audio.length / 8).toBeGreaterThan(text.length * 40);
    expect(audio.length / 8).toBeLessThan(text.length * 120);
    const reader = new StreamReader();
    const asm = new TextAssembler();
    const frames = reader.push(audio);
    expect(frames.every((f) => f.mark?.kind === KIND_REPLY)).toBe(true);
    for (const f of frames) asm.add(f.mark!);
    expect(asm.text(KIND_REPLY, frames[0].mark!.id)).toBe(text);
  });

  it("streams NDJSON with timestamps whose characters spell the text", async () => {
    const text = "Good morning!";
    const stream = await client.textToSpeech.streamWithTimestamps("pNInz6obpgDQGcFmaJgB", { text, outputFormat: "pcm_16000" });
    let chars = "";
    let bytes = 0;
    let lastEnd = 0;
    for await (const chunk of stream) {
      bytes += Buffer.from(chunk.audioBase64, "base64").length;
      chars += chunk.alignment?.characters.join("") ?? "";
      lastEnd = Math.max(lastEnd, ...(chunk.alignment?.characterEndTimesSeconds ?? [0]));
    }
    expect(chars).toBe(text);
    expect(lastEnd).toBeCloseTo(bytes / 32000, 1);
  });

  it("answers a bad key with 401 and the real error shape", async () => {
    const bad = new ElevenLabsClient({ apiKey: "nope", baseUrl: sims.urls.elevenlabs, maxRetries: 0 });
    const err = await bad.voices.getAll().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ElevenLabsError);
    expect((err as ElevenLabsError).statusCode).toBe(401);
    expect((err as ElevenLabsError).body).toMatchObject({ detail: { status: "invalid_api_key", message: "Invalid API key" } });
  });

  it("answers an unknown voice with 404 voice_not_found and a missing text with 422", async () => {
    const r = await fetch(`${sims.urls.elevenlabs}/v1/text-to-speech/nope/stream?output_format=ulaw_8000`, { method: "POST", headers: { "xi-api-key": KEY, "content-type": "application/json" }, body: JSON.stringify({ text: "hi" }) });
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ detail: { code: "voice_not_found" } });
    const v = await fetch(`${sims.urls.elevenlabs}/v1/text-to-speech/nope/stream`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(v.status).toBe(422);
    expect(await v.json()).toMatchObject({ detail: [{ type: "missing", loc: ["body", "text"] }] });
  });
});
