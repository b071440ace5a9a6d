// The 20 ms clock of a live call. Frames are due at t0 + 20·k; each wake-up runs every tick
// that is due, so the long-run rate is exactly 50 frames/s even when timers fire late (a
// late timer produces a short burst, as a real network would after a hiccup).
import { FRAME_MS } from "../audio/mulaw.ts";

/** After a stall longer than this many frames, skip ahead instead of bursting the backlog. */
const MAX_CATCH_UP = 10;

export class CallClock {
  private timer?: ReturnType<typeof setTimeout>;
  private active = false;
  private t0 = 0;
  private k = 0;
  private readonly onTick: (nominal: number) => void;
  constructor(onTick: (nominal: number) => void) {
    this.onTick = onTick;
  }

  get running(): boolean {
    return this.active;
  }

  start(now = Date.now()): void {
    if (this.active) return;
    this.active = true;
    this.t0 = now;
    this.k = 0;
    this.run();
  }

  stop(): void {
    this.active = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run = (): void => {
    let due = Math.floor((Date.now() - this.t0) / FRAME_MS) + 1 - this.k;
    if (due > MAX_CATCH_UP) {
      this.k += due - MAX_CATCH_UP;
      due = MAX_CATCH_UP;
    }
    for (let i = 0; i < due && this.active; i++) {
      const nominal = this.t0 + this.k * FRAME_MS;
      this.k++;
      this.onTick(nominal);
    }
    if (this.active) this.timer = setTimeout(this.run, Math.max(0, this.t0 + this.k * FRAME_MS - Date.now()));
  };
}
