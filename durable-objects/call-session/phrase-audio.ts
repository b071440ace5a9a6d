// Fixed lines a persona may need at once — the greeting, "one sec…", an apology, a check-in,
// the time warning and the goodbye — rendered through ElevenLabs' HTTP stream once per
// persona + voice + text and cached at the edge, so they play with no provider in the loop
// (even when the TTS provider is the thing that failed).
import type { Config } from "../../core/config.ts";
import { ProviderError } from "../../core/providers/errors.ts";
import type { AlignedChar } from "./heard-text.ts";
import type { TtsVoice } from "./providers/elevenlabs.ts";

export interface RenderedPhrase {
  text: string;
  b64: string;
  chars: AlignedChar[];
  /** Characters billed by the TTS provider when it was rendered (0 on a cache hit). */
  billedChars: number;
}

const CACHE_VERSION = "v1";

async function cacheKey(voice: TtsVoice, text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${CACHE_VERSION}|${voice.voiceId}|${voice.modelId}|${voice.languageCode ?? ""}|${text}`));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `https://phrase-cache.callmeback.invalid/${hex}`;
}

function bytesToB64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function b64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Render through /stream/with-timestamps (NDJSON: audio_base64 + alignment in seconds). */
async function render(cfg: Config["elevenlabs"], voice: TtsVoice, text: string, signal?: AbortSignal): Promise<RenderedPhrase> {
  const url = `${cfg.baseUrl}/v1/text-to-speech/${encodeURIComponent(voice.voiceId)}/stream/with-timestamps?output_format=ulaw_8000`;
  const body: Record<string, unknown> = { text, model_id: voice.modelId };
  if (voice.languageCode && /_v2_5$/.test(voice.modelId)) body.language_code = voice.languageCode;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "xi-api-key": cfg.apiKey, "Content-Type": "application/json" }, body: JSON.stringify(body), signal: signal ?? AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new ProviderError("elevenlabs", `render failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw new ProviderError("elevenlabs", `render failed: HTTP ${res.status}`, { status: res.status });
  const lines = (await res.text()).split("\n").filter((l) => l.trim());
  const parts: Uint8Array[] = [];
  const chars: AlignedChar[] = [];
  let offsetMs = 0;
  for (const line of lines) {
    const j = JSON.parse(line) as { audio_base64?: string; alignment?: { characters?: string[]; character_start_times_seconds?: number[] } | null };
    const bytes = j.audio_base64 ? b64ToBytes(j.audio_base64) : new Uint8Array(0);
    j.alignment?.characters?.forEach((ch, i) => chars.push({ ch, startMs: offsetMs + (j.alignment?.character_start_times_seconds?.[i] ?? 0) * 1000 }));
    parts.push(bytes);
    offsetMs += bytes.length / 8;
  }
  const total = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    total.set(p, o);
    o += p.length;
  }
  if (total.length === 0) throw new ProviderError("elevenlabs", "render returned no audio", { retryable: true });
  return { text, b64: bytesToB64(total), chars, billedChars: text.length };
}

export async function renderPhrase(cfg: Config["elevenlabs"], voice: TtsVoice, text: string, signal?: AbortSignal): Promise<RenderedPhrase> {
  const cache = (globalThis as unknown as { caches?: { default?: Cache } }).caches?.default;
  const key = await cacheKey(voice, text);
  if (cache) {
    const hit = await cache.match(key).catch(() => undefined);
    if (hit) {
      const j = (await hit.json()) as Omit<RenderedPhrase, "billedChars">;
      return { ...j, billedChars: 0 };
    }
  }
  const r = await render(cfg, voice, text, signal);
  if (cache) {
    const stored = new Response(JSON.stringify({ text: r.text, b64: r.b64, chars: r.chars }), {
      headers: { "content-type": "application/json", "cache-control": "public, max-age=2592000" },
    });
    await cache.put(key, stored).catch(() => {});
  }
  return r;
}
