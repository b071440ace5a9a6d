// /v1/listen query parameters: the ones the simulator acts on, validated the way the real
// service rejects them (HTTP 400 on the upgrade). Unknown or unused parameters are accepted,
// as Deepgram accepts them.

export type Encoding = "mulaw" | "linear16";

export interface ListenParams {
  model: string;
  language: string;
  /** undefined = not given (container audio the simulator cannot decode). */
  encoding?: Encoding;
  sampleRate: number;
  channels: number;
  interimResults: boolean;
  /** Silence (ms) that ends an utterance with speech_final; false = no endpointing. */
  endpointing: number | false;
  utteranceEndMs?: number;
  vadEvents: boolean;
  punctuate: boolean;
  smartFormat: boolean;
  mipOptOut: boolean;
}

/** Every encoding value the real API knows; the simulator decodes only the raw telephone ones. */
const KNOWN_ENCODINGS = new Set(["linear16", "linear32", "flac", "alaw", "mulaw", "amr-nb", "amr-wb", "opus", "ogg-opus", "speex", "g729"]);
const RAW = new Set(["linear16", "linear32", "alaw", "mulaw", "amr-nb", "amr-wb", "speex", "g729", "opus"]);

export type ParamsResult = { ok: true; params: ListenParams } | { ok: false; message: string };

function bool(q: URLSearchParams, name: string, def: boolean): boolean | string {
  const v = q.get(name);
  if (v === null) return def;
  if (v === "true") return true;
  if (v === "false") return false;
  return `Invalid value for ${name}: '${v}' (expected true or false).`;
}

export function parseListenParams(q: URLSearchParams): ParamsResult {
  const fail = (message: string): ParamsResult => ({ ok: false, message: `Bad Request: ${message}` });
  const enc = q.get("encoding") ?? undefined;
  if (enc !== undefined && !KNOWN_ENCODINGS.has(enc)) return fail(`Invalid encoding '${enc}'.`);
  if (enc !== undefined && enc !== "mulaw" && enc !== "linear16") return fail(`The local Deepgram simulator decodes only mulaw and linear16 audio, not '${enc}'.`);
  const rateText = q.get("sample_rate");
  const sampleRate = rateText === null ? NaN : Number(rateText);
  if (rateText !== null && (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 96000)) return fail(`Invalid sample_rate '${rateText}'.`);
  if (enc !== undefined && RAW.has(enc) && rateText === null) return fail("sample_rate is required when encoding is a raw audio format.");
  if (enc === "mulaw" && sampleRate !== 8000 && sampleRate !== 16000) return fail(`mulaw audio must be 8000 or 16000 Hz, not ${sampleRate}.`);
  const chText = q.get("channels") ?? "1";
  const channels = Number(chText);
  if (!Number.isInteger(channels) || channels < 1 || channels > 16) return fail(`Invalid channels '${chText}'.`);
  const ep = q.get("endpointing");
  let endpointing: number | false = 10;
  if (ep === "false") endpointing = false;
  else if (ep !== null) {
    endpointing = Number(ep);
    if (!Number.isInteger(endpointing) || endpointing < 0) return fail(`Invalid endpointing '${ep}' (milliseconds or false).`);
  }
  const ue = q.get("utterance_end_ms");
  const utteranceEndMs = ue === null ? undefined : Number(ue);
  if (utteranceEndMs !== undefined && (!Number.isInteger(utteranceEndMs) || utteranceEndMs < 0)) return fail(`Invalid utterance_end_ms '${ue}'.`);
  const flags = {
    interimResults: bool(q, "interim_results", false),
    vadEvents: bool(q, "vad_events", false),
    punctuate: bool(q, "punctuate", false),
    smartFormat: bool(q, "smart_format", false),
    mipOptOut: bool(q, "mip_opt_out", false),
  };
  for (const v of Object.values(flags)) if (typeof v === "string") return fail(v);
  const f = flags as Record<keyof typeof flags, boolean>;
  return {
    ok: true,
    params: {
      model: q.get("model") ?? "base",
      language: q.get("language") ?? "en",
      encoding: enc as Encoding | undefined,
      sampleRate: Number.isFinite(sampleRate) ? sampleRate : 8000,
      channels,
      interimResults: f.interimResults,
      endpointing,
      utteranceEndMs,
      vadEvents: f.vadEvents,
      punctuate: f.punctuate,
      smartFormat: f.smartFormat,
      mipOptOut: f.mipOptOut,
    },
  };
}

/** Results.metadata.model_info for a model parameter ("nova-3" → "general-nova-3"). */
export function modelInfo(model: string): { name: string; version: string; arch: string } {
  const m = /^(nova-3|nova-2|nova|enhanced|base)(?:-(.+))?$/.exec(model);
  const arch = m ? m[1] : model;
  const domain = m?.[2] ?? "general";
  return { name: `${domain}-${arch}`, version: "2025-04-17.21547", arch };
}
