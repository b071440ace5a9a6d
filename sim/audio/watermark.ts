// A side channel inside the audio itself. Local simulators have no speech recogniser and no
// ears, so whoever produces simulated speech writes what it says into the least significant
// bit of every μ-law byte: 160 bytes per 20 ms frame carry 20 bytes. The audio stays real
// audio (the change is inaudible, energy and timing are untouched) and passes through the
// product byte-for-byte — μ-law end to end — so the Deepgram simulator can "recognise" the
// caller's words and the handset can tell which reply it heard, without any out-of-band path
// the product could depend on.
//
// Frame payload (20 bytes, in LSBs of bytes 0..159, bit 7 of payload byte first):
//   [0] magic 0xC7   [1] kind (1 caller speech, 2 synthesised reply)
//   [2..3] utterance id (u16)  [4..5] frame index (u16)  [6..7] total frames (u16; 0xFFFF open-ended)
//   [8..9] text length in UTF-8 bytes (u16)  [10..18] 9 text bytes from (index*9) mod length
//   [19] CRC-8 (poly 0x07) over [0..18]
// The text cycles, so any ceil(len/9) consecutive frames of an utterance carry all of it; a
// listener that joins late (a reconnect replaying the tail of an utterance) still learns it.
import { FRAME_BYTES } from "./mulaw.ts";

export const MAGIC = 0xc7;
export const TEXT_BYTES_PER_FRAME = 9;
export const OPEN_ENDED = 0xffff;

export type WatermarkKind = 1 | 2;
export const KIND_CALLER = 1 as const;
export const KIND_REPLY = 2 as const;

export interface FrameMark {
  kind: WatermarkKind;
  id: number;
  index: number;
  total: number;
  textLength: number;
  /** Byte offset into the UTF-8 text of `chunk`. */
  offset: number;
  chunk: Uint8Array;
}

