// AudioWorklet (audio thread): a thin shell around Downsampler (downsampler.ts) — the
// microphone → 20 ms 8 kHz μ-law frames posted to the page. It runs on the audio clock even
// with no input (no microphone, or muted), so the page gets a frame every 20 ms either way:
// the CallSession hangs up a stream that goes quiet for too long.
import { Downsampler } from "./downsampler.ts";

declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessorLike): void;
declare const AudioWorkletProcessor: { new (): AudioWorkletProcessorLike; prototype: AudioWorkletProcessorLike };
interface AudioWorkletProcessorLike {
  readonly port: MessagePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][], params: Record<string, Float32Array>): boolean;
}

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly down = new Downsampler(sampleRate);

  process(inputs: Float32Array[][]): boolean {
    for (const frame of this.down.push(inputs[0]?.[0])) this.port.postMessage(frame, [frame.buffer]);
    return true;
  }
}

registerProcessor("cmb-capture", CaptureProcessor);
