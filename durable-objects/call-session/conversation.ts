// The conversation loop of one call: listening → caller speaking → thinking → speaking.
// Inputs are inbound audio (for the local VAD), recogniser events and Twilio marks; outputs go
// through the paced sender. Turn-taking, speculation, barge-in, false interruptions, silence
// and the persona's fixed lines all live here; providers sit behind the ports.
import { cancel } from "./timers.ts";
import { EnergyVad } from "../../core/audio/vad.ts";
import type { ChatMessage } from "../../core/providers/cerebras.ts";
import { isBackchannel, mayBeBackchannel } from "./backchannel.ts";
import { heardText, type AlignedChar } from "./heard-text.ts";
import { PacedSender, type MediaSink } from "./paced-sender.ts";
import type { ConversationEvents, Line, Lines, Llm, Tools, Tts, TurnRecord } from "./ports.ts";
import { Reply } from "./reply.ts";
import type { SttEvent } from "./providers/deepgram.ts";
import { judgeTurn, sameUtterance } from "./turn-end.ts";

export interface ConversationOptions {
  /** Start the LLM (and TTS) on the caller's words before their turn is confirmed over. */
  speculation: boolean;
  speculativeTts: boolean;
  /** The baseline of simple stacks: end of turn only on UtteranceEnd. */
  naive: boolean;
  falseInterruptionMs: number;
  firstTokenTimeoutMs: number;
  checkInAfterMs: number;
  hangupAfterCheckInMs: number;
  maxSpeculationsPerTurn: number;
  maxHistoryMessages: number;
}

export const DEFAULT_OPTIONS: ConversationOptions = {
  speculation: true,
  speculativeTts: true,
  naive: false,
  falseInterruptionMs: 1500,
  firstTokenTimeoutMs: 2000,
  checkInAfterMs: 20_000,
  hangupAfterCheckInMs: 15_000,
  maxSpeculationsPerTurn: 3,
  maxHistoryMessages: 40,
};

export interface ConversationDeps {
  sink: MediaSink;
  llm: Llm;
  tts: Tts;
  tools: Tools;
  lines: Lines;
  events: ConversationEvents;
  /** The system prompt for the next request (time left changes as the call goes on). */
  systemPrompt(): string;
  /** Ask the recogniser to finalize what it has buffered (Deepgram Finalize). */
  finalizeStt(): void;
  now?: () => number;
}

interface Utterance {
  id: string;
  text: string;
  chars: AlignedChar[];
  reply?: Reply;
  /** Hang up once this has played. */
  hangupAfter?: string;
  /** Already in the LLM history (a time warning goes in when queued). */
  inHistory?: boolean;
  startedAt: number;
  latency?: Partial<TurnRecord>;
}

interface CallerTurn {
  finals: string[];
  interim: string;
  startedAt?: number;
  /** Wall time the caller's last voiced audio arrived. */
  speechEndAt?: number;
  finalAt?: number;
}

export class Conversation {
  readonly sender: PacedSender;
  readonly vad = new EnergyVad();
  history: ChatMessage[];
  private seq: number;
  private readonly opts: ConversationOptions;
  private readonly d: ConversationDeps;
  private readonly now: () => number;
  private caller: CallerTurn = { finals: [], interim: "" };
  private reply?: Reply;
  private replyCount = 0;
  private specs = 0;
  private readonly utterances = new Map<string, Utterance>();
  /** Replies that speak a tool's outcome: offered no tools, and any they call anyway are ignored. */
  private readonly toolRounds = new WeakSet<Reply>();
  private pause?: { trackId: string; timer: ReturnType<typeof setTimeout> };
  private eotTimer?: ReturnType<typeof setTimeout>;
  private tokenTimer?: ReturnType<typeof setTimeout>;
  private checkInTimer?: ReturnType<typeof setTimeout>;
  private afterCheckInTimer?: ReturnType<typeof setTimeout>;
  private pendingLines: Array<{ line: Line; hangupAfter?: string; inHistory?: boolean }> = [];
  private retried = new Set<string>();
  /** 0: listening; 1: checked in, waiting for an answer before saying goodbye. */
  private silenceStage: 0 | 1 = 0;
  private ended = false;
  private stopped = false;
  private lineCount = 0;

  constructor(deps: ConversationDeps, opts: Partial<ConversationOptions> = {}, restored?: { history: ChatMessage[]; seq: number }) {
    this.d = deps;
    this.opts = { ...DEFAULT_OPTIONS, ...opts };
    this.now = deps.now ?? Date.now;
    this.history = restored?.history ?? [];
    this.seq = restored?.seq ?? 0;
    this.sender = new PacedSender(deps.sink, { now: this.now }, { onTrackDone: (id) => this.onTrackDone(id), onFirstAudio: (id, at) => this.onFirstAudio(id, at) });
  }

