// AudioWorklet (audio thread): a thin shell around PlaybackQueue (playback-queue.ts), which
// plays the 8 kHz audio the page queues, gap-free, and reports marks as they are reached.
import { PlaybackQueue, type PlaybackEvent } from "./playback-queue.ts";

declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessorLike): void;
declare const AudioWorkletProcessor: { new (): AudioWorkletProcessorLike; prototype: AudioWorkletProcessorLike };
interface AudioWorkletProcessorLike {
  readonly port: MessagePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][], params: Record<string, Float32Array>): boolean;
}

export type PlayerCommand = { type: "audio"; samples: Float32Array } | { type: "mark"; name: string } | { type: "clear" };
export type PlayerEvent = PlaybackEvent;

class PlayerProcessor extends AudioWorkletProcessor {
  private readonly q = new PlaybackQueue(sampleRate);

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<PlayerCommand>) => {
      const out: PlaybackEvent[] = [];
      const c = e.data;
      switch (c.type) {
        case "audio":
          this.q.push(c.samples);
          break;
        case "mark":
          this.q.mark(c.name, out);
          break;
        case "clear":
          this.q.clear(out);
          break;
        default: {
          const never: never = c;
          void never;
        }
      }
      this.post(out);
    };
  }

  private post(events: PlaybackEvent[]): void {
    for (const ev of events) this.port.postMessage(ev);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const channels = outputs[0];
    const first = channels?.[0];
    if (!first) return true;
    const out: PlaybackEvent[] = [];
    this.q.render(first, out);
    for (let c = 1; c < channels.length; c++) channels[c].set(first);
    if (out.length) this.post(out);
    return true;
  }
}

registerProcessor("cmb-player", PlayerProcessor);
