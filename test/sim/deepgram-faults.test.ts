// Fault injection on the Deepgram socket, armed through the control API.
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silenceFrame, synthSpeech } from "../../sim/audio/speech.ts";
import { simCredentials } from "../../sim/config.ts";
import { startSimulators, type Simulators } from "../../sim/index.ts";
import { connect, control, rejection } from "./deepgram-elevenlabs-helpers.ts";

const AUTH = { Authorization: `Token ${simCredentials().deepgram.apiKey}` };
let sims: Simulators;
let url: string;
beforeAll(async () => {
  sims = await startSimulators({ ephemeral: true });
  url = `${sims.urls.deepgram.replace(/^http/, "ws")}/v1/listen?encoding=mulaw&sample_rate=8000&interim_results=true&endpointing=300`;
});
afterEach(() => control(sims.urls.control, "/faults?provider=deepgram", {}, "DELETE"));
afterAll(() => sims?.close());

const arm = (spec: Record<string, unknown>) => control(sims.urls.control, "/faults", { provider: "deepgram", match: "/v1/listen", ...spec });

describe("deepgram faults", () => {
  it("5xx: the upgrade is answered with the error status", async () => {
    await arm({ mode: "5xx", status: 503 });
    expect((await rejection(url, AUTH)).status).toBe(503);
    // One-shot by default: the next connection works.
    (await connect(url, AUTH)).ws.close();
  });

  it("refuse: the TCP connection is destroyed", async () => {
    await arm({ mode: "refuse" });
    await expect(connect(url, AUTH)).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it("hang: the upgrade is never answered", async () => {
    await arm({ mode: "hang" });
    const ws = new WebSocket(url, { headers: AUTH, handshakeTimeout: 800 });
    const err = await new Promise<Error>((r) => ws.on("error", r));
    expect(err.message).toMatch(/timed out/);
  });

  it("slow: the upgrade is answered late", async () => {
    await arm({ mode: "slow", delayMs: 700 });
    const t0 = performance.now();
    (await connect(url, AUTH)).ws.close();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(680);
  });

  it("drop: the socket dies mid-stream without a close frame", async () => {
    await arm({ mode: "drop", afterMessages: 3 });
    const c = await connect(url, AUTH);
    for (const f of [...synthSpeech("Talking until the line drops on us.", { id: 12 }), ...Array.from({ length: 30 }, silenceFrame)]) c.ws.send(f);
    expect((await c.closed).code).toBe(1006);
    expect(c.messages.length).toBe(3);
  });
});