function crc8(bytes: Uint8Array, n: number): number {
  let crc = 0;
  for (let i = 0; i < n; i++) {
    crc ^= bytes[i];
    for (let b = 0; b < 8; b++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface MarkOptions {
  kind: WatermarkKind;
  id: number;
  index: number;
  total: number;
  text: string | Uint8Array;
}

/** Write the payload for frame `index` into the LSBs of a 160-byte μ-law frame (in place). */
export function markFrame(frame: Uint8Array, opts: MarkOptions): Uint8Array {
  if (frame.length !== FRAME_BYTES) throw new Error(`watermark frames are ${FRAME_BYTES} bytes`);
  const text = typeof opts.text === "string" ? encoder.encode(opts.text) : opts.text;
  if (text.length > 0xffff) throw new Error("watermark text too long");
  const p = new Uint8Array(20);
  p[0] = MAGIC;
  p[1] = opts.kind;
  p[2] = (opts.id >> 8) & 0xff;
  p[3] = opts.id & 0xff;
  p[4] = (opts.index >> 8) & 0xff;
  p[5] = opts.index & 0xff;
  p[6] = (opts.total >> 8) & 0xff;
  p[7] = opts.total & 0xff;
  p[8] = (text.length >> 8) & 0xff;
  p[9] = text.length & 0xff;
  if (text.length > 0) {
    const start = (opts.index * TEXT_BYTES_PER_FRAME) % text.length;
    for (let i = 0; i < TEXT_BYTES_PER_FRAME; i++) p[10 + i] = text[(start + i) % text.length];
  }
  p[19] = crc8(p, 19);
  for (let i = 0; i < FRAME_BYTES; i++) {
    const bit = (p[i >> 3] >> (7 - (i & 7))) & 1;
    frame[i] = (frame[i] & 0xfe) | bit;
  }
  return frame;
}

/** Read a frame's payload; undefined when the frame carries none (or is corrupt). */
export function readFrame(frame: Uint8Array, at = 0): FrameMark | undefined {
  if (frame.length - at < FRAME_BYTES) return undefined;
  // Cheap reject: the magic byte is the first 8 LSBs.
  let magic = 0;
  for (let i = 0; i < 8; i++) magic = (magic << 1) | (frame[at + i] & 1);
  if (magic !== MAGIC) return undefined;
  const p = new Uint8Array(20);
  for (let i = 0; i < FRAME_BYTES; i++) p[i >> 3] |= (frame[at + i] & 1) << (7 - (i & 7));
  if (crc8(p, 19) !== p[19]) return undefined;
  if (p[1] !== 1 && p[1] !== 2) return undefined;
  const index = (p[4] << 8) | p[5];
  const textLength = (p[8] << 8) | p[9];
  return {
    kind: p[1] as WatermarkKind,
    id: (p[2] << 8) | p[3],
    index,
    total: (p[6] << 8) | p[7],
    textLength,
    offset: textLength ? (index * TEXT_BYTES_PER_FRAME) % textLength : 0,
    chunk: p.slice(10, 10 + Math.min(TEXT_BYTES_PER_FRAME, textLength)),
  };
}

/**
 * Reassembles utterance texts from the marks seen so far. Feed it frames in any order; ask it
 * for an utterance's text once enough of its frames have passed.
 */
export class TextAssembler {
  private texts = new Map<string, { bytes: Uint8Array; known: Uint8Array; missing: number; mark: FrameMark }>();

  add(m: FrameMark): void {
    const key = `${m.kind}:${m.id}`;
    let t = this.texts.get(key);
    if (!t || t.bytes.length !== m.textLength) {
      t = { bytes: new Uint8Array(m.textLength), known: new Uint8Array(m.textLength), missing: m.textLength, mark: m };
      this.texts.set(key, t);
    }
    for (let i = 0; i < m.chunk.length && m.textLength > 0; i++) {
      const pos = (m.offset + i) % m.textLength;
      if (!t.known[pos]) {
        t.known[pos] = 1;
        t.missing--;
      }
      t.bytes[pos] = m.chunk[i];
    }
    t.mark = m;
  }

  /** The full text once every byte was seen, else undefined. */
  text(kind: WatermarkKind, id: number): string | undefined {
    const t = this.texts.get(`${kind}:${id}`);
    return t && t.missing === 0 ? decoder.decode(t.bytes) : undefined;
  }

  forget(kind: WatermarkKind, id: number): void {
    this.texts.delete(`${kind}:${id}`);
  }
}

/**
 * Finds frame alignment in a byte stream that may be re-chunked (a client is free to send
 * audio in any message size), then yields one mark (or undefined) per 160-byte frame.
 */
export class StreamReader {
  private pending = new Uint8Array(0);
  private aligned = false;
  /** Stream byte offset of pending[0]. */
  private base = 0;

  /** Each frame comes with its byte offset in the stream (alignment may skip < 160 bytes once). */
  push(bytes: Uint8Array): Array<{ frame: Uint8Array; mark: FrameMark | undefined; offset: number }> {
    const buf = new Uint8Array(this.pending.length + bytes.length);
    buf.set(this.pending);
    buf.set(bytes, this.pending.length);
    let pos = 0;
    if (!this.aligned) {
      // Look for a valid mark at any offset; until one shows up, frames are unmarked audio.
      for (let off = 0; off + FRAME_BYTES <= buf.length; off++) {
        if (readFrame(buf, off)) {
          pos = off % FRAME_BYTES;
          this.aligned = true;
          break;
        }
      }
    }
    const out: Array<{ frame: Uint8Array; mark: FrameMark | undefined; offset: number }> = [];
    for (; pos + FRAME_BYTES <= buf.length; pos += FRAME_BYTES) {
      const frame = buf.subarray(pos, pos + FRAME_BYTES);
      out.push({ frame, mark: readFrame(frame), offset: this.base + pos });
    }
    this.pending = buf.slice(pos);
    this.base += pos;
    return out;
  }
}