  get nextSeq(): number {
    return this.seq;
  }

  /** Greet (a new call) or say we're back (a resumed one), then listen. */
  start(kind: "greeting" | "reconnected"): void {
    const line = this.d.lines(kind);
    if (line) this.playLine(line);
    else this.armSilence();
  }

  // ——— inputs ———

  onAudio(bytes: Uint8Array): void {
    for (const e of this.vad.push(bytes)) {
      if (e.type === "speech_start") this.onCallerSpeechStart();
      else {
        this.caller.speechEndAt = this.now() - (this.vad.clockMs - e.lastVoicedMs);
        this.onCallerSilence();
      }
    }
  }

  onMark(name: string): void {
    this.sender.onMark(name);
  }

  onStt(e: SttEvent): void {
    if (this.ended) return;
    switch (e.type) {
      case "speech_started":
        this.callerActive();
        if (!this.opts.naive) this.maybePause();
        return;
      case "transcript":
        return this.onTranscript(e.text.trim(), e.isFinal, e.speechFinal || e.fromFinalize);
      case "utterance_end":
        return this.considerEndOfTurn("utterance_end");
      case "metadata":
        return;
      default: {
        const never: never = e;
        void never;
      }
    }
  }

  /** About a minute left: say so once the current sentence is out. */
  timeWarning(canExtend: boolean): void {
    const line = this.d.lines(canExtend ? "timeWarningExtend" : "timeWarning");
    if (!line) return;
    this.history.push({ role: "assistant", content: line.text });
    if (this.sender.active || this.reply) this.pendingLines.push({ line, inHistory: true });
    else this.playLine(line, undefined, true);
  }

  /** The paid time is over: stop whatever is happening, say goodbye, hang up. */
  timeUp(): void {
    this.interruptEverything();
    const line = this.d.lines("goodbyeTime");
    if (line) this.playLine(line, "time_limit");
    else this.hangup("time_limit");
  }

  /** A provider failed for good: apologise in the persona's voice and end the call. */
  fatal(reason: string): void {
    if (this.ended) return;
    this.d.events.log(`fatal: ${reason}`);
    this.interruptEverything();
    const line = this.d.lines("apology");
    if (line) this.playLine(line, "provider_error");
    else this.hangup("provider_error");
  }

  stop(): void {
    // The call ends mid-sentence: keep what the caller heard of it in the transcript.
    const playing = this.sender.current;
    const u = playing && playing.next > 0 && !playing.done ? this.utterances.get(playing.id) : undefined;
    if (u && !this.stopped) {
      const full = u.reply ? u.reply.text : u.text;
      if (full) this.recordAgentTurn(u, full, heardText(u.chars, this.sender.heardBytes(u.id) / 8, full), true);
    }
    this.stopped = true;
    this.ended = true;
    this.reply?.abort();
    for (const u of this.utterances.values()) u.reply?.abort();
    this.sender.reset();
    for (const t of [this.pause?.timer, this.eotTimer, this.tokenTimer, this.checkInTimer, this.afterCheckInTimer]) cancel(t);
  }

  // ——— caller speech ———

  private callerActive(): void {
    cancel(this.checkInTimer);
    cancel(this.afterCheckInTimer);
    this.silenceStage = 0;
    this.caller.startedAt ??= this.now();
  }

  private onCallerSpeechStart(): void {
    if (this.ended) return;
    this.callerActive();
    cancel(this.eotTimer);
    if (this.opts.naive) return;
    if (this.maybePause()) return;
    // Still talking after we thought the turn was over, and nothing is audible yet: take the
    // reply back silently and keep listening (their words join the same turn).
    if (this.reply && !this.isAudible(this.reply.id)) {
      this.dropReply();
    }
  }

  private onCallerSilence(): void {
    if (this.ended || this.opts.naive) return;
    const pending = this.caller.interim || this.caller.finals.length > 0;
    if (!pending) return;
    this.d.finalizeStt();
    this.speculate();
  }

