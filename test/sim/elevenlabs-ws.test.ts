// stream-input and multi-stream-input over raw WebSockets: contexts, flush, close_context,
// the 5-context limit, end of input, authentication, watermarks and the inactivity close.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KIND_REPLY, StreamReader, TextAssembler } from "../../sim/audio/watermark.ts";
import { simCredentials } from "../../sim/config.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import { connect, sleep, type Conn } from "./deepgram-elevenlabs-helpers.ts";

const KEY = simCredentials().elevenlabs.apiKey;
const AUTH = { "xi-api-key": KEY };
const ADAM = "pNInz6obpgDQGcFmaJgB";
let sims: Simulators;
let wsUrl: (kind: "stream-input" | "multi-stream-input", q?: string, voice?: string) => string;
beforeAll(async () => {
  sims = await startSimulators({ ephemeral: true });
  wsUrl = (kind, q = "model_id=eleven_flash_v2_5&output_format=ulaw_8000", voice = ADAM) => `${sims.urls.elevenlabs.replace(/^http/, "ws")}/v1/text-to-speech/${voice}/${kind}?${q}`;
});
afterAll(() => sims?.close());

const send = (c: Conn, m: unknown) => c.ws.send(JSON.stringify(m));
const audioOf = (c: Conn, ctx?: string) => c.messages.filter((m) => typeof m.data.audio === "string" && (ctx === undefined || m.data.contextId === ctx));

/** Texts of the reply watermarks in the audio a context received, in order of first appearance. */
function heard(c: Conn, ctx?: string): string[] {
  const reader = new StreamReader();
  const asm = new TextAssembler();
  const ids: number[] = [];
  for (const m of audioOf(c, ctx))
    for (const f of reader.push(Buffer.from(m.data.audio as string, "base64"))) {
      if (f.mark?.kind !== KIND_REPLY) throw new Error("unmarked reply frame");
      asm.add(f.mark);
      if (!ids.includes(f.mark.id)) ids.push(f.mark.id);
    }
  return ids.map((id) => asm.text(KIND_REPLY, id) ?? "?");
}

describe("elevenlabs multi-stream-input", () => {
  it("speaks each context separately, tagged with its contextId, and watermarks the text", async () => {
    const c = await connect(wsUrl("multi-stream-input"), AUTH);
    send(c, { text: " ", context_id: "turn-1", voice_settings: { stability: 0.5, similarity_boost: 0.8 } });
    send(c, { text: "Hello Ada, how are you today? ", context_id: "turn-1" });
    send(c, { context_id: "turn-1", flush: true });
    send(c, { text: "Second context here. ", context_id: "turn-2", flush: true });
    await c.next((m) => m.contextId === "turn-2" && m.audio !== undefined);
    await sleep(300);
    expect(heard(c, "turn-1")).toEqual(["Hello Ada, how are you today?"]);
    expect(heard(c, "turn-2")).toEqual(["Second context here."]);
    // Alignment: per-chunk relative times whose characters spell the text.
    const chars = audioOf(c, "turn-1").flatMap((m) => ((m.data.alignment as { chars: string[] } | null)?.chars ?? []));
    expect(chars.join("")).toBe("Hello Ada, how are you today?");
    const first = audioOf(c, "turn-1")[0].data;
    expect((first.alignment as { charStartTimesMs: number[] }).charStartTimesMs[0]).toBe(0);
    expect(first.normalizedAlignment).toEqual(first.alignment);
    c.ws.close();
  });

  it("buffers text until the chunk schedule is reached or a flush comes", async () => {
    const c = await connect(wsUrl("multi-stream-input"), AUTH);
    send(c, { text: " ", context_id: "a", generation_config: { chunk_length_schedule: [60] } });
    send(c, { text: "Short bit. ", context_id: "a" });
    await sleep(300);
    expect(audioOf(c)).toHaveLength(0);
    send(c, { text: "Now this makes it long enough to pass sixty characters. ", context_id: "a" });
    await c.next((m) => m.audio !== undefined);
    await sleep(300);
    expect(heard(c, "a")).toEqual(["Short bit. Now this makes it long enough to pass sixty characters."]);
    c.ws.close();
  });

  it("close_context stops that context's audio at once and sends its isFinal", async () => {
    await fetch(`${sims.urls.control}/profile`, { method: "POST", body: JSON.stringify({ name: "zero", overrides: { "elevenlabs.realtime_factor": { p50: 2 } } }) });
    try {
      const c = await connect(wsUrl("multi-stream-input"), AUTH);
      send(c, { text: "This is a rather long answer that will take a few seconds to speak out loud. ", context_id: "long", flush: true });
      await c.next((m) => m.contextId === "long" && m.audio !== undefined);
      send(c, { context_id: "long", close_context: true });
      const fin = await c.next((m) => m.isFinal === true, 500);
      expect(fin).toEqual({ isFinal: true, contextId: "long" });
      const count = audioOf(c, "long").length;
      await sleep(700);
      expect(audioOf(c, "long").length).toBe(count);
      // The socket stays usable for the next context.
      send(c, { text: "Next. ", context_id: "after", flush: true });
      await c.next((m) => m.contextId === "after" && m.audio !== undefined);
      c.ws.close();
    } finally {
      await fetch(`${sims.urls.control}/profile`, { method: "POST", body: JSON.stringify({ name: "zero" }) });
    }
  });

  it("allows 5 simultaneous contexts; a 6th gets the real error and the socket closes 1008", async () => {
    const c = await connect(wsUrl("multi-stream-input"), AUTH);
    for (let i = 1; i <= 5; i++) send(c, { text: " ", context_id: `c${i}` });
    send(c, { context_id: "c1", close_context: true });
    send(c, { text: " ", context_id: "c6" }); // fine: c1 was closed
    send(c, { text: " ", context_id: "c7" });
    const err = await c.next((m) => m.error !== undefined);
    expect(err).toEqual({
      message: "Maximum simultaneous contexts per WebSocket connection exceeded (5). Please close an existing context before opening a new one.",
      error: "max_active_conversations",
      code: 1008,
    });
    const closed = await c.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason.startsWith("Maximum simultaneous contexts")).toBe(true);
  });
});

