// Energy voice-activity detection over 8 kHz μ-law, 20 ms at a time. It runs on every
// inbound frame, so barge-in and end-of-speech don't wait for the speech recogniser's
// events (which trail the audio by 100–250 ms). A slow-moving noise floor keeps a noisy line
// from reading as constant speech.
import { FRAME_BYTES, FRAME_MS, mulawRms } from "./mulaw.ts";

export interface VadOptions {
  /** Absolute floor (16-bit RMS) below which nothing is speech. */
  minRms: number;
  /** Speech must be this many times louder than the noise floor. */
  snr: number;
  /** Consecutive voiced ms before speech starts. */
  onsetMs: number;
  /** Consecutive unvoiced ms before speech ends. */
  releaseMs: number;
}

export const DEFAULT_VAD: VadOptions = { minRms: 350, snr: 3, onsetMs: 60, releaseMs: 60 };

export type VadEvent = { type: "speech_start"; atMs: number } | { type: "speech_end"; atMs: number; lastVoicedMs: number };

export class EnergyVad {
  private readonly opts: VadOptions;
  private noise = 100;
  private voicedRun = 0;
  private silentRun = 0;
  private speaking = false;
  private lastVoicedEndMs = 0;
  /** Audio time (ms since the stream began) of the end of the last frame pushed. */
  clockMs = 0;

  constructor(opts: Partial<VadOptions> = {}) {
    this.opts = { ...DEFAULT_VAD, ...opts };
  }

  get inSpeech(): boolean {
    return this.speaking;
  }

  /** Milliseconds of continuous non-speech up to now (0 while voiced). */
  get silenceMs(): number {
    return this.silentRun * FRAME_MS;
  }

  /** Push audio (any whole number of frames); returns the events it caused. */
  push(bytes: Uint8Array): VadEvent[] {
    const events: VadEvent[] = [];
    for (let off = 0; off + FRAME_BYTES <= bytes.length; off += FRAME_BYTES) {
      const e = this.frame(mulawRms(bytes, off, off + FRAME_BYTES));
      if (e) events.push(e);
    }
    return events;
  }

  private frame(rms: number): VadEvent | undefined {
    this.clockMs += FRAME_MS;
    const voiced = rms >= Math.max(this.opts.minRms, this.noise * this.opts.snr);
    if (!voiced) this.noise = this.noise * 0.95 + rms * 0.05; // track the floor on non-speech only
    if (voiced) {
      this.voicedRun++;
      this.silentRun = 0;
      this.lastVoicedEndMs = this.clockMs;
      if (!this.speaking && this.voicedRun * FRAME_MS >= this.opts.onsetMs) {
        this.speaking = true;
        return { type: "speech_start", atMs: this.clockMs - this.voicedRun * FRAME_MS };
      }
    } else {
      this.silentRun++;
      this.voicedRun = 0;
      if (this.speaking && this.silentRun * FRAME_MS >= this.opts.releaseMs) {
        this.speaking = false;
        return { type: "speech_end", atMs: this.clockMs, lastVoicedMs: this.lastVoicedEndMs };
      }
    }
    return undefined;
  }
}
