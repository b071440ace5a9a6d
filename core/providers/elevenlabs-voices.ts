// ElevenLabs outside the call: the voice catalogue (GET /v1/voices) for the persona editor,
// and a short sample through text-to-speech for the voice preview. Raw 16 kHz PCM is asked
// for (every plan and the simulator can produce it) and wrapped as WAV for the browser.
import type { Config } from "../config.ts";
import { ProviderError } from "./errors.ts";

export interface Voice {
  voiceId: string;
  name: string;
  description: string;
  /** e.g. { gender: "female", accent: "american", age: "young" } */
  labels: Record<string, string>;
}

type ElevenLabsConfig = Config["elevenlabs"];

export const PREVIEW_SAMPLE_RATE = 16_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseVoices(body: unknown): Voice[] {
  const list = isRecord(body) && Array.isArray(body.voices) ? body.voices : [];
  const out: Voice[] = [];
  for (const v of list) {
    if (!isRecord(v) || typeof v.voice_id !== "string" || typeof v.name !== "string") continue;
    const labels: Record<string, string> = {};
    if (isRecord(v.labels)) for (const [k, x] of Object.entries(v.labels)) if (typeof x === "string") labels[k] = x;
    out.push({ voiceId: v.voice_id, name: v.name, description: typeof v.description === "string" ? v.description : "", labels });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export async function fetchVoices(cfg: ElevenLabsConfig, signal?: AbortSignal): Promise<Voice[]> {
  let res: Response;
  try {
    res = await fetch(`${cfg.baseUrl}/v1/voices`, { headers: { "xi-api-key": cfg.apiKey, accept: "application/json" }, signal: signal ?? AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new ProviderError("elevenlabs", `voices request failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw new ProviderError("elevenlabs", `voices request failed: HTTP ${res.status}`, { status: res.status });
  return parseVoices(await res.json());
}

/** 16-bit little-endian mono PCM of `text` in `voiceId`. */
export async function synthesizePcm(cfg: ElevenLabsConfig, voiceId: string, text: string, signal?: AbortSignal): Promise<Uint8Array> {
  const url = `${cfg.baseUrl}/v1/text-to-speech/${encodeURIComponent(voiceId)}?output_format=pcm_${PREVIEW_SAMPLE_RATE}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "xi-api-key": cfg.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ text, model_id: cfg.model }),
      signal: signal ?? AbortSignal.timeout(20_000),
    });
  } catch (e) {
    throw new ProviderError("elevenlabs", `preview failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw new ProviderError("elevenlabs", `preview failed: HTTP ${res.status}`, { status: res.status });
  return new Uint8Array(await res.arrayBuffer());
}
