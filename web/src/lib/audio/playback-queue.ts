// The player's logic, pure (the worklet is its thin shell): 8 kHz chunks and marks in order,
// rendered to the output rate by linear interpolation with no gap between chunks; a mark is
// reported when playback reaches it; clear drops the audio and reports every pending mark (as
// Twilio does). Playback starts once 60 ms is queued, or at once when a mark says the piece is
// complete, or after ~100 ms of waiting — a short last piece must not wait for more audio.

export type PlaybackEvent = { type: "mark"; name: string } | { type: "state"; playing: boolean; underruns: number };

type Item = { samples: Float32Array } | { mark: string };

export const PREBUFFER_SAMPLES = 480; // 60 ms at 8 kHz
const MAX_WAIT_QUANTA = 40;

export class PlaybackQueue {
  private queue: Item[] = [];
  private queued = 0;
  private marks = 0;
  /** Fractional read position in the head chunk (8 kHz samples). */
  private pos = 0;
  private playing = false;
  private waited = 0;
  private underruns = 0;
  private last = 0;
  private readonly step: number;

  /** `outputRate`: the AudioContext's sample rate. */
  constructor(outputRate: number, inputRate = 8000) {
    this.step = inputRate / outputRate;
  }

  get queuedSamples(): number {
    return this.queued;
  }

  push(samples: Float32Array): void {
    if (!samples.length) return;
    this.queue.push({ samples });
    this.queued += samples.length;
  }

  mark(name: string, out: PlaybackEvent[]): void {
    // Nothing left to play: what came before the mark has been heard already.
    if (!this.queue.length) return void out.push({ type: "mark", name });
    this.queue.push({ mark: name });
    this.marks++;
  }

  clear(out: PlaybackEvent[]): void {
    for (const item of this.queue) if ("mark" in item) out.push({ type: "mark", name: item.mark });
    this.queue = [];
    this.queued = 0;
    this.marks = 0;
    this.pos = 0;
    this.setPlaying(false, out);
  }

  private setPlaying(p: boolean, out: PlaybackEvent[]): void {
    if (p === this.playing) return;
    this.playing = p;
    out.push({ type: "state", playing: p, underruns: this.underruns });
  }

  /** The head chunk to read from, after passing (and reporting) marks and spent chunks. */
  private head(out: PlaybackEvent[]): Float32Array | undefined {
    for (;;) {
      const h = this.queue[0];
      if (!h) return undefined;
      if ("mark" in h) {
        out.push({ type: "mark", name: h.mark });
        this.queue.shift();
        this.marks--;
        continue;
      }
      if (this.pos >= h.samples.length) {
        this.pos -= h.samples.length;
        this.queue.shift();
        continue;
      }
      return h.samples;
    }
  }

  /** Fill one render quantum of output. */
  render(output: Float32Array, out: PlaybackEvent[]): void {
    if (!this.playing && this.queue.length) {
      if (this.queued >= PREBUFFER_SAMPLES || this.marks > 0 || ++this.waited > MAX_WAIT_QUANTA) {
        this.waited = 0;
        this.setPlaying(true, out);
      }
    }
    for (let i = 0; i < output.length; i++) {
      const cur = this.playing ? this.head(out) : undefined;
      if (!cur) {
        if (this.playing) {
          if (this.queued > 0) this.underruns++;
          this.setPlaying(false, out);
        }
        // Fade to zero instead of a click.
        this.last *= 0.9;
        output[i] = this.last;
        continue;
      }
      const k = Math.floor(this.pos);
      const frac = this.pos - k;
      const a = cur[k];
      const b = k + 1 < cur.length ? cur[k + 1] : (this.nextSample() ?? a);
      output[i] = this.last = a + (b - a) * frac;
      this.pos += this.step;
      const crossed = Math.floor(this.pos) - k;
      if (crossed > 0) this.queued = Math.max(0, this.queued - crossed);
    }
    // Marks right after the last sample played are reached now, not on the next quantum.
    if (this.playing && this.queue[0] && !("mark" in this.queue[0]) && this.pos >= this.queue[0].samples.length) this.head(out);
  }

  /** The first sample of the next chunk, so interpolation runs across chunk boundaries. */
  private nextSample(): number | undefined {
    for (let j = 1; j < this.queue.length; j++) {
      const item = this.queue[j];
      if ("samples" in item) return item.samples[0];
    }
    return undefined;
  }
}
