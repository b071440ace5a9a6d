// One generation's audio in the requested format, cut into the chunks the socket sends. In
// ulaw_8000 every 20 ms frame carries a kind-2 watermark (reply id + text), so the handset can
// tell which reply — and which part of it — it actually heard.
import { FRAME_BYTES, MULAW_SILENCE } from "../audio/mulaw.ts";
import { KIND_REPLY, markFrame } from "../audio/watermark.ts";
import { alignChars, sliceAlignment, type CharTimes } from "./alignment.ts";
import { bytesPerSecond, encodeAudio, type OutputFormat } from "./formats.ts";
import type { Speech } from "./synth.ts";

export interface AudioChunk {
  bytes: Uint8Array;
  fromMs: number;
  toMs: number;
  alignment: { chars: string[]; charStartTimesMs: number[]; charDurationsMs: number[] };
}

export interface Rendered {
  audio: Uint8Array;
  durationMs: number;
  align: CharTimes;
  chunks: AudioChunk[];
}

/** The first chunk is small so playback can start early; later ones carry more per message. */
export const FIRST_CHUNK_MS = 100;
export const CHUNK_MS = 250;

export function renderGeneration(speech: Speech, text: string, format: OutputFormat, utteranceId: number): Rendered {
  let audio = encodeAudio(speech.samples, speech.sampleRate, format);
  if (format.kind === "ulaw") audio = watermark(audio, utteranceId, text);
  const bps = bytesPerSecond(format);
  const durationMs = (audio.length * 1000) / bps;
  const align = alignChars(text, speech.words, durationMs);
  const frame = Math.round(bps / 50); // 20 ms, so chunks split on watermark frames
  const chunks: AudioChunk[] = [];
  let at = 0;
  while (at < audio.length) {
    const ms = chunks.length === 0 ? FIRST_CHUNK_MS : CHUNK_MS;
    const end = Math.min(audio.length, at + Math.max(frame, Math.round((ms * bps) / 1000 / frame) * frame));
    const fromMs = (at * 1000) / bps;
    const toMs = (end * 1000) / bps;
    chunks.push({ bytes: audio.subarray(at, end), fromMs, toMs, alignment: sliceAlignment(align, fromMs, toMs, end === audio.length) });
    at = end;
  }
  return { audio, durationMs, align, chunks };
}

/** Pad to whole frames and mark each one. */
export function watermark(mulaw: Uint8Array, id: number, text: string): Uint8Array {
  const total = Math.max(1, Math.ceil(mulaw.length / FRAME_BYTES));
  const out = new Uint8Array(total * FRAME_BYTES).fill(MULAW_SILENCE);
  out.set(mulaw);
  for (let f = 0; f < total; f++) markFrame(out.subarray(f * FRAME_BYTES, (f + 1) * FRAME_BYTES), { kind: KIND_REPLY, id: id & 0xffff, index: f, total, text });
  return out;
}
