// Incoming audio (any message size) → 20 ms frames with their stream times, speech/silence
// and watermark. Telephone μ-law (8 kHz mono) goes through the watermark StreamReader so marks
// are found whatever the chunking; other layouts get energy only.
import { FRAME_BYTES, decodeSample } from "../audio/mulaw.ts";
import { SPEECH_RMS, isSpeech } from "../audio/vad.ts";
import { StreamReader } from "../audio/watermark.ts";
import type { AudioFrame } from "./transcriber.ts";
import type { Encoding } from "./params.ts";

export interface FrameSource {
  push(bytes: Uint8Array): AudioFrame[];
  /** Seconds of audio received so far. */
  readonly seconds: number;
}

export function frameSource(encoding: Encoding, sampleRate: number, channels: number): FrameSource {
  return encoding === "mulaw" && sampleRate === 8000 && channels === 1 ? new TelephoneFrames() : new PcmFrames(encoding, sampleRate, channels);
}

class TelephoneFrames implements FrameSource {
  private reader = new StreamReader();
  private bytes = 0;

  get seconds(): number {
    return this.bytes / 8000;
  }

  push(bytes: Uint8Array): AudioFrame[] {
    this.bytes += bytes.length;
    return this.reader.push(bytes).map(({ frame, mark, offset }) => ({
      start: offset / 8000,
      end: (offset + FRAME_BYTES) / 8000,
      speech: isSpeech(frame),
      mark,
    }));
  }
}

class PcmFrames implements FrameSource {
  private pending = new Uint8Array(0);
  private bytes = 0;
  private frames = 0;
  private readonly encoding: Encoding;
  private readonly bytesPerSample: number;
  private readonly frameBytes: number;
  private readonly bytesPerSecond: number;

  constructor(encoding: Encoding, sampleRate: number, channels: number) {
    this.encoding = encoding;
    this.bytesPerSample = encoding === "linear16" ? 2 : 1;
    this.bytesPerSecond = sampleRate * this.bytesPerSample * channels;
    this.frameBytes = this.bytesPerSecond / 50;
  }

  get seconds(): number {
    return this.bytes / this.bytesPerSecond;
  }

  push(bytes: Uint8Array): AudioFrame[] {
    this.bytes += bytes.length;
    const buf = new Uint8Array(this.pending.length + bytes.length);
    buf.set(this.pending);
    buf.set(bytes, this.pending.length);
    const out: AudioFrame[] = [];
    let pos = 0;
    for (; pos + this.frameBytes <= buf.length; pos += this.frameBytes) {
      const f = this.frames++;
      out.push({ start: f * 0.02, end: (f + 1) * 0.02, speech: this.rms(buf.subarray(pos, pos + this.frameBytes)) >= SPEECH_RMS });
    }
    this.pending = buf.slice(pos);
    return out;
  }

  private rms(frame: Uint8Array): number {
    let sum = 0;
    let n = 0;
    if (this.encoding === "linear16") {
      const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
      for (let i = 0; i + 1 < frame.length; i += 2, n++) sum += v.getInt16(i, true) ** 2;
    } else for (; n < frame.length; n++) sum += decodeSample(frame[n]) ** 2;
    return n ? Math.sqrt(sum / n) : 0;
  }
}