describe("elevenlabs stream-input", () => {
  it("speaks, then on empty text sends isFinal and closes 1000", async () => {
    const c = await connect(wsUrl("stream-input"), AUTH);
    send(c, { text: " " });
    send(c, { text: "Sure, I can book that for you. " });
    send(c, { text: "What time works? " });
    send(c, { text: "" });
    expect((await c.closed).code).toBe(1000);
    expect(c.messages.at(-1)!.data).toEqual({ isFinal: true });
    expect(heard(c).join(" ")).toBe("Sure, I can book that for you. What time works?");
    expect(audioOf(c).every((m) => !("contextId" in m.data))).toBe(true);
  });

  it("takes the key from the first message, and refuses a wrong one with 1008", async () => {
    const ok = await connect(wsUrl("stream-input"));
    send(ok, { text: " ", "xi-api-key": KEY });
    send(ok, { text: "Authenticated. ", flush: true });
    await ok.next((m) => m.audio !== undefined);
    ok.ws.close();
    const bad = await connect(wsUrl("stream-input"));
    send(bad, { text: " ", xi_api_key: "wrong" });
    expect(await bad.next((m) => m.error !== undefined)).toMatchObject({ error: "invalid_api_key", code: 1008 });
    expect((await bad.closed).code).toBe(1008);
  });

  it("explains an unknown voice and an unknown output format before closing 1008", async () => {
    const v = await connect(wsUrl("stream-input", undefined, "NoSuchVoice"), AUTH);
    expect(await v.next(() => true)).toMatchObject({ error: "voice_not_found", message: "A voice with voice_id 'NoSuchVoice' was not found." });
    expect((await v.closed).code).toBe(1008);
    const f = await connect(wsUrl("stream-input", "output_format=ulaw_9000"), AUTH);
    expect(await f.next(() => true)).toMatchObject({ error: "invalid_output_format" });
    expect((await f.closed).code).toBe(1008);
  });

  it("closes 1008 input_timeout_exceeded after 20 s without text (the default inactivity_timeout)", async () => {
    const c = await connect(wsUrl("stream-input"), AUTH);
    const t0 = performance.now();
    send(c, { text: " " });
    const err = await c.next((m) => m.error !== undefined, 25_000);
    const elapsed = performance.now() - t0;
    expect(err).toMatchObject({ error: "input_timeout_exceeded", code: 1008 });
    expect(String(err.message)).toMatch(/^Have not received a new text input within the timeout of 20 seconds/);
    const closed = await c.closed;
    expect(closed.code).toBe(1008);
    expect(new TextEncoder().encode(closed.reason).length).toBeLessThanOrEqual(123);
    expect(elapsed).toBeGreaterThan(19_500);
    expect(elapsed).toBeLessThan(21_500);
  }, 30_000);
});
