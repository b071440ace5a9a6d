// G.711 μ-law, 8 kHz mono: the only audio format on the call path. Pure and browser-safe
// (used by the simulators and by the browser softphone).

export const SAMPLE_RATE = 8000;
/** 20 ms of audio: Twilio's media frame. */
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;
/** μ-law silence (0 amplitude). */
export const MULAW_SILENCE = 0xff;

const BIAS = 0x84;
const CLIP = 32635;

export function encodeSample(pcm: number): number {
  let s = Math.max(-CLIP, Math.min(CLIP, Math.round(pcm)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

const DECODE = new Int16Array(256);
for (let i = 0; i < 256; i++) {
  const u = ~i & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  DECODE[i] = sign ? -magnitude : magnitude;
}

export function decodeSample(byte: number): number {
  return DECODE[byte & 0xff];
}

export function encode(pcm: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = encodeSample(pcm[i]);
  return out;
}

export function decode(mulaw: Uint8Array): Int16Array {
  const out = new Int16Array(mulaw.length);
  for (let i = 0; i < mulaw.length; i++) out[i] = DECODE[mulaw[i]];
  return out;
}

/** RMS of a μ-law frame on the 16-bit PCM scale (0 for digital silence). */
export function rms(mulaw: Uint8Array): number {
  if (mulaw.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < mulaw.length; i++) {
    const v = DECODE[mulaw[i]];
    sum += v * v;
  }
  return Math.sqrt(sum / mulaw.length);
}

export function silence(ms: number): Uint8Array {
  return new Uint8Array(Math.round((ms * SAMPLE_RATE) / 1000)).fill(MULAW_SILENCE);
}

/** Split audio into 20 ms frames; the last one is padded with silence. */
export function frames(audio: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < audio.length; i += FRAME_BYTES) {
    const f = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);
    f.set(audio.subarray(i, i + FRAME_BYTES));
    out.push(f);
  }
  return out;
}

export function durationMs(bytes: number): number {
  return (bytes * 1000) / SAMPLE_RATE;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 without Node's Buffer, so the same code runs in a browser. */
export function toBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + "==";
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + "=";
  }
  return out;
}

const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | B64_INDEX[clean.charCodeAt(i)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
