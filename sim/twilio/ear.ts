// The caller's ear: every frame played to the handset arrives here after the outbound
// latency. It reassembles reply texts from the watermark, times each reply utterance, and
// stamps the first reply heard after each say (mouth-to-ear).
import { KIND_REPLY, TextAssembler } from "../audio/watermark.ts";
import type { CallMetrics, HeardUtterance } from "./call-types.ts";
import { FrameScanner } from "./frame-scanner.ts";

const MAX_HEARD = 1000;

export class Ear {
  private scanner = new FrameScanner();
  private texts = new TextAssembler();
  private byId = new Map<number, HeardUtterance>();
  private readonly metrics: CallMetrics;
  private readonly onHeard: (u: HeardUtterance, at: number) => void;
  constructor(metrics: CallMetrics, onHeard: (u: HeardUtterance, at: number) => void) {
    this.metrics = metrics;
    this.onHeard = onHeard;
  }

  hear(frame: Uint8Array, at: number): void {
    for (const m of this.scanner.push(frame)) {
      if (m.kind !== KIND_REPLY) continue;
      let u = this.byId.get(m.id);
      if (!u) {
        u = { id: m.id, firstAt: at, lastAt: at, frames: 0 };
        this.byId.set(m.id, u);
        this.metrics.heard.push(u);
        if (this.metrics.heard.length > MAX_HEARD) this.byId.delete(this.metrics.heard.shift()!.id);
      }
      u.lastAt = at;
      u.frames++;
      if (u.text === undefined) {
        this.texts.add(m);
        const text = this.texts.text(KIND_REPLY, m.id);
        if (text !== undefined) {
          u.text = text;
          this.texts.forget(KIND_REPLY, m.id);
          this.onHeard(u, at);
        }
      }
      // Only a reply that starts after the caller stopped answers this say; the tail of an
      // earlier reply still playing would make mouth-to-ear look instant.
      for (const say of this.metrics.says) {
        if (say.firstReplyHeardAt === undefined && say.endAt !== undefined && u.firstAt >= say.endAt) {
          say.firstReplyHeardAt = at;
          say.replyId = m.id;
          say.mouthToEarMs = at - say.endAt;
        }
      }
    }
  }
}
