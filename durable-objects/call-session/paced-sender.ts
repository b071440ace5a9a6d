// Outbound audio, paced by Twilio's own playback. At most `aheadMs` of audio is sent beyond
// the last mark Twilio echoed (a mark echoes once the audio before it has played), the rest
// waits here. So a `clear` on barge-in leaves nothing stale in Twilio's buffer, we always know
// how much of a reply the caller heard, and a paused reply can resume exactly where it stopped.
//
// Audio arrives as base64 μ-law from the TTS and leaves as base64: it is sliced, never decoded.
// Pieces are 480 bytes (60 ms): a multiple of 3 bytes, so slicing base64 at 640 characters
// yields valid base64, and a multiple of Twilio's 160-byte frame.

export const PIECE_B64 = 640;
export const BYTES_PER_MS = 8;

export interface MediaSink {
  media(payload: string): void;
  mark(name: string): void;
  clear(): void;
}

interface Piece {
  b64: string;
  bytes: number;
  /** Byte offset in the track where this piece ends. */
  end: number;
}

export interface Track {
  id: string;
  pieces: Piece[];
  totalBytes: number;
  /** Index of the next piece to send. */
  next: number;
  /** Bytes the caller has heard (confirmed by marks, or estimated at a pause). */
  ackedBytes: number;
  ackedAt: number;
  ended: boolean;
  /** Played to the end. */
  done: boolean;
  firstSentAt?: number;
}

export interface PacedSenderEvents {
  /** The first piece of a track left for Twilio. */
  onFirstAudio?(trackId: string, at: number): void;
  /** Every byte of an ended track has played. */
  onTrackDone?(trackId: string): void;
}

function b64Bytes(b64: string): number {
  const pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

export class PacedSender {
  private readonly queue: Track[] = [];
  private paused = false;
  private epoch = 0;
  private readonly aheadBytes: number;
  private readonly sink: MediaSink;
  private readonly events: PacedSenderEvents;
  private readonly now: () => number;

  constructor(sink: MediaSink, opts: { aheadMs?: number; now?: () => number } = {}, events: PacedSenderEvents = {}) {
    this.sink = sink;
    this.events = events;
    this.aheadBytes = (opts.aheadMs ?? 300) * BYTES_PER_MS;
    this.now = opts.now ?? Date.now;
  }

  get current(): Track | undefined {
    return this.queue[0];
  }

  /** Audio is queued or on its way to the caller (a reply is "speaking"). */
  get active(): boolean {
    return this.queue.some((t) => !t.done);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  track(id: string): Track | undefined {
    return this.queue.find((t) => t.id === id);
  }

  open(id: string): Track {
    const t: Track = { id, pieces: [], totalBytes: 0, next: 0, ackedBytes: 0, ackedAt: this.now(), ended: false, done: false };
    this.queue.push(t);
    return t;
  }

  append(id: string, b64: string): void {
    const t = this.track(id);
    if (!t || t.ended) return;
    for (let i = 0; i < b64.length; i += PIECE_B64) {
      const piece = b64.slice(i, i + PIECE_B64);
      const bytes = b64Bytes(piece);
      t.totalBytes += bytes;
      t.pieces.push({ b64: piece, bytes, end: t.totalBytes });
    }
    this.pump();
  }

  /** No more audio will come for this track. */
  end(id: string): void {
    const t = this.track(id);
    if (!t) return;
    t.ended = true;
    this.checkDone(t);
    this.pump();
  }

  /** Twilio echoed a mark: the audio before it has played. */
  onMark(name: string): void {
    const m = /^(\d+)\|(.+)\|(\d+)$/.exec(name);
    if (!m || Number(m[1]) !== this.epoch) return; // echoes flushed by an earlier clear
    const t = this.track(m[2]);
    if (!t) return;
    const end = Number(m[3]);
    if (end > t.ackedBytes) {
      t.ackedBytes = end;
      t.ackedAt = this.now();
    }
    this.checkDone(t);
    this.pump();
  }

  /** Possible barge-in: stop the caller's audio now, keep the reply to resume or drop. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    const t = this.current;
    if (!t || t.next === 0) return;
    const heard = this.estimateHeard(t);
    this.sink.clear();
    this.epoch++;
    // Rewind to the piece the caller was hearing: on resume it repeats ≤ 60 ms, skips nothing.
    let i = 0;
    while (i < t.pieces.length && t.pieces[i].end <= heard) i++;
    t.next = i;
    t.ackedBytes = i === 0 ? 0 : t.pieces[i - 1].end;
    t.ackedAt = this.now();
    this.heardAtPause.set(t.id, heard);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.pump();
  }

  private readonly heardAtPause = new Map<string, number>();

  /** Bytes of the track the caller heard: at the pause if there was one, else estimated now. */
  heardBytes(id: string): number {
    const t = this.track(id);
    if (!t) return 0;
    return this.heardAtPause.get(id) ?? this.estimateHeard(t);
  }

  /** Drop a track (a confirmed barge-in, or a reply no longer wanted). */
  drop(id: string): void {
    const i = this.queue.findIndex((t) => t.id === id);
    if (i < 0) return;
    const t = this.queue[i];
    const playing = i === 0 && t.next > 0 && !t.done;
    this.queue.splice(i, 1);
    this.heardAtPause.delete(id);
    if (playing && !this.paused) {
      this.sink.clear();
      this.epoch++;
    }
    this.pump();
  }

  /** Stop everything (the call is ending). */
  reset(): void {
    if (this.queue.some((t) => t.next > 0 && !t.done)) this.sink.clear();
    this.queue.length = 0;
    this.epoch++;
    this.paused = false;
  }

  private estimateHeard(t: Track): number {
    const sent = t.next === 0 ? 0 : t.pieces[t.next - 1].end;
    const elapsed = Math.max(0, this.now() - t.ackedAt) * BYTES_PER_MS;
    return Math.min(sent, t.ackedBytes + elapsed);
  }

  private checkDone(t: Track): void {
    if (!t.done && t.ended && t.ackedBytes >= t.totalBytes) {
      t.done = true;
      const i = this.queue.indexOf(t);
      if (i >= 0) this.queue.splice(i, 1);
      this.heardAtPause.delete(t.id);
      this.events.onTrackDone?.(t.id);
    }
  }

  private pump(): void {
    if (this.paused) return;
    const t = this.queue[0];
    if (!t) return;
    if (t.ended && t.totalBytes === 0) return this.checkDone(t);
    while (t.next < t.pieces.length) {
      const piece = t.pieces[t.next];
      const sentEnd = t.next === 0 ? 0 : t.pieces[t.next - 1].end;
      if (sentEnd - t.ackedBytes >= this.aheadBytes) break;
      if (t.next === 0 && t.firstSentAt === undefined) {
        t.firstSentAt = this.now();
        this.events.onFirstAudio?.(t.id, t.firstSentAt);
      }
      this.sink.media(piece.b64);
      this.sink.mark(`${this.epoch}|${t.id}|${piece.end}`);
      t.next++;
      // Keep the estimate's clock honest while Twilio's buffer was empty.
      if (sentEnd === t.ackedBytes) t.ackedAt = this.now();
    }
  }
}
