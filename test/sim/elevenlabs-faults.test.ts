// Fault injection on the ElevenLabs socket and HTTP stream, armed through the control API.
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { simCredentials } from "../../sim/config.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import { connect, control, rejection } from "./deepgram-elevenlabs-helpers.ts";

const AUTH = { "xi-api-key": simCredentials().elevenlabs.apiKey };
let sims: Simulators;
let url: string;
beforeAll(async () => {
  sims = await startSimulators({ ephemeral: true });
  url = `${sims.urls.elevenlabs.replace(/^http/, "ws")}/v1/text-to-speech/pNInz6obpgDQGcFmaJgB/multi-stream-input?output_format=ulaw_8000`;
});
afterEach(() => control(sims.urls.control, "/faults?provider=elevenlabs", {}, "DELETE"));
afterAll(() => sims?.close());

const arm = (spec: Record<string, unknown>) => control(sims.urls.control, "/faults", { provider: "elevenlabs", ...spec });
const LONG = "This reply goes on for a while so that the audio needs many chunks to arrive. ";

describe("elevenlabs faults", () => {
  it("5xx: the upgrade is answered with the error status and ElevenLabs' error body", async () => {
    await arm({ mode: "5xx", match: "stream-input" });
    const r = await rejection(url, AUTH);
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toMatchObject({ detail: { type: "internal_error" } });
  });

  it("refuse: the TCP connection is destroyed", async () => {
    await arm({ mode: "refuse", match: "stream-input" });
    await expect(connect(url, AUTH)).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it("hang: the upgrade is never answered", async () => {
    await arm({ mode: "hang", match: "stream-input" });
    const ws = new WebSocket(url, { headers: AUTH, handshakeTimeout: 800 });
    expect((await new Promise<Error>((r) => ws.on("error", r))).message).toMatch(/timed out/);
  });

  it("slow: the upgrade is answered late", async () => {
    await arm({ mode: "slow", match: "stream-input", delayMs: 700 });
    const t0 = performance.now();
    (await connect(url, AUTH)).ws.close();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(680);
  });

  it("drop: the socket dies mid-stream without a close frame", async () => {
    await arm({ mode: "drop", match: "stream-input", afterMessages: 2 });
    const c = await connect(url, AUTH);
    c.ws.send(JSON.stringify({ text: LONG, context_id: "x", flush: true }));
    expect((await c.closed).code).toBe(1006);
    expect(c.messages.length).toBe(2);
  });

  it("drop: the HTTP audio stream is cut after some chunks", async () => {
    await arm({ mode: "drop", match: "/stream", afterMessages: 2 });
    const res = await fetch(`${sims.urls.elevenlabs}/v1/text-to-speech/pNInz6obpgDQGcFmaJgB/stream?output_format=ulaw_8000`, { method: "POST", headers: { ...AUTH, "content-type": "application/json" }, body: JSON.stringify({ text: LONG }) });
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it("5xx on HTTP text-to-speech uses the provider's error body", async () => {
    await arm({ mode: "5xx", match: "/v1/text-to-speech", status: 503 });
    const res = await fetch(`${sims.urls.elevenlabs}/v1/text-to-speech/pNInz6obpgDQGcFmaJgB/stream`, { method: "POST", headers: { ...AUTH, "content-type": "application/json" }, body: JSON.stringify({ text: "hi" }) });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ detail: { code: "internal_error" } });
  });
});
