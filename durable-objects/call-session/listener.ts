// The caller's side of the conversation, resilient: every inbound frame goes to Deepgram and
// into a replay buffer that holds the audio since the last finalized transcript. If the
// socket drops, a new one is opened with backoff and the buffered audio is replayed first,
// so no word is lost; times are mapped back to the call's own audio clock. Three failures
// within five seconds give up (the conversation then apologises and hangs up).
import { cancel } from "./timers.ts";
import type { DeepgramHandlers, DeepgramSocket, SttEvent } from "./providers/deepgram.ts";

export interface ListenerEvents {
  onEvent(e: SttEvent): void;
  onFatal(reason: string): void;
  onReconnected?(attempt: number, replayedMs: number): void;
}

interface Frame {
  atMs: number;
  bytes: Uint8Array;
}

const BACKOFF_MS = [0, 200, 600, 1500];
const FAILURES_ALLOWED = 3;
const FAILURE_WINDOW_MS = 5000;
const KEEPALIVE_MS = 3000;
/** Never hold more than this much audio for replay (silence with no finals, say). */
const MAX_REPLAY_MS = 20_000;

export class Listener {
  /** Call audio time (ms since the media stream began) at the end of the audio pushed so far. */
  audioMs = 0;
  private frames: Frame[] = [];
  private socket?: DeepgramSocket;
  private generation = 0;
  private offsetMs = 0;
  private failures: number[] = [];
  private lastSentAt = 0;
  private keepAliveTimer?: ReturnType<typeof setInterval>;
  private closed = false;
  private attempt = 0;
  private readonly connect: (h: DeepgramHandlers) => Promise<DeepgramSocket>;
  private readonly events: ListenerEvents;
  private readonly now: () => number;

  constructor(connect: (h: DeepgramHandlers) => Promise<DeepgramSocket>, events: ListenerEvents, now: () => number = Date.now) {
    this.connect = connect;
    this.events = events;
    this.now = now;
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  async start(): Promise<void> {
    this.keepAliveTimer = setInterval(() => {
      if (this.socket && this.now() - this.lastSentAt >= KEEPALIVE_MS) {
        this.socket.keepAlive();
        this.lastSentAt = this.now();
      }
    }, 1000);
    await this.open(0);
  }

  push(bytes: Uint8Array): void {
    this.frames.push({ atMs: this.audioMs, bytes });
    this.audioMs += bytes.byteLength / 8;
    while (this.frames.length && this.audioMs - this.frames[0].atMs > MAX_REPLAY_MS) this.frames.shift();
    if (this.socket) {
      this.socket.send(bytes);
      this.lastSentAt = this.now();
    }
  }

  finalize(): void {
    this.socket?.finalize();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.keepAliveTimer !== undefined) clearInterval(this.keepAliveTimer);
    this.generation++;
    this.socket?.closeStream();
    this.socket = undefined;
    this.frames = [];
  }

  private async open(replayFromMs: number): Promise<void> {
    const gen = ++this.generation;
    let socket: DeepgramSocket;
    try {
      socket = await this.connect({
        onEvent: (e) => gen === this.generation && this.onEvent(e),
        onDrop: (code, reason) => gen === this.generation && this.onDrop(`closed ${code} ${reason}`),
      });
    } catch (e) {
      if (gen === this.generation) this.onDrop((e as Error).message);
      return;
    }
    if (gen !== this.generation || this.closed) {
      socket.abort();
      return;
    }
    this.socket = socket;
    this.offsetMs = replayFromMs;
    // Replay what the previous socket had not finalized, then carry on live.
    let replayed = 0;
    for (const f of this.frames) {
      if (f.atMs + f.bytes.byteLength / 8 <= replayFromMs) continue;
      socket.send(f.bytes);
      replayed += f.bytes.byteLength / 8;
    }
    this.lastSentAt = this.now();
    if (this.attempt > 0) this.events.onReconnected?.(this.attempt, replayed);
  }

  private onEvent(e: SttEvent): void {
    const shifted = shift(e, this.offsetMs);
    if (shifted.type === "transcript" && shifted.isFinal) {
      // Finalized audio will never be needed again.
      const until = shifted.endMs;
      while (this.frames.length && this.frames[0].atMs + this.frames[0].bytes.byteLength / 8 <= until) this.frames.shift();
    }
    this.attempt = 0;
    this.events.onEvent(shifted);
  }

  private onDrop(reason: string): void {
    if (this.closed) return;
    this.socket = undefined;
    this.generation++;
    const now = this.now();
    this.failures = this.failures.filter((t) => now - t < FAILURE_WINDOW_MS);
    this.failures.push(now);
    if (this.failures.length >= FAILURES_ALLOWED) {
      this.close();
      this.events.onFatal(`speech recognition failed ${FAILURES_ALLOWED} times within ${FAILURE_WINDOW_MS / 1000} s (${reason})`);
      return;
    }
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    const replayFrom = this.frames.length ? this.frames[0].atMs : this.audioMs;
    setTimeout(() => void this.open(replayFrom), delay);
  }
}

function shift(e: SttEvent, offset: number): SttEvent {
  if (offset === 0) return e;
  switch (e.type) {
    case "transcript":
      return { ...e, startMs: e.startMs + offset, endMs: e.endMs + offset, words: e.words.map((w) => ({ ...w, start: w.start + offset, end: w.end + offset })) };
    case "speech_started":
      return { ...e, atMs: e.atMs + offset };
    case "utterance_end":
      return { ...e, lastWordEndMs: e.lastWordEndMs + offset };
    case "metadata":
      return e;
    default: {
      const never: never = e;
      return never;
    }
  }
}
