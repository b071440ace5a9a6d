// The capture side's logic, pure: audio at the context's rate → 8 kHz μ-law in 160-byte
// (20 ms) frames. A box filter over each output period is crude anti-aliasing, but enough
// for speech into a telephone-band recogniser. No input (no microphone) counts as silence.
// Imports of sim/ are relative (not $sim) so this file also runs under plain Node in tests.
import { encodeSample, FRAME_BYTES, SAMPLE_RATE } from "../../../../sim/audio/mulaw.ts";

export class Downsampler {
  private readonly step: number;
  private t = 0;
  private sum = 0;
  private count = 0;
  private frame = new Uint8Array(FRAME_BYTES);
  private at = 0;

  constructor(inputRate: number) {
    this.step = inputRate / SAMPLE_RATE;
  }

  /** Feed `n` input samples (`input` undefined: silence); returns the frames completed. */
  push(input: Float32Array | undefined, n = input?.length ?? 128): Uint8Array[] {
    const done: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      this.sum += input ? input[i] : 0;
      this.count++;
      this.t += 1;
      if (this.t >= this.step) {
        this.t -= this.step;
        const v = Math.max(-1, Math.min(1, this.sum / this.count));
        this.frame[this.at++] = encodeSample(v * 32767);
        this.sum = 0;
        this.count = 0;
        if (this.at === FRAME_BYTES) {
          done.push(this.frame);
          this.frame = new Uint8Array(FRAME_BYTES);
          this.at = 0;
        }
      }
    }
    return done;
  }
}
