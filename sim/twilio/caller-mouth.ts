// The caller's side of the audio: what the handset "says" (synthesised, watermarked speech)
// or streams (the browser softphone's microphone frames), one 20 ms frame per clock tick,
// silence when the caller says nothing. Speech spoken while no stream is open is lost, as
// on a real line.
import { FRAME_BYTES, FRAME_MS } from "../audio/mulaw.ts";
import { silenceFrame, synthSpeech } from "../audio/speech.ts";
import type { SayMetric } from "./call-types.ts";

interface Queued {
  frame: Uint8Array;
  say?: SayMetric;
  first?: boolean;
  last?: boolean;
}

/** Microphone audio is real time; keep at most this much buffered so latency cannot grow. */
const MAX_MIC_FRAMES = 25;

let nextUtteranceId = 1;
/** Watermark ids are u16 and unique across calls, so a recogniser never confuses two says. */
export function nextSayId(): number {
  const id = nextUtteranceId;
  nextUtteranceId = nextUtteranceId >= 0xfffe ? 1 : nextUtteranceId + 1;
  return id;
}

export class CallerMouth {
  private queue: Queued[] = [];
  private mic = new Uint8Array(0);
  private micFrames = 0;
  private readonly onSaid: (say: SayMetric) => void;
  constructor(onSaid: (say: SayMetric) => void) {
    this.onSaid = onSaid;
  }

  get speaking(): boolean {
    return this.queue.length > 0;
  }

  say(text: string, now: number, durationMs?: number): SayMetric {
    const say: SayMetric = { id: nextSayId(), text, requestedAt: now };
    const frames = synthSpeech(text, { id: say.id, durationMs });
    frames.forEach((frame, i) => this.queue.push({ frame, say, first: i === 0, last: i === frames.length - 1 }));
    return say;
  }

  /** Raw μ-law from the softphone (already watermarked by its client), any chunk size. */
  audio(bytes: Uint8Array): void {
    const merged = new Uint8Array(this.mic.length + bytes.length);
    merged.set(this.mic);
    merged.set(bytes, this.mic.length);
    let pos = 0;
    for (; pos + FRAME_BYTES <= merged.length; pos += FRAME_BYTES) {
      this.queue.push({ frame: merged.slice(pos, pos + FRAME_BYTES) });
      this.micFrames++;
    }
    this.mic = merged.slice(pos);
    while (this.micFrames > MAX_MIC_FRAMES) {
      const i = this.queue.findIndex((q) => !q.say);
      if (i < 0) break;
      this.queue.splice(i, 1);
      this.micFrames--;
    }
  }

  /** The frame the caller produces during the tick starting at `nominal`. */
  next(nominal: number): { frame: Uint8Array; say?: SayMetric; first?: boolean; last?: boolean } {
    const q = this.queue.shift();
    if (!q) return { frame: silenceFrame() };
    if (!q.say) this.micFrames--;
    if (q.say && q.first) q.say.startAt = nominal;
    if (q.say && q.last) {
      q.say.endAt = nominal + FRAME_MS;
      this.onSaid(q.say);
    }
    return q;
  }

  /** The call ended: whatever was not spoken never will be. */
  flush(): void {
    this.queue = [];
    this.mic = new Uint8Array(0);
    this.micFrames = 0;
  }
}