  private onTranscript(text: string, isFinal: boolean, endpoint: boolean): void {
    if (text) this.callerActive();
    if (isFinal) {
      if (text) this.caller.finals.push(text);
      this.caller.interim = "";
      this.caller.finalAt = this.now();
    } else this.caller.interim = text;
    const said = this.callerText(true);
    if (said) this.d.events.onPartial(said);

    if (this.pause) {
      if (said && isFinal && isBackchannel(said) && !this.vad.inSpeech) return this.resumeFromPause();
      if (!said || mayBeBackchannel(said)) return;
      this.confirmBargeIn();
    }
    if (this.opts.naive) return;
    // Once the caller has gone quiet, newer words make a speculative reply on older ones
    // worthless: start again on what was said (interims often bring the last word after the
    // silence began).
    if (!this.vad.inSpeech && this.reply && !this.reply.committed && !sameUtterance(this.reply.userText, this.callerText(!isFinal))) {
      this.dropReply();
      this.speculate();
    } else if (!this.vad.inSpeech && !this.reply && text && this.vad.silenceMs > 0) this.speculate();
    if (isFinal && endpoint) this.considerEndOfTurn("final");
  }

  private callerText(withInterim: boolean): string {
    const parts = [...this.caller.finals];
    if (withInterim && this.caller.interim) parts.push(this.caller.interim);
    return parts.join(" ").trim();
  }

  private considerEndOfTurn(trigger: "final" | "utterance_end"): void {
    if (this.ended || this.pause) return;
    const text = this.callerText(false);
    if (!text || this.vad.inSpeech) return;
    if (this.opts.naive) {
      if (trigger === "utterance_end") this.endTurn();
      return;
    }
    const j = judgeTurn(text);
    if (j.complete || (trigger === "utterance_end" && j.why !== "digits")) return this.endTurn();
    cancel(this.eotTimer);
    this.eotTimer = setTimeout(() => !this.vad.inSpeech && this.endTurn(), j.extraMs);
  }

  private endTurn(): void {
    cancel(this.eotTimer);
    const text = this.callerText(false);
    if (!text || this.ended) return;
    const c = this.caller;
    this.caller = { finals: [], interim: "" };
    this.specs = 0;
    const now = this.now();
    this.d.events.onTurn({
      seq: this.seq++,
      speaker: "caller",
      text,
      heardText: null,
      interrupted: false,
      startedAt: c.startedAt ?? now,
      endedAt: c.speechEndAt ?? now,
      sttFinalMs: c.finalAt && c.speechEndAt ? Math.max(0, c.finalAt - c.speechEndAt) : undefined,
    });
    this.history.push({ role: "user", content: text });
    this.trimHistory();
    let r = this.reply;
    if (!r || r.aborted || !sameUtterance(r.userText, text)) {
      if (r) this.dropReply();
      r = this.newReply(text, false);
    }
    this.commit(r, c.speechEndAt ?? now);
  }

  private speculate(): void {
    if (!this.opts.speculation || this.pause || this.specs >= this.opts.maxSpeculationsPerTurn) return;
    const text = this.callerText(true);
    if (!text) return;
    if (this.reply && (this.reply.committed || sameUtterance(this.reply.userText, text))) return;
    if (this.reply) this.dropReply();
    this.specs++;
    this.newReply(text, true);
  }

  // ——— replies ———

  private newReply(userText: string, speculative: boolean, messages?: ChatMessage[], toolRound = false): Reply {
    const r = new Reply(
      `r${++this.replyCount}`,
      userText,
      { speculativeTts: !speculative || this.opts.speculativeTts },
      {
        llm: this.d.llm,
        tts: this.d.tts,
        sender: this.sender,
        now: this.now,
        hooks: {
          onLlmDone: (x) => this.onLlmDone(x),
          onLlmError: (x, e) => this.onReplyFailure(x, `llm: ${(e as Error).message}`),
          onTtsError: (x, m) => this.onReplyFailure(x, `tts: ${m}`),
          onUsage: (u) => this.d.events.onUsage(u),
        },
      },
    );
    this.reply = r;
    const msgs = messages ?? [{ role: "system" as const, content: this.d.systemPrompt() }, ...this.history, ...(speculative ? [{ role: "user" as const, content: userText }] : [])];
    if (toolRound) this.toolRounds.add(r);
    void r.run(msgs, toolRound ? [] : this.d.tools.specs());
    return r;
  }

  private commit(r: Reply, speechEndAt: number): void {
    r.commit();
    this.utterances.set(r.id, { id: r.id, text: "", chars: r.chars, reply: r, startedAt: this.now(), latency: { startedAt: speechEndAt } });
    if (r.llmDone) this.onLlmDone(r);
    cancel(this.tokenTimer);
    if (r.timings.firstTokenAt === undefined) {
      const wait = Math.max(0, this.opts.firstTokenTimeoutMs - (this.now() - r.timings.requestAt));
      this.tokenTimer = setTimeout(() => {
        if (r.timings.firstTokenAt === undefined && !r.aborted) this.onReplyFailure(r, "llm: no first token in time");
      }, wait);
    }
  }

