// Measurements on one stream's outbound audio, read from the reply watermark (kind 2):
//  - late frames: frame i of reply X arrives from the product more than 20 ms after frame
//    i-1 of X finished playing (the caller heard a gap);
//  - stale audio after clear: audio of the reply that was playing when `clear` arrived,
//    played after the clear (a correct product never sends it again).
import { FRAME_MS } from "../audio/mulaw.ts";
import { KIND_REPLY } from "../audio/watermark.ts";
import type { CallMetrics } from "./call-types.ts";
import { FrameScanner } from "./frame-scanner.ts";

const MAX_LATE_SAMPLES = 200;

export class PlayTracker {
  private playedScanner = new FrameScanner();
  private arrivedScanner = new FrameScanner();
  private finished = new Map<number, { index: number; at: number }>();
  private current?: { id: number; at: number };
  private cleared = new Set<number>();
  private readonly metrics: CallMetrics;
  constructor(metrics: CallMetrics) {
    this.metrics = metrics;
  }

  arrived(bytes: Uint8Array, at: number): void {
    for (const m of this.arrivedScanner.push(bytes)) {
      if (m.kind === KIND_REPLY && m.index === 0 && this.metrics.replyFirstArrivals.length < 2000) this.metrics.replyFirstArrivals.push({ id: m.id, at });
      if (m.kind !== KIND_REPLY || m.index === 0) continue;
      const prev = this.finished.get(m.id);
      if (!prev || prev.index !== m.index - 1) continue;
      const lateBy = at - prev.at - FRAME_MS;
      if (lateBy > 0) {
        this.metrics.lateFrames++;
        if (this.metrics.lateFrameSamples.length < MAX_LATE_SAMPLES) this.metrics.lateFrameSamples.push({ id: m.id, index: m.index, lateByMs: Math.round(lateBy), at });
      }
    }
  }

  /** A frame started playing at `nominal`; it finishes 20 ms later. */
  played(frame: Uint8Array, nominal: number): void {
    for (const m of this.playedScanner.push(frame)) {
      if (m.kind !== KIND_REPLY) continue;
      this.finished.set(m.id, { index: m.index, at: nominal + FRAME_MS });
      this.current = { id: m.id, at: nominal };
      if (this.cleared.has(m.id)) this.metrics.staleAfterClearMs += FRAME_MS;
    }
  }

  /** A clear arrived: returns the reply it interrupted, if one was playing. */
  clear(at: number, droppedBytes: number): number | undefined {
    this.playedScanner.reset();
    this.arrivedScanner.reset();
    const c = this.current;
    if (!c || (droppedBytes === 0 && at - c.at > 2 * FRAME_MS)) return undefined;
    this.cleared.add(c.id);
    return c.id;
  }
}
