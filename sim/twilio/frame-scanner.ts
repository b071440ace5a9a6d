// Finds watermark marks in a byte stream that may be re-chunked AND discontinuous: unlike
// audio/watermark.ts's StreamReader (which aligns once), it re-aligns whenever a frame does
// not carry a mark but one starts at another offset — which happens after `clear` cuts the
// played stream mid-frame, or when a product sends audio in odd-sized pieces.
import { FRAME_BYTES } from "../audio/mulaw.ts";
import { readFrame, type FrameMark } from "../audio/watermark.ts";

export class FrameScanner {
  private buf = new Uint8Array(0);

  push(bytes: Uint8Array): FrameMark[] {
    const merged = new Uint8Array(this.buf.length + bytes.length);
    merged.set(this.buf);
    merged.set(bytes, this.buf.length);
    const out: FrameMark[] = [];
    let pos = 0;
    while (merged.length - pos >= FRAME_BYTES) {
      const m = readFrame(merged, pos);
      if (m) {
        out.push(m);
        pos += FRAME_BYTES;
        continue;
      }
      // Unmarked here: look one frame ahead for a mark that starts mid-way (needs lookahead).
      if (merged.length - pos < 2 * FRAME_BYTES - 1) break;
      let shift = FRAME_BYTES;
      for (let k = 1; k < FRAME_BYTES; k++) {
        if (readFrame(merged, pos + k)) {
          shift = k;
          break;
        }
      }
      pos += shift;
    }
    this.buf = merged.slice(pos);
    return out;
  }

  /** Forget buffered bytes (the stream restarted). */
  reset(): void {
    this.buf = new Uint8Array(0);
  }
}
