// ElevenLabs REST: text-to-speech (whole file, streamed, and both with timestamps), voices with
// locally served previews, models and the user. Validation order follows the real service:
// body validation (422) before authentication (401), then the voice (404), then the format (400).
import type { ServerResponse } from "node:http";
import { sleep } from "../core/latency.ts";
import { sendJson, type SimRequest } from "../core/server.ts";
import type { SimContext } from "../core/types.ts";
import { ERR, validation, type ApiError } from "./errors.ts";
import { DEFAULT_OUTPUT_FORMAT, contentType, parseOutputFormat, wav, type OutputFormat } from "./formats.ts";
import { renderGeneration, type Rendered } from "./render.ts";
import type { Synthesizer } from "./synth.ts";
import type { GenerationRecord } from "./tts-context.ts";
import { MODELS, VOICES, findModel, findVoice, modelJson, voiceJson, type SimVoice } from "./voices.ts";

export interface HttpDeps {
  ctx: SimContext;
  synth: Synthesizer;
  nextUtteranceId(): number;
  record(g: GenerationRecord & { socketId: null; path: string }): void;
}

const TTS = /^\/v1\/text-to-speech\/([^/]+)(\/stream)?(\/with-timestamps)?$/;

class Failure extends Error {
  readonly err: ApiError;
  constructor(err: ApiError) {
    super("api error");
    this.err = err;
  }
}

export function createHttpHandler(deps: HttpDeps) {
  const base = () => deps.ctx.urls().elevenlabs;
  const authed = (req: SimRequest) => {
    const key = req.headers["xi-api-key"];
    if (typeof key !== "string") throw new Failure(ERR.missingKey());
    if (key !== deps.ctx.credentials.elevenlabs.apiKey) throw new Failure(ERR.invalidKey());
  };
  const voice = (id: string): SimVoice => {
    const v = findVoice(decodeURIComponent(id));
    if (!v) throw new Failure(ERR.voiceNotFound(decodeURIComponent(id)));
    return v;
  };

  async function route(req: SimRequest, res: ServerResponse): Promise<void> {
    const p = req.path;
    if (req.method === "GET") {
      const preview = /^\/v1\/voices\/([^/]+)\/preview$/.exec(p);
      // Previews are public files (a CDN link on the real service), so no key is needed.
      if (preview) return sendPreview(voice(preview[1]), res);
      authed(req);
      if (p === "/v1/voices") return sendJson(res, 200, { voices: VOICES.map((x) => voiceJson(x, base())) });
      if (p === "/v2/voices") return sendJson(res, 200, { voices: VOICES.map((x) => voiceJson(x, base())), has_more: false, total_count: VOICES.length, next_page_token: null });
      const one = /^\/v1\/voices\/([^/]+)$/.exec(p);
      if (one) return sendJson(res, 200, voiceJson(voice(one[1]), base()));
      if (p === "/v1/models") return sendJson(res, 200, MODELS.map(modelJson));
      if (p === "/v1/user") return sendJson(res, 200, userJson());
      if (p === "/v1/user/subscription") return sendJson(res, 200, userJson().subscription);
    }
    const tts = TTS.exec(p);
    if (req.method === "POST" && tts) return textToSpeech(req, res, tts[1], tts[2] !== undefined, tts[3] !== undefined);
    throw new Failure(ERR.notFound());
  }

  async function sendPreview(v: SimVoice, res: ServerResponse): Promise<void> {
    const s = await deps.synth.synthesize(`Hello, I'm ${v.name}. This is how I sound on a phone call.`, v.espeak);
    const body = wav(s.samples, s.sampleRate);
    res.writeHead(200, { "content-type": "audio/wav", "content-length": String(body.length), "cache-control": "public, max-age=86400" }).end(body);
  }

  async function textToSpeech(req: SimRequest, res: ServerResponse, voiceId: string, stream: boolean, timestamps: boolean): Promise<void> {
    let body: Record<string, unknown>;
    try {
      const j: unknown = JSON.parse(req.body || "null");
      if (typeof j !== "object" || j === null || Array.isArray(j)) throw new Failure(validation(["body"], "model_attributes_type", "Input should be a valid dictionary or object to extract fields from", j));
      body = j as Record<string, unknown>;
    } catch (e) {
      if (e instanceof Failure) throw e;
      throw new Failure(validation(["body", 0], "json_invalid", "JSON decode error", {}));
    }
    if (body.text === undefined) throw new Failure(validation(["body", "text"], "missing", "Field required", null));
    if (typeof body.text !== "string") throw new Failure(validation(["body", "text"], "string_type", "Input should be a valid string", body.text));
    authed(req);
    const v = voice(voiceId);
    const modelId = typeof body.model_id === "string" ? body.model_id : "eleven_multilingual_v2";
    if (!findModel(modelId)) throw new Failure(ERR.modelNotFound(modelId));
    const fmt = parseOutputFormat(req.url.searchParams.get("output_format") ?? DEFAULT_OUTPUT_FORMAT);
    if (!fmt.ok) throw new Failure(ERR.outputFormat(fmt.code, fmt.message));
    const text = body.text.trim();
    if (!text) throw new Failure(ERR.emptyText());
    const settings = typeof body.voice_settings === "object" && body.voice_settings !== null ? (body.voice_settings as Record<string, unknown>) : {};
    const speed = typeof settings.speed === "number" ? settings.speed : 1;

    const triggeredAt = performance.now();
    const firstDelay = deps.ctx.latency.ms("elevenlabs.first_audio");
    const factor = deps.ctx.latency.rate("elevenlabs.realtime_factor", 1000);
    const rec: GenerationRecord & { socketId: null; path: string } = { socketId: null, path: req.path, contextId: null, utteranceId: deps.nextUtteranceId(), text, chars: text.length, complete: false };
    deps.record(rec);
    const speech = await deps.synth.synthesize(text, v.espeak, speed);
    const r = renderGeneration(speech, text, fmt.format, rec.utteranceId);
    rec.durationMs = r.durationMs;
    await sleep(triggeredAt + firstDelay - performance.now());
    if (!stream) {
      // Whole-file endpoints answer once everything is generated.
      await sleep((r.durationMs / factor) | 0);
      rec.complete = true;
      rec.firstAudioMs = performance.now() - triggeredAt;
      if (timestamps) return sendJson(res, 200, timestampsJson(r, 0, r.durationMs, r.audio));
      res.writeHead(200, { "content-type": contentType(fmt.format), "content-length": String(r.audio.length) }).end(r.audio);
      return;
    }
    await streamChunks(req, res, r, fmt.format, timestamps, factor, rec, triggeredAt);
  }

  async function streamChunks(req: SimRequest, res: ServerResponse, r: Rendered, format: OutputFormat, timestamps: boolean, factor: number, rec: GenerationRecord, triggeredAt: number) {
    res.writeHead(200, { "content-type": timestamps ? "application/json" : contentType(format), "transfer-encoding": "chunked" });
    const drop = deps.ctx.faults.take(req.path, ["drop"]);
    if (drop?.afterMs !== undefined) setTimeout(() => res.destroy(), drop.afterMs).unref();
    const start = performance.now();
    const first = r.chunks[0]?.toMs ?? 0;
    let sent = 0;
    for (const c of r.chunks) {
      await sleep(start + (c.toMs - first) / factor - performance.now());
      if (res.destroyed) return;
      rec.firstAudioMs ??= performance.now() - triggeredAt;
      res.write(timestamps ? JSON.stringify(timestampsJson(r, c.fromMs, c.toMs, c.bytes)) + "\n" : c.bytes);
      if (drop && drop.afterMs === undefined && ++sent >= (drop.afterMessages ?? 1)) return void res.destroy();
    }
    rec.complete = true;
    res.end();
  }

  return async (req: SimRequest, res: ServerResponse): Promise<void> => {
    try {
      await route(req, res);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      sendJson(res, e.err.status, e.err.body);
    }
  };
}

