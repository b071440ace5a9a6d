// ElevenLabs simulator: stream-input and multi-stream-input WebSockets, the REST endpoints, and
// real (eSpeak-NG) speech whose every ulaw_8000 frame carries a kind-2 watermark.
import type { SimRequest, UpgradeDecision } from "../core/server.ts";
import type { ProviderSim, SimContext } from "../core/types.ts";
import { ERR } from "./errors.ts";
import { DEFAULT_OUTPUT_FORMAT, parseOutputFormat } from "./formats.ts";
import { createHttpHandler } from "./http.ts";
import { WS_ERRORS, closeReason } from "./messages.ts";
import { StreamInputSession } from "./stream-input.ts";
import { Synthesizer } from "./synth.ts";
import type { GenerationRecord } from "./tts-context.ts";
import { findModel, findVoice } from "./voices.ts";

const WS_PATH = /^\/v1\/text-to-speech\/([^/]+)\/(stream-input|multi-stream-input)$/;
const MAX_GENERATIONS = 5000;

type Generation = GenerationRecord & { socketId: number | null; path?: string; at: number };

export function createElevenLabsSim(ctx: SimContext): ProviderSim {
  const synth = new Synthesizer();
  synth.warmUp();
  const sessions = new Set<StreamInputSession>();
  const closedSessions: StreamInputSession[] = [];
  let generations: Generation[] = [];
  let utterance = 0;
  // u16 like the watermark field; 0 is skipped so a zeroed id never looks like a reply.
  const nextUtteranceId = () => (utterance = (utterance % 0xffff) + 1);
  const record = (g: GenerationRecord & { socketId: number | null; path?: string }) => {
    // Keep the caller's object: the context fills in firstAudioMs / durationMs later.
    const rec = Object.assign(g, { at: Date.now() });
    generations.push(rec);
    if (generations.length > MAX_GENERATIONS) generations.splice(0, generations.length - MAX_GENERATIONS);
  };
  const http = createHttpHandler({ ctx, synth, nextUtteranceId, record });

  async function upgrade(req: SimRequest): Promise<UpgradeDecision> {
    const m = WS_PATH.exec(req.path);
    if (!m) return { reject: 404, body: JSON.stringify(ERR.notFound().body) };
    await ctx.latency.delay("elevenlabs.connect");
    const q = req.url.searchParams;
    const voiceId = decodeURIComponent(m[1]);
    const modelId = q.get("model_id") ?? "eleven_flash_v2_5";
    const outputFormat = q.get("output_format") ?? DEFAULT_OUTPUT_FORMAT;
    const inactivity = Number(q.get("inactivity_timeout") ?? 20);
    const header = req.headers["xi-api-key"];
    const voice = findVoice(voiceId);
    const fmt = parseOutputFormat(outputFormat);
    // The real service accepts the socket, then explains in an error frame and closes 1008.
    const problem = !voice
      ? WS_ERRORS.voiceNotFound(voiceId)
      : !findModel(modelId)
        ? WS_ERRORS.modelNotFound(modelId)
        : !fmt.ok
          ? { message: fmt.message, error: fmt.code }
          : !Number.isFinite(inactivity) || inactivity < 1 || inactivity > 180
            ? { message: "inactivity_timeout must be between 1 and 180 seconds.", error: "invalid_parameters" }
            : undefined;
    return {
      accept: (socket) => {
        if (problem || !voice || !fmt.ok) {
          const e = problem ?? WS_ERRORS.invalidMessage;
          socket.send(JSON.stringify({ message: e.message, error: e.error, code: 1008 }));
          socket.close(1008, closeReason(e.message));
          return;
        }
        const session = new StreamInputSession(
          socket,
          {
            multi: m[2] === "multi-stream-input",
            voiceId,
            modelId,
            outputFormat,
            format: fmt.format,
            inactivityS: inactivity,
            autoMode: q.get("auto_mode") === "true",
            headerKey: typeof header === "string" ? header : undefined,
            apiKey: ctx.credentials.elevenlabs.apiKey,
          },
          { latency: ctx.latency, synth: (text, speed) => synth.synthesize(text, voice.espeak, speed), nextUtteranceId, record },
        );
        sessions.add(session);
        socket.ws.on("close", () => {
          sessions.delete(session);
          closedSessions.push(session);
          if (closedSessions.length > 500) closedSessions.shift();
        });
      },
    };
  }

  const describe = (s: StreamInputSession) => ({
    socketId: s.socket.record.id,
    path: s.socket.record.path,
    open: s.socket.open,
    voiceId: s.opts.voiceId,
    modelId: s.opts.modelId,
    outputFormat: s.opts.outputFormat,
    multi: s.opts.multi,
    chars: s.history.reduce((n, c) => n + c.chars, 0),
    contexts: s.history.map((c) => ({ contextId: c.deps.contextId, open: !c.closed && [...s.contexts.values()].includes(c), chars: c.chars, generations: c.generations })),
  });

  return {
    name: ctx.name,
    handlers: {
      errorBody: (status, message) => ({ contentType: "application/json", body: JSON.stringify(ERR.server(status, message).body) }),
      request: (req, res) => http(req, res),
      upgrade,
    },
    state: () => ({
      sockets: [...sessions].map(describe),
      closedSockets: closedSessions.map(describe),
      generations,
      synthesis: { ...synth.stats, cpuMsPerAudioSecond: synth.stats.audioMs ? (synth.stats.cpuMs * 1000) / synth.stats.audioMs : null },
    }),
    reset: () => {
      generations = [];
      closedSessions.length = 0;
    },
    control: {
      generations: () => generations,
    },
    close: async () => {
      for (const s of sessions) s.socket.drop();
      await synth.close();
    },
  };
}

