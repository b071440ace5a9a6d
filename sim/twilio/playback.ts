// The outbound side of one bidirectional media stream: what the product sent is queued and
// "played" at real time, 160 bytes per 20 ms tick. A mark is echoed only once every byte
// queued before it has finished playing; `clear` drops what has not played yet and echoes
// every pending mark at once (that is how the product learns what the caller really heard).
// Pure: time comes in as arguments, so it is unit-tested without timers.
import { FRAME_BYTES, FRAME_MS, MULAW_SILENCE } from "../audio/mulaw.ts";

type Item = { type: "audio"; bytes: Uint8Array } | { type: "mark"; name: string };

export interface Played {
  /** 160 bytes, padded with silence when less audio was left before a mark. */
  frame: Uint8Array;
  /** How many of the 160 bytes were product audio. */
  audioBytes: number;
}

export class Playback {
  private items: Item[] = [];
  /** Offset into items[0] when it is audio that has partly played. */
  private headOffset = 0;
  private playingUntil = 0;
  private queuedBytes = 0;

  get pendingBytes(): number {
    return this.queuedBytes;
  }

  get pendingMarks(): number {
    return this.items.filter((i) => i.type === "mark").length;
  }

  enqueueAudio(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.items.push({ type: "audio", bytes });
    this.queuedBytes += bytes.length;
  }

  /** Queue a mark; returns it at once when nothing is queued or still playing. */
  enqueueMark(name: string, now: number): string[] {
    if (this.items.length === 0 && now >= this.playingUntil) return [name];
    this.items.push({ type: "mark", name });
    return [];
  }

  /** Drop all unplayed audio; every pending mark is echoed now, in order. */
  clear(): { marks: string[]; droppedBytes: number } {
    const marks = this.items.flatMap((i) => (i.type === "mark" ? [i.name] : []));
    const droppedBytes = this.queuedBytes;
    this.items = [];
    this.headOffset = 0;
    this.queuedBytes = 0;
    return { marks, droppedBytes };
  }

  /**
   * One 20 ms tick: first echo the marks whose audio has finished (the previous frame ended
   * now), then start playing the next frame, stopping at the next mark.
   */
  tick(now: number): { marks: string[]; played?: Played } {
    const marks: string[] = [];
    while (this.items[0]?.type === "mark" && now >= this.playingUntil - 1) marks.push((this.items.shift() as { name: string }).name);
    let audioBytes = 0;
    const frame = new Uint8Array(FRAME_BYTES);
    while (audioBytes < FRAME_BYTES && this.items[0]?.type === "audio") {
      const head = this.items[0].bytes;
      const take = Math.min(FRAME_BYTES - audioBytes, head.length - this.headOffset);
      frame.set(head.subarray(this.headOffset, this.headOffset + take), audioBytes);
      audioBytes += take;
      this.headOffset += take;
      this.queuedBytes -= take;
      if (this.headOffset >= head.length) {
        this.items.shift();
        this.headOffset = 0;
      }
    }
    if (audioBytes === 0) return { marks };
    frame.fill(MULAW_SILENCE, audioBytes);
    this.playingUntil = now + FRAME_MS;
    return { marks, played: { frame, audioBytes } };
  }
}