/** The REST shape: absolute seconds, start and end per character. */
function timestampsJson(r: Rendered, fromMs: number, toMs: number, audio: Uint8Array) {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const last = toMs >= r.durationMs;
  for (let i = 0; i < r.align.chars.length; i++) {
    const t = r.align.startMs[i];
    if (t < fromMs || (t >= toMs && !last)) continue;
    chars.push(r.align.chars[i]);
    starts.push(t / 1000);
    ends.push((t + r.align.durMs[i]) / 1000);
  }
  const alignment = chars.length ? { characters: chars, character_start_times_seconds: starts, character_end_times_seconds: ends } : null;
  return { audio_base64: Buffer.from(audio).toString("base64"), alignment, normalized_alignment: alignment };
}

function userJson() {
  return {
    user_id: "sim_user_0001",
    first_name: "Local",
    is_new_user: false,
    is_onboarding_completed: true,
    can_use_delayed_payment_methods: false,
    subscription: {
      tier: "creator",
      character_count: 0,
      character_limit: 1_000_000,
      can_extend_character_limit: false,
      allowed_to_extend_character_limit: false,
      next_character_count_reset_unix: Math.floor(Date.now() / 1000) + 30 * 86400,
      voice_limit: 30,
      professional_voice_limit: 1,
      can_extend_voice_limit: false,
      can_use_instant_voice_cloning: true,
      can_use_professional_voice_cloning: false,
      currency: "usd",
      status: "active",
      billing_period: "monthly_period",
      character_refresh_period: "monthly_period",
    },
  };
}
