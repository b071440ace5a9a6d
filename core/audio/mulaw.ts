// G.711 μ-law decoding for analysis only (energy): the call's audio itself is never decoded
// or re-encoded on its way through.

const DECODE = new Int16Array(256);
for (let i = 0; i < 256; i++) {
  const u = ~i & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07)) - 0x84;
  DECODE[i] = u & 0x80 ? -magnitude : magnitude;
}

/** Root-mean-square amplitude of μ-law bytes on the 16-bit PCM scale. */
export function mulawRms(bytes: Uint8Array, from = 0, to = bytes.length): number {
  const n = to - from;
  if (n <= 0) return 0;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const v = DECODE[bytes[i]];
    sum += v * v;
  }
  return Math.sqrt(sum / n);
}

export const BYTES_PER_MS = 8;
export const FRAME_MS = 20;
export const FRAME_BYTES = 160;
