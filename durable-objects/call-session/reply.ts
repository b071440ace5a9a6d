// One reply of the persona: LLM tokens → phrases → a TTS context → audio. A reply may start
// speculatively (before the caller's turn is confirmed over) and buffer its audio; it plays
// only once committed. One AbortController per reply: a barge-in aborts every provider call
// it made.
import { cancel } from "./timers.ts";
import type { ChatMessage, ToolCall, ToolSpec } from "../../core/providers/cerebras.ts";
import type { AlignedChar } from "./heard-text.ts";
import type { PacedSender } from "./paced-sender.ts";
import { PhraseChunker } from "./phrase-chunker.ts";
import type { Llm, Tts } from "./ports.ts";

export interface ReplyTimings {
  requestAt: number;
  firstTokenAt?: number;
  ttsFirstSentAt?: number;
  ttsFirstAudioAt?: number;
  firstAudioSentAt?: number;
}

export interface ReplyHooks {
  onLlmDone(r: Reply): void;
  onLlmError(r: Reply, e: unknown): void;
  onTtsError(r: Reply, message: string): void;
  onUsage(u: { promptTokens?: number; completionTokens?: number; ttsChars?: number }): void;
}

const nonSpace = (s: string) => s.replace(/\s/g, "").length;

/** The text after its first `n` non-space characters. */
function afterNonSpace(text: string, n: number): string {
  let seen = 0;
  let i = 0;
  for (; i < text.length && seen < n; i++) if (text[i].trim()) seen++;
  return text.slice(i);
}

export class Reply {
  readonly id: string;
  readonly userText: string;
  readonly controller = new AbortController();
  readonly timings: ReplyTimings;
  committed = false;
  aborted = false;
  llmDone = false;
  ttsDone = false;
  /** Everything the persona means to say in this reply (as sent to TTS). */
  text = "";
  chars: AlignedChar[] = [];
  toolCalls: ToolCall[] = [];
  promptTokens = 0;
  completionTokens = 0;
  /** The conversation already put this reply in the LLM history (with its tool calls). */
  inHistory = false;
  private audioMs = 0;
  private ttsEnabled: boolean;
  private ttsOpen = false;
  private pendingPhrases: string[] = [];
  private bufferedAudio: string[] = [];
  private sentChars = 0;
  private alignedChars = 0;
  /** Everything sent to TTS so far, to re-send what wasn't spoken if the context fails. */
  private sentText = "";
  /** The TTS context in use: the reply's id, then a fresh one per retry. */
  private ctx: string;
  private ttsRetries = 0;
  private readonly chunker = new PhraseChunker();
  private readonly toolParts = new Map<number, { id: string; name: string; args: string }>();
  private quietTimer?: ReturnType<typeof setTimeout>;
  private readonly deps: { llm: Llm; tts: Tts; sender: PacedSender; now: () => number; hooks: ReplyHooks };

  constructor(id: string, userText: string, opts: { speculativeTts: boolean }, deps: Reply["deps"]) {
    this.id = id;
    this.userText = userText;
    this.deps = deps;
    this.ttsEnabled = opts.speculativeTts;
    this.timings = { requestAt: deps.now() };
    this.ctx = id;
  }

  get tokens(): number {
    return this.promptTokens + this.completionTokens;
  }

  async run(messages: ChatMessage[], tools: ToolSpec[]): Promise<void> {
    const signal = this.controller.signal;
    try {
      for await (const d of this.deps.llm.stream(messages, tools, signal)) {
        if (this.aborted) return;
        switch (d.type) {
          case "text":
            this.timings.firstTokenAt ??= this.deps.now();
            for (const p of this.chunker.push(d.text)) this.phrase(p);
            break;
          case "tool_call": {
            this.timings.firstTokenAt ??= this.deps.now();
            const t = this.toolParts.get(d.index) ?? { id: "", name: "", args: "" };
            if (d.id) t.id = d.id;
            if (d.name) t.name += d.name;
            if (d.arguments) t.args += d.arguments;
            this.toolParts.set(d.index, t);
            break;
          }
          case "usage":
            this.promptTokens = d.promptTokens;
            this.completionTokens = d.completionTokens;
            this.deps.hooks.onUsage({ promptTokens: d.promptTokens, completionTokens: d.completionTokens });
            break;
          case "finish":
            break;
          default: {
            const never: never = d;
            void never;
          }
        }
      }
    } catch (e) {
      if (this.aborted) return;
      this.deps.hooks.onLlmError(this, e);
      return;
    }
    if (this.aborted) return;
    for (const p of this.chunker.flush()) this.phrase(p);
    this.toolCalls = [...this.toolParts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([i, t]) => ({ id: t.id || `call_${this.id}_${i}`, type: "function" as const, function: { name: t.name, arguments: t.args || "{}" } }));
    this.llmDone = true;
    this.deps.hooks.onLlmDone(this);
    this.checkTtsDone();
  }

