// Speech-like audio for simulated talkers (the handset's caller): a voiced sound whose
// length follows the text (about 60 ms per character, as in conversational speech), loud
// enough for any energy VAD, with the text written into it (see watermark.ts).
import { FRAME_BYTES, MULAW_SILENCE, SAMPLE_RATE, encodeSample } from "./mulaw.ts";
import { KIND_CALLER, markFrame, type WatermarkKind } from "./watermark.ts";

export const MS_PER_CHAR = 60;
export const MIN_SPEECH_MS = 300;

export function speechDurationMs(text: string): number {
  return Math.max(MIN_SPEECH_MS, Math.round(text.length * MS_PER_CHAR));
}

export interface SpeechOptions {
  id: number;
  kind?: WatermarkKind;
  /** Override the natural duration. */
  durationMs?: number;
  /** Fundamental frequency in Hz (default 140). */
  f0?: number;
}

/** 20 ms μ-law frames of voiced, watermarked speech for `text`. */
export function synthSpeech(text: string, opts: SpeechOptions): Uint8Array[] {
  const ms = opts.durationMs ?? speechDurationMs(text);
  const total = Math.max(1, Math.round(ms / 20));
  const f0 = opts.f0 ?? 140;
  const out: Uint8Array[] = [];
  for (let f = 0; f < total; f++) {
    const frame = new Uint8Array(FRAME_BYTES);
    for (let i = 0; i < FRAME_BYTES; i++) {
      const t = (f * FRAME_BYTES + i) / SAMPLE_RATE;
      // Syllable-rate envelope (~4 Hz) that never drops to silence mid-utterance.
      const env = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
      const v = Math.sin(2 * Math.PI * f0 * t) + 0.5 * Math.sin(2 * Math.PI * 2 * f0 * t) + 0.25 * Math.sin(2 * Math.PI * 3 * f0 * t);
      frame[i] = encodeSample(5000 * env * v);
    }
    out.push(markFrame(frame, { kind: opts.kind ?? KIND_CALLER, id: opts.id, index: f, total, text }));
  }
  return out;
}

export function silenceFrame(): Uint8Array {
  return new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);
}