  private dropReply(): void {
    const r = this.reply;
    if (!r) return;
    this.reply = undefined;
    // A speculation that lost: its tokens were paid for and never used.
    if (!r.committed) this.d.events.onUsage({ wastedTokens: r.tokens || Math.ceil(r.text.length / 4) });
    r.abort();
    this.utterances.delete(r.id);
  }

  private onLlmDone(r: Reply): void {
    if (!r.committed || r.aborted) return;
    cancel(this.tokenTimer);
    if (r.toolCalls.length === 0) return;
    // A model that calls tools in the round after a tool ran (none offered) would loop.
    if (this.toolRounds.has(r)) {
      this.d.events.log(`ignored ${r.toolCalls.length} tool call(s) in a reply that was offered none`);
      r.toolCalls = [];
      return;
    }
    const calls = r.toolCalls;
    r.toolCalls = [];
    void this.runTools(r, calls);
  }

  private async runTools(r: Reply, calls: Reply["toolCalls"]): Promise<void> {
    this.history.push({ role: "assistant", content: r.text, tool_calls: calls });
    r.inHistory = true;
    let endCall = false;
    for (const call of calls) {
      const result = await this.d.tools.run(call.function.name, call.function.arguments).catch((e: unknown) => ({ content: `error: ${(e as Error).message}` }));
      if ("effect" in result && result.effect === "end_call") endCall = true;
      this.history.push({ role: "tool", tool_call_id: call.id, content: result.content });
    }
    if (this.ended || r.aborted) return;
    const u = this.utterances.get(r.id);
    if (endCall) {
      if (u) u.hangupAfter = "caller_goodbye";
      if (!r.text.trim()) {
        const bye = this.d.lines("goodbye");
        if (bye) this.pendingLines.push({ line: bye, hangupAfter: "caller_goodbye" });
        else if (u) u.hangupAfter = "caller_goodbye";
      }
      return;
    }
    // Speak the outcome: a second round, offered no further tools so it can't loop.
    const follow = this.newReply(r.userText, false, [{ role: "system", content: this.d.systemPrompt() }, ...this.history], true);
    this.commit(follow, this.now());
  }

  private onReplyFailure(r: Reply, why: string): void {
    if (this.ended) return;
    this.d.events.log(`reply ${r.id} failed: ${why}`);
    if (!r.committed) {
      if (this.reply === r) this.reply = undefined;
      r.abort();
      return;
    }
    const u = this.utterances.get(r.id);
    const audible = this.isAudible(r.id);
    r.abort();
    this.utterances.delete(r.id);
    if (this.reply === r) this.reply = undefined;
    if (this.retried.has(r.userText) || audible) return this.fatal(why);
    // One retry, with a short filler in the persona's voice so the caller isn't left in silence.
    this.retried.add(r.userText);
    const filler = this.d.lines("filler");
    if (filler) this.playLine(filler);
    const again = this.newReply(r.userText, false, [{ role: "system", content: this.d.systemPrompt() }, ...this.history], this.toolRounds.has(r));
    this.commit(again, u?.latency?.startedAt ?? this.now());
  }

  // ——— speaking ———

  private playLine(line: Line, hangupAfter?: string, inHistory = false): void {
    const id = `L${++this.lineCount}`;
    this.utterances.set(id, { id, text: line.text, chars: line.chars, hangupAfter, startedAt: this.now(), inHistory });
    this.sender.open(id);
    this.sender.append(id, line.b64);
    this.sender.end(id);
  }

  private isAudible(id: string): boolean {
    const t = this.sender.track(id);
    return !!t && t.next > 0;
  }

  private onFirstAudio(id: string, at: number): void {
    const u = this.utterances.get(id);
    if (!u?.reply || !u.latency) return;
    const t = u.reply.timings;
    u.latency.llmFirstTokenMs = t.firstTokenAt !== undefined ? t.firstTokenAt - t.requestAt : undefined;
    u.latency.ttsFirstAudioMs = t.ttsFirstAudioAt !== undefined && t.ttsFirstSentAt !== undefined ? t.ttsFirstAudioAt - t.ttsFirstSentAt : undefined;
    u.latency.mouthToEarMs = u.latency.startedAt !== undefined ? at - u.latency.startedAt : undefined;
    // What our own code added on the path: audio received from TTS → sent to Twilio.
    u.latency.overheadMs = t.ttsFirstAudioAt !== undefined ? Math.max(0, at - t.ttsFirstAudioAt) : undefined;
  }

