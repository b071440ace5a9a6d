// The voice list and voice previews, cached: the list for a few minutes per isolate (every
// persona save checks its voice against it), previews at the edge (same voice + model →
// same audio, so each sample is synthesised once).
import type { Config } from "../../core/config.ts";
import { pcm16ToWav } from "../../core/audio/wav.ts";
import { fetchVoices, PREVIEW_SAMPLE_RATE, synthesizePcm, type Voice } from "../../core/providers/elevenlabs-voices.ts";

const LIST_TTL_MS = 10 * 60_000;
let listed: { at: number; base: string; voices: Promise<Voice[]> } | undefined;

export function voiceList(config: Config): Promise<Voice[]> {
  const now = Date.now();
  if (!listed || listed.base !== config.elevenlabs.baseUrl || now - listed.at > LIST_TTL_MS) {
    const voices = fetchVoices(config.elevenlabs);
    listed = { at: now, base: config.elevenlabs.baseUrl, voices };
    // A failed fetch must not be remembered.
    voices.catch(() => {
      if (listed?.voices === voices) listed = undefined;
    });
  }
  return listed.voices;
}

export async function findVoice(config: Config, voiceId: string): Promise<Voice | undefined> {
  return (await voiceList(config)).find((v) => v.voiceId === voiceId);
}

export function previewText(v: Voice): string {
  return `Hi, I'm ${v.name}. This is how I'll sound when I call you.`;
}

function edgeCache(): Cache | undefined {
  return (globalThis as unknown as { caches?: { default?: Cache } }).caches?.default;
}

/** WAV bytes of the voice's sample, and whether they came from the cache. */
export async function voicePreview(config: Config, v: Voice): Promise<{ wav: Uint8Array<ArrayBuffer>; cached: boolean }> {
  const key = `https://voice-preview.callmeback.invalid/v1/${encodeURIComponent(config.elevenlabs.model)}/${encodeURIComponent(v.voiceId)}`;
  const cache = edgeCache();
  const hit = await cache?.match(key).catch(() => undefined);
  if (hit) return { wav: new Uint8Array(await hit.arrayBuffer()), cached: true };
  const wav = pcm16ToWav(await synthesizePcm(config.elevenlabs, v.voiceId, previewText(v)), PREVIEW_SAMPLE_RATE);
  await cache?.put(key, new Response(wav, { headers: { "content-type": "audio/wav", "cache-control": "public, max-age=2592000" } })).catch(() => {});
  return { wav, cached: false };
}
