// Output formats: which ones the simulator can produce, and turning the synthesiser's PCM into
// them. ulaw_8000 is what the product asks for (raw G.711 for Twilio); raw PCM rates work too.
// MP3/Opus/A-law are real ElevenLabs formats the simulator cannot encode: they are refused with
// a message that says so, rather than answered with mislabelled bytes.
import { encodeSample } from "../audio/mulaw.ts";

export type OutputFormat = { kind: "ulaw"; rate: 8000 } | { kind: "pcm"; rate: number };

/** Every value the real API accepts (SDK enum), so unknown strings get the "invalid" error. */
const KNOWN = new Set([
  "mp3_22050_32", "mp3_24000_48", "mp3_44100_32", "mp3_44100_64", "mp3_44100_96", "mp3_44100_128", "mp3_44100_192",
  "pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_32000", "pcm_44100", "pcm_48000",
  "ulaw_8000", "alaw_8000", "opus_48000_32", "opus_48000_64", "opus_48000_96", "opus_48000_128", "opus_48000_192",
]);

export const DEFAULT_OUTPUT_FORMAT = "mp3_44100_128";

export type FormatCheck = { ok: true; format: OutputFormat } | { ok: false; code: "invalid_output_format" | "unsupported_output_format"; message: string };

export function parseOutputFormat(name: string): FormatCheck {
  if (!KNOWN.has(name)) return { ok: false, code: "invalid_output_format", message: `Invalid output format: '${name}'.` };
  if (name === "ulaw_8000") return { ok: true, format: { kind: "ulaw", rate: 8000 } };
  const pcm = /^pcm_(\d+)$/.exec(name);
  if (pcm) return { ok: true, format: { kind: "pcm", rate: Number(pcm[1]) } };
  return {
    ok: false,
    code: "unsupported_output_format",
    message: `The local ElevenLabs simulator cannot encode '${name}'; use ulaw_8000 or pcm_8000/16000/22050/24000/32000/44100/48000.`,
  };
}

export function bytesPerSecond(f: OutputFormat): number {
  return f.kind === "ulaw" ? 8000 : f.rate * 2;
}

export function contentType(f: OutputFormat): string {
  return f.kind === "ulaw" ? "audio/basic" : "audio/pcm";
}

/**
 * Band-limited resampling (windowed sinc, cut off below the lower Nyquist), good enough for
 * telephone audio. Rates are integers, so output positions fall on `to / gcd` fractional
 * phases of the input: the kernel is precomputed per phase and each sample is a dot product.
 */
export function resample(x: Int16Array, from: number, to: number): Float32Array {
  const n = Math.max(0, Math.floor((x.length * to) / from));
  const out = new Float32Array(n);
  if (from === to) {
    out.set(x);
    return out;
  }
  const { taps, half, step, phases, table } = kernel(from, to);
  for (let i = 0; i < n; i++) {
    // Output i sits at input position i * from / to = c + p / phases.
    const num = i * step;
    const c = Math.floor(num / phases);
    const k0 = (num % phases) * taps;
    let acc = 0;
    for (let j = 0; j < taps; j++) {
      const k = c - half + 1 + j;
      if (k >= 0 && k < x.length) acc += x[k] * table[k0 + j];
    }
    out[i] = acc;
  }
  return out;
}

const kernels = new Map<string, { taps: number; half: number; step: number; phases: number; table: Float32Array }>();

function kernel(from: number, to: number) {
  const key = `${from}>${to}`;
  const hit = kernels.get(key);
  if (hit) return hit;
  const g = gcd(from, to);
  const phases = to / g;
  const step = from / g;
  const cutoff = Math.min(1, to / from) * 0.9; // relative to the input Nyquist
  const half = Math.ceil(8 / cutoff);
  const taps = 2 * half;
  const table = new Float32Array(phases * taps);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    let norm = 0;
    for (let j = 0; j < taps; j++) {
      const d = frac - (j - half + 1);
      const w = Math.abs(d) >= half ? 0 : 0.5 + 0.5 * Math.cos((Math.PI * d) / half); // Hann window
      const sinc = d === 0 ? 1 : Math.sin(Math.PI * cutoff * d) / (Math.PI * cutoff * d);
      table[p * taps + j] = sinc * w;
      norm += sinc * w;
    }
    for (let j = 0; j < taps; j++) table[p * taps + j] /= norm;
  }
  const k = { taps, half, step, phases, table };
  kernels.set(key, k);
  return k;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** PCM at `rate` → bytes in the output format (μ-law, or 16-bit little-endian PCM). */
export function encodeAudio(x: Int16Array, rate: number, f: OutputFormat): Uint8Array {
  const y = resample(x, rate, f.rate);
  if (f.kind === "ulaw") {
    const out = new Uint8Array(y.length);
    for (let i = 0; i < y.length; i++) out[i] = encodeSample(y[i]);
    return out;
  }
  const out = new Uint8Array(y.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < y.length; i++) view.setInt16(i * 2, Math.max(-32768, Math.min(32767, Math.round(y[i]))), true);
  return out;
}

/** A WAV file (16-bit PCM) for browser playback of voice previews. */
export function wav(x: Int16Array, rate: number): Uint8Array {
  const out = new Uint8Array(44 + x.length * 2);
  const v = new DataView(out.buffer);
  const ascii = (o: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[o + i] = s.charCodeAt(i);
  };
  ascii(0, "RIFF");
  v.setUint32(4, 36 + x.length * 2, true);
  ascii(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, x.length * 2, true);
  for (let i = 0; i < x.length; i++) v.setInt16(44 + i * 2, x[i], true);
  return out;
}