  private onTrackDone(id: string): void {
    const u = this.utterances.get(id);
    this.utterances.delete(id);
    if (!u) return;
    const text = u.reply ? u.reply.text : u.text;
    if (u.reply && this.reply === u.reply) this.reply = undefined;
    if (text && !u.inHistory && !u.reply?.inHistory) this.history.push({ role: "assistant", content: text });
    if (text) this.recordAgentTurn(u, text, text, false);
    if (u.hangupAfter) return this.hangup(u.hangupAfter);
    const next = this.pendingLines.shift();
    if (next) return this.playLine(next.line, next.hangupAfter, next.inHistory);
    if (!this.sender.active && !this.reply) this.armSilence();
  }

  private recordAgentTurn(u: Utterance, text: string, heard: string, interrupted: boolean): void {
    this.d.events.onTurn({
      seq: this.seq++,
      speaker: "agent",
      text,
      heardText: heard,
      interrupted,
      startedAt: u.startedAt,
      endedAt: this.now(),
      ...u.latency,
    });
  }

  // ——— barge-in ———

  /** Caller sound over our audio: stop it now, decide when words arrive. */
  private maybePause(): boolean {
    const t = this.sender.current;
    if (this.pause || !t || t.next === 0 || t.done) return false;
    this.sender.pause();
    this.caller = { finals: [], interim: "", startedAt: this.now() };
    this.pause = { trackId: t.id, timer: setTimeout(() => this.resumeFromPause(), this.opts.falseInterruptionMs) };
    return true;
  }

  private resumeFromPause(): void {
    if (!this.pause) return;
    cancel(this.pause.timer);
    this.pause = undefined;
    this.caller = { finals: [], interim: "" };
    this.sender.resume();
  }

  private confirmBargeIn(): void {
    const p = this.pause;
    if (!p) return;
    cancel(p.timer);
    this.pause = undefined;
    const u = this.utterances.get(p.trackId);
    const heardMs = this.sender.heardBytes(p.trackId) / 8;
    if (u) {
      const full = u.reply ? u.reply.text : u.text;
      const heard = heardText(u.chars, heardMs, full);
      this.recordAgentTurn(u, full, heard, true);
      this.history.push({ role: "assistant", content: `${heard}—` });
      this.utterances.delete(u.id);
      if (u.reply) {
        if (this.reply === u.reply) this.reply = undefined;
        u.reply.abort();
      } else this.sender.drop(u.id);
      // A time-up goodbye the caller talks over doesn't end the call early: they paid until
      // the limit, and the limit itself hangs up (the CallSession's alarm).
    }
    // Anything queued behind the interrupted reply is moot now.
    for (const [id, other] of this.utterances) {
      other.reply?.abort();
      this.sender.drop(id);
      this.utterances.delete(id);
    }
    this.pendingLines = [];
    this.sender.resume();
  }

  private interruptEverything(): void {
    if (this.pause) {
      cancel(this.pause.timer);
      this.pause = undefined;
    }
    this.reply?.abort();
    this.reply = undefined;
    for (const u of this.utterances.values()) u.reply?.abort();
    this.utterances.clear();
    this.pendingLines = [];
    this.sender.reset();
    cancel(this.eotTimer);
    cancel(this.tokenTimer);
  }

  // ——— silence ———

  private armSilence(): void {
    if (this.ended || this.silenceStage === 1) return;
    cancel(this.checkInTimer);
    this.checkInTimer = setTimeout(() => {
      if (this.sender.active || this.reply || this.vad.inSpeech) return;
      this.silenceStage = 1;
      const line = this.d.lines("checkIn");
      if (line) this.playLine(line);
      this.afterCheckInTimer = setTimeout(() => {
        if (this.vad.inSpeech) return;
        const bye = this.d.lines("goodbyeSilence");
        if (bye) this.playLine(bye, "silence");
        else this.hangup("silence");
      }, this.opts.hangupAfterCheckInMs);
    }, this.opts.checkInAfterMs);
  }

  private hangup(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.d.events.onHangup(reason);
  }

  private trimHistory(): void {
    const max = this.opts.maxHistoryMessages;
    if (this.history.length <= max) return;
    let cut = this.history.length - max;
    // Never start the kept history inside a tool exchange.
    while (cut < this.history.length && this.history[cut].role === "tool") cut++;
    this.history = this.history.slice(cut);
  }
}
