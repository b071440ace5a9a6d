// AudioWorklet (audio thread): the microphone at the context's rate → 8 kHz μ-law, posted to
// the page as 160-byte (20 ms) frames. It runs on the audio clock even with no input (no mic
// permission, or muted), so the page gets a steady frame every 20 ms either way — the
// CallSession hangs up a stream that goes quiet for too long.
import { encodeSample, FRAME_BYTES, SAMPLE_RATE } from "../../../../sim/audio/mulaw.ts";

// Globals of AudioWorkletGlobalScope (not in TypeScript's DOM lib).
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessorLike): void;
declare const AudioWorkletProcessor: { new (): AudioWorkletProcessorLike; prototype: AudioWorkletProcessorLike };
interface AudioWorkletProcessorLike {
  readonly port: MessagePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][], params: Record<string, Float32Array>): boolean;
}

const QUANTUM = 128;

class CaptureProcessor extends AudioWorkletProcessor {
  /** Input samples per output sample (6 at 48 kHz; 5.5125 at 44.1 kHz). */
  private readonly step = sampleRate / SAMPLE_RATE;
  private t = 0;
  private sum = 0;
  private count = 0;
  private frame = new Uint8Array(FRAME_BYTES);
  private at = 0;

  process(inputs: Float32Array[][]): boolean {
    const ch = inputs[0]?.[0];
    const n = ch?.length ?? QUANTUM;
    for (let i = 0; i < n; i++) {
      // A box filter over each output period: crude, but enough anti-aliasing for speech.
      this.sum += ch ? ch[i] : 0;
      this.count++;
      this.t += 1;
      if (this.t >= this.step) {
        this.t -= this.step;
        this.frame[this.at++] = encodeSample((this.sum / this.count) * 32767);
        this.sum = 0;
        this.count = 0;
        if (this.at === FRAME_BYTES) {
          this.port.postMessage(this.frame, [this.frame.buffer]);
          this.frame = new Uint8Array(FRAME_BYTES);
          this.at = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor("cmb-capture", CaptureProcessor);
