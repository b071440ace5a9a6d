// The recogniser, as pure logic over 20 ms audio frames: energy VAD decides speech vs silence,
// the kind-1 watermark says which words were spoken and when, and every event is due at an
// audio time — so timing follows the audio stream, whatever pace it arrives at.
//
// Word bookkeeping is what makes reconnects lossless: a word belongs to the socket whose
// received audio contains its midpoint, and a final Results covering [start, end) carries
// exactly the not-yet-finalized words whose midpoint is < end. A client that replays audio
// from the end of its last final onto a new socket therefore gets every word exactly once.
import { speechDurationMs } from "../audio/speech.ts";
import { KIND_CALLER, OPEN_ENDED, TextAssembler, type FrameMark } from "../audio/watermark.ts";
import type { TextMemory } from "./text-memory.ts";
import { midpoint, timeWords, type TimedWord } from "./words.ts";

export interface AudioFrame {
  /** Seconds since stream start. */
  start: number;
  end: number;
  speech: boolean;
  mark?: FrameMark;
}

export type ResultsReason = "interim" | "final" | "endpoint" | "finalize" | "close";

export type TranscriptEvent =
  | { type: "speech_started"; timestamp: number }
  | { type: "results"; reason: ResultsReason; start: number; end: number; words: TimedWord[] }
  | { type: "utterance_end"; lastWordEnd: number };

export interface TranscriberOptions {
  interimResults: boolean;
  endpointingMs: number | false;
  utteranceEndMs?: number;
  vadEvents: boolean;
  /** Texts learned by other sockets, for replayed tails too short to spell their text. */
  memory?: TextMemory;
}

/** Audio between interim results, and the longest stretch before a final is forced. */
export const INTERIM_EVERY_S = 0.25;
export const FINAL_EVERY_S = 3;
/** Without endpointing, silence this long ends a speech segment (re-arms SpeechStarted). */
const SEGMENT_GAP_S = 1;

interface Utterance {
  start: number;
  words?: TimedWord[];
  /** Fragments seen while the text is incomplete (matched against the shared memory). */
  marks: FrameMark[];
}

export class Transcriber {
  private readonly opts: TranscriberOptions;
  private readonly asm = new TextAssembler();
  private readonly utterances = new Map<number, Utterance>();
  /** Words this socket will report (text known, midpoint inside its audio), not yet finalized. */
  private pending: TimedWord[] = [];
  private t = 0;
  /** End of the last final Results. */
  private finalizedUntil = 0;
  private inSegment = false;
  private lastSpeechEnd = 0;
  private lastInterimAt = 0;
  /** An utterance is being heard whose text is not yet complete: finals wait for it. */
  private textUnknown = false;
  private lastWordEnd?: number;
  private utteranceEndSentFor?: number;

  constructor(opts: TranscriberOptions) {
    this.opts = opts;
  }

  get audioTime(): number {
    return this.t;
  }

  push(f: AudioFrame): TranscriptEvent[] {
    const out: TranscriptEvent[] = [];
    this.t = f.end;
    this.textUnknown = false;
    if (f.mark?.kind === KIND_CALLER) this.learn(f.mark, f.start);
    if (f.speech) {
      if (!this.inSegment) {
        this.inSegment = true;
        this.lastInterimAt = f.start;
        if (this.opts.vadEvents) out.push({ type: "speech_started", timestamp: f.start });
      }
      this.lastSpeechEnd = f.end;
    } else if (this.inSegment) {
      const silence = this.t - this.lastSpeechEnd;
      if (this.opts.endpointingMs !== false && silence * 1000 >= this.opts.endpointingMs && !this.textUnknown) {
        this.inSegment = false;
        out.push(this.results("endpoint"));
      } else if (this.opts.endpointingMs === false && silence >= SEGMENT_GAP_S) this.inSegment = false;
    }
    if (this.opts.interimResults && this.inSegment && this.t - this.lastInterimAt >= INTERIM_EVERY_S - 1e-9) {
      this.lastInterimAt = this.t;
      out.push(this.results("interim"));
    }
    // Long speech (or long silence) still gets finalized in pieces, as the real service does.
    if (this.t - this.finalizedUntil >= FINAL_EVERY_S && !this.textUnknown) out.push(this.results("final"));
    this.utteranceEnd(out);
    return out;
  }

  /** Finalize message: flush what is pending as from_finalize Results. */
  finalize(): TranscriptEvent[] {
    return this.t > this.finalizedUntil || this.visible().length ? [this.results("finalize")] : [];
  }

  /** CloseStream: the last final Results. */
  close(): TranscriptEvent[] {
    return this.t > this.finalizedUntil || this.visible().length ? [this.results("close")] : [];
  }

  private learn(mark: FrameMark, frameStart: number): void {
    const start = frameStart - (mark.index * 20) / 1000;
    let u = this.utterances.get(mark.id);
    // Same id but another start: the talker's id counter wrapped; a new utterance.
    if (u && Math.abs(u.start - start) > 0.03) {
      this.asm.forget(KIND_CALLER, mark.id);
      u = undefined;
    }
    if (!u) {
      u = { start, marks: [] };
      this.utterances.set(mark.id, u);
    }
    this.asm.add(mark);
    if (u.words) return;
    if (u.marks.length < 64) u.marks.push(mark);
    const own = this.asm.text(KIND_CALLER, mark.id);
    const text = own ?? this.opts.memory?.recall(mark.id, u.marks);
    if (text === undefined) {
      this.textUnknown = true;
      return;
    }
    if (own !== undefined) this.opts.memory?.remember(mark.id, own);
    u.marks = [];
    const duration = mark.total === OPEN_ENDED ? speechDurationMs(text) / 1000 : (mark.total * 20) / 1000;
    u.words = timeWords(text, u.start, duration);
    // Words spoken before this socket's first byte were heard (if at all) by an earlier socket.
    this.pending.push(...u.words.filter((w) => midpoint(w) >= 0));
    this.pending.sort((a, b) => a.start - b.start);
  }

  /** Pending words whose midpoint this socket has received. */
  private visible(): TimedWord[] {
    return this.pending.filter((w) => midpoint(w) <= this.t);
  }

  private results(reason: ResultsReason): TranscriptEvent {
    const words = this.visible();
    const start = this.finalizedUntil;
    if (words.length) this.lastWordEnd = Math.max(this.lastWordEnd ?? 0, ...words.map((w) => w.end));
    if (reason !== "interim") {
      this.finalizedUntil = this.t;
      this.pending = this.pending.filter((w) => !words.includes(w));
    }
    return { type: "results", reason, start, end: this.t, words };
  }

  private utteranceEnd(out: TranscriptEvent[]): void {
    const ue = this.opts.utteranceEndMs;
    if (ue === undefined || !this.opts.interimResults || this.lastWordEnd === undefined) return;
    if (this.utteranceEndSentFor === this.lastWordEnd || this.t < this.lastWordEnd + ue / 1000) return;
    // Words heard but only in interims get their final first, so a turn never ends without them.
    if (this.visible().length) {
      out.push(this.results("final"));
      if (this.t < (this.lastWordEnd ?? 0) + ue / 1000) return;
    }
    this.utteranceEndSentFor = this.lastWordEnd;
    out.push({ type: "utterance_end", lastWordEnd: this.lastWordEnd });
  }
}
