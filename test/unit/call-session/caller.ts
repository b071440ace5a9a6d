// A simulated caller + recogniser for conversation unit tests: pushes a 20 ms frame of
// speech or silence every 20 ms and produces Deepgram-like events from the words it says
// (interims every 250 ms, a final on Finalize or after 300 ms endpointing, UtteranceEnd).
import type { Conversation } from "../../../durable-objects/call-session/conversation.ts";
import { silenceFrame, speechFrame } from "./fakes.ts";

export class Caller {
  private words: string[] = [];
  private spoken = 0;
  private speechMs = 0;
  private silenceMs = 0;
  private speaking = false;
  private pending: string[] = [];
  private timer: ReturnType<typeof setInterval>;
  private sinceInterim = 0;
  private utteranceEndArmed = false;
  audioMs = 0;
  private conv: Conversation;
  constructor(conv: Conversation) {
    this.conv = conv;
    this.timer = setInterval(() => this.tick(), 20);
  }
  /** Speak `text` at ~300 ms per word. */
  say(text: string) {
    this.words = text.split(" ");
    this.spoken = 0;
    this.speechMs = 0;
    this.speaking = true;
  }
  finalize() {
    setTimeout(() => this.final(true), 100);
  }
  private final(fromFinalize: boolean) {
    if (!this.pending.length) return;
    const text = this.pending.join(" ");
    this.pending = [];
    this.conv.onStt({ type: "transcript", text, isFinal: true, speechFinal: !fromFinalize, fromFinalize, startMs: 0, endMs: this.audioMs, words: [] });
  }
  private tick() {
    this.audioMs += 20;
    if (this.speaking) {
      this.conv.onAudio(speechFrame());
      this.speechMs += 20;
      this.silenceMs = 0;
      if (this.speechMs === 100) this.conv.onStt({ type: "speech_started", atMs: this.audioMs });
      const due = Math.min(this.words.length, Math.ceil(this.speechMs / 300));
      while (this.spoken < due) this.pending.push(this.words[this.spoken++]);
      this.sinceInterim += 20;
      if (this.sinceInterim >= 250 && this.pending.length) {
        this.sinceInterim = 0;
        const t = this.pending.join(" ");
        setTimeout(() => this.conv.onStt({ type: "transcript", text: t, isFinal: false, speechFinal: false, fromFinalize: false, startMs: 0, endMs: this.audioMs, words: [] }), 150);
      }
      if (this.spoken >= this.words.length && this.speechMs >= this.words.length * 300) {
        this.speaking = false;
        this.utteranceEndArmed = true;
      }
    } else {
      this.conv.onAudio(silenceFrame());
      this.silenceMs += 20;
      if (this.silenceMs === 300) setTimeout(() => this.final(false), 100);
      if (this.silenceMs === 1000 && this.utteranceEndArmed) {
        this.utteranceEndArmed = false;
        this.conv.onStt({ type: "utterance_end", lastWordEndMs: this.audioMs - 1000 });
      }
    }
  }
  stop() {
    clearInterval(this.timer);
  }
}