  /** Add a line the conversation decided on (e.g. a goodbye) to the end of this reply. */
  say(text: string): void {
    this.phrase(text);
  }

  commit(): void {
    if (this.committed || this.aborted) return;
    this.committed = true;
    const s = this.deps.sender;
    s.open(this.id);
    for (const b of this.bufferedAudio) s.append(this.id, b);
    this.bufferedAudio = [];
    if (this.ttsDone) s.end(this.id);
    if (!this.ttsEnabled) {
      this.ttsEnabled = true;
      for (const p of this.pendingPhrases.splice(0)) this.sendToTts(p);
    }
    this.checkTtsDone();
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    cancel(this.quietTimer);
    this.controller.abort();
    if (this.ttsOpen) this.deps.tts.close(this.ctx);
    if (this.committed) this.deps.sender.drop(this.id);
  }

  private phrase(p: string): void {
    this.text = this.text ? `${this.text} ${p}` : p;
    if (this.ttsEnabled) this.sendToTts(p);
    else this.pendingPhrases.push(p);
  }

  private openContext(): void {
    this.ttsOpen = true;
    const ctx = this.ctx;
    this.deps.tts.open(ctx, {
      onAudio: (b64, chars) => ctx === this.ctx && this.onAudio(b64, chars),
      onFinal: () => ctx === this.ctx && this.finishTts(),
      onError: (m) => ctx === this.ctx && this.onTtsFailure(m),
    });
  }

  private sendToTts(p: string): void {
    if (!this.ttsOpen) this.openContext();
    this.timings.ttsFirstSentAt ??= this.deps.now();
    this.sentChars += nonSpace(p);
    this.sentText += `${p} `;
    this.deps.hooks.onUsage({ ttsChars: p.length });
    this.deps.tts.send(this.ctx, p, true);
  }

  /**
   * The TTS context failed (a provider error, its socket dropped). Once, re-send on a fresh
   * context whatever had not been voiced yet, so the reply goes on where its audio stopped;
   * a second failure is the conversation's to handle.
   */
  private onTtsFailure(message: string): void {
    if (this.aborted || this.ttsDone) return;
    if (this.ttsRetries >= 1) return this.deps.hooks.onTtsError(this, message);
    this.ttsRetries++;
    this.deps.tts.close(this.ctx);
    this.ctx = `${this.id}.${this.ttsRetries}`;
    const rest = afterNonSpace(this.sentText, this.alignedChars).trim();
    this.openContext();
    if (rest) this.deps.tts.send(this.ctx, rest, true);
    this.deps.hooks.onUsage({ ttsChars: rest.length });
  }

  private onAudio(b64: string, chars: AlignedChar[]): void {
    if (this.aborted) return;
    this.timings.ttsFirstAudioAt ??= this.deps.now();
    for (const c of chars) this.chars.push({ ch: c.ch, startMs: this.audioMs + c.startMs });
    this.alignedChars += chars.filter((c) => c.ch.trim()).length;
    this.audioMs += (b64.length / 4) * 3 / 8;
    if (this.committed) this.deps.sender.append(this.id, b64);
    else this.bufferedAudio.push(b64);
    this.checkTtsDone();
  }

  private checkTtsDone(): void {
    if (this.ttsDone || !this.llmDone || this.aborted) return;
    if (this.pendingPhrases.length && this.committed) return;
    if (this.sentChars === 0 && this.pendingPhrases.length === 0) return this.finishTts();
    if (this.ttsEnabled && this.alignedChars >= this.sentChars) return this.finishTts();
    // Audio for every phrase asked for is usually accounted for by alignment; if a provider
    // sends less alignment than text, a quiet spell ends the reply instead of hanging it.
    cancel(this.quietTimer);
    if (this.ttsEnabled) this.quietTimer = setTimeout(() => this.finishTts(), 2500);
  }

  private finishTts(): void {
    if (this.ttsDone || this.aborted || !this.llmDone) return;
    cancel(this.quietTimer);
    this.ttsDone = true;
    if (this.ttsOpen) this.deps.tts.close(this.ctx);
    if (this.committed) this.deps.sender.end(this.id);
  }

  /** Called after commit when TTS finished earlier (speculative): end the track now. */
  get audioDurationMs(): number {
    return this.audioMs;
  }
}
