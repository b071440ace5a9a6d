// AudioWorklet (audio thread): plays 8 kHz audio queued by the page, upsampled to the
// context's rate, without gaps between chunks. Marks queued between chunks are posted back
// when playback reaches them (Twilio's semantics: a mark means "this much was heard"); a
// clear drops what is queued and returns every pending mark at once.
import { SAMPLE_RATE } from "../../../../sim/audio/mulaw.ts";

declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessorLike): void;
declare const AudioWorkletProcessor: { new (): AudioWorkletProcessorLike; prototype: AudioWorkletProcessorLike };
interface AudioWorkletProcessorLike {
  readonly port: MessagePort;
  process(inputs: Float32Array[][], outputs: Float32Array[][], params: Record<string, Float32Array>): boolean;
}

export type PlayerCommand = { type: "audio"; samples: Float32Array } | { type: "mark"; name: string } | { type: "clear" };
export type PlayerEvent = { type: "mark"; name: string } | { type: "state"; playing: boolean; underruns: number };

type Item = { samples: Float32Array } | { mark: string };

/** Start from silence only once this much (in 8 kHz samples) is queued: no stutter at the start. */
const PREBUFFER = 480; // 60 ms

class PlayerProcessor extends AudioWorkletProcessor {
  private queue: Item[] = [];
  private queued = 0;
  /** Fractional read position in queue[0] (8 kHz samples). */
  private pos = 0;
  private readonly step = SAMPLE_RATE / sampleRate;
  private playing = false;
  private underruns = 0;
  private last = 0;
  /** Marks waiting in the queue: a mark means the sender finished a piece, so play it now. */
  private marks = 0;
  /** Render quanta spent waiting for the prebuffer to fill. */
  private waited = 0;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<PlayerCommand>) => this.command(e.data);
  }

  private command(c: PlayerCommand): void {
    switch (c.type) {
      case "audio":
        this.queue.push({ samples: c.samples });
        this.queued += c.samples.length;
        return;
      case "mark":
        // Nothing left to play: the mark has been "heard" already.
        if (this.queued === 0 && !this.queue.length) this.post({ type: "mark", name: c.name });
        else {
          this.queue.push({ mark: c.name });
          this.marks++;
        }
        return;
      case "clear":
        for (const item of this.queue) if ("mark" in item) this.post({ type: "mark", name: item.mark });
        this.queue = [];
        this.queued = 0;
        this.marks = 0;
        this.pos = 0;
        this.setPlaying(false);
        return;
      default: {
        const never: never = c;
        void never;
      }
    }
  }

  private post(e: PlayerEvent): void {
    this.port.postMessage(e);
  }

  private setPlaying(p: boolean): void {
    if (p === this.playing) return;
    this.playing = p;
    this.post({ type: "state", playing: p, underruns: this.underruns });
  }

  /** Drop marks at the head of the queue (posting them) and exhausted chunks. */
  private advance(): Float32Array | undefined {
    for (;;) {
      const head = this.queue[0];
      if (!head) return undefined;
      if ("mark" in head) {
        this.post({ type: "mark", name: head.mark });
        this.queue.shift();
        this.marks--;
        continue;
      }
      if (this.pos >= head.samples.length) {
        this.pos -= head.samples.length;
        this.queue.shift();
        continue;
      }
      return head.samples;
    }
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0]?.[0];
    if (!out) return true;
    if (!this.playing && this.queue.length) {
      // ~100 ms at most: a short last piece (and a trailing mark) must not wait for more audio.
      if (this.queued >= PREBUFFER || this.marks > 0 || ++this.waited > 40) {
        this.waited = 0;
        this.setPlaying(true);
      }
    }
    for (let i = 0; i < out.length; i++) {
      const cur = this.playing ? this.advance() : undefined;
      if (!cur) {
        if (this.playing && this.queued > 0) this.underruns++;
        if (this.playing) this.setPlaying(false);
        // Fade the last value to zero instead of a click.
        this.last *= 0.9;
        out[i] = this.last;
        continue;
      }
      const k = Math.floor(this.pos);
      const frac = this.pos - k;
      const a = cur[k];
      const b = k + 1 < cur.length ? cur[k + 1] : a;
      out[i] = this.last = a + (b - a) * frac;
      this.pos += this.step;
      if (this.pos >= k + 1) this.queued -= Math.min(this.queued, Math.floor(this.pos) - k);
    }
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(out);
    return true;
  }
}

registerProcessor("cmb-player", PlayerProcessor);
