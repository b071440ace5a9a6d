// ElevenLabs' input buffering, as pure logic: text accumulates until the next step of
// chunk_length_schedule is reached (or a flush / try_trigger_generation / auto_mode says go),
// then the buffered whole words become one generation.

export const DEFAULT_SCHEDULE: readonly number[] = [120, 160, 250, 290];
/** try_trigger_generation only fires above this many buffered characters (documented minimum). */
export const TRIGGER_MIN_CHARS = 50;

export class TextBuffer {
  private text = "";
  private step = 0;
  private readonly schedule: readonly number[];
  private readonly autoMode: boolean;

  constructor(schedule: readonly number[] = DEFAULT_SCHEDULE, autoMode = false) {
    this.schedule = schedule.length ? schedule : DEFAULT_SCHEDULE;
    this.autoMode = autoMode;
  }

  get buffered(): string {
    return this.text;
  }

  /** Add text; returns the generations it triggers (usually none or one). */
  push(text: string, opts: { flush?: boolean; tryTrigger?: boolean } = {}): string[] {
    this.text += text;
    if (opts.flush) return this.flush();
    if (this.autoMode) return this.take(this.text.length);
    const out: string[] = [];
    const threshold = this.schedule[Math.min(this.step, this.schedule.length - 1)];
    if (this.text.length >= threshold || (opts.tryTrigger && this.text.length >= TRIGGER_MIN_CHARS)) {
      // Only whole words: keep a word still being typed for the next generation.
      const cut = /\s$/.test(this.text) ? this.text.length : this.text.search(/\S*$/);
      out.push(...this.take(cut > 0 ? cut : this.text.length));
      this.step++;
    }
    return out;
  }

  /** Everything buffered, now. */
  flush(): string[] {
    const out = this.take(this.text.length);
    // A flush starts the schedule over, as after the first message.
    this.step = 0;
    return out;
  }

  private take(n: number): string[] {
    const head = this.text.slice(0, n);
    this.text = this.text.slice(n);
    return head.trim() ? [head.trim()] : [];
  }
}
