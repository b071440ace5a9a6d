// Scriptable fakes for the conversation's ports, on vitest's fake clock: a Twilio that plays
// audio at real-time rate and echoes marks, an LLM that answers from a script, a TTS that
// returns 60 ms of audio per character with alignment.
import { vi } from "vitest";
import type { ChatDelta, ChatMessage } from "../../../core/providers/cerebras.ts";
import type { AlignedChar } from "../../../durable-objects/call-session/heard-text.ts";
import type { MediaSink } from "../../../durable-objects/call-session/paced-sender.ts";
import type { ConversationEvents, Line, Llm, Tools, Tts, TtsContextHandlers, TurnRecord } from "../../../durable-objects/call-session/ports.ts";

export const MS_PER_CHAR = 60;

export function synth(text: string): { b64: string; chars: AlignedChar[] } {
  const bytes = new Uint8Array(text.length * MS_PER_CHAR * 8).fill(0x55);
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return { b64: btoa(s), chars: [...text].map((ch, i) => ({ ch, startMs: i * MS_PER_CHAR })) };
}

export const line = (text: string): Line => ({ text, ...synth(text) });

/** Twilio's side: plays what it is sent at 8 bytes/ms, echoes marks as playback passes them. */
export class FakeTwilio implements MediaSink {
  played = 0;
  clears = 0;
  sent = 0;
  private queue: Array<{ kind: "audio"; bytes: number } | { kind: "mark"; name: string }> = [];
  private timer?: ReturnType<typeof setInterval>;
  onMark: (name: string) => void = () => {};
  constructor() {
    this.timer = setInterval(() => this.tick(), 20);
  }
  media(payload: string) {
    const bytes = (payload.length / 4) * 3 - (payload.endsWith("==") ? 2 : payload.endsWith("=") ? 1 : 0);
    this.sent += bytes;
    this.queue.push({ kind: "audio", bytes });
  }
  mark(name: string) {
    this.queue.push({ kind: "mark", name });
    this.flushMarks();
  }
  clear() {
    this.clears++;
    const marks = this.queue.filter((q) => q.kind === "mark") as Array<{ kind: "mark"; name: string }>;
    this.queue = [];
    for (const m of marks) this.onMark(m.name);
  }
  private tick() {
    let budget = 160;
    while (budget > 0 && this.queue.length) {
      const head = this.queue[0];
      if (head.kind === "mark") {
        this.queue.shift();
        this.onMark(head.name);
        continue;
      }
      const take = Math.min(budget, head.bytes);
      head.bytes -= take;
      budget -= take;
      this.played += take;
      if (head.bytes === 0) this.queue.shift();
    }
    this.flushMarks();
  }
  private flushMarks() {
    while (this.queue[0]?.kind === "mark") {
      const m = this.queue.shift() as { kind: "mark"; name: string };
      queueMicrotask(() => this.onMark(m.name));
    }
  }
  stop() {
    if (this.timer) clearInterval(this.timer);
  }
}

export type Script = (messages: ChatMessage[]) => { text?: string; tool?: { name: string; args: Record<string, unknown> }; firstTokenMs?: number; fail?: boolean };

export class FakeLlm implements Llm {
  requests: ChatMessage[][] = [];
  script: Script;
  constructor(script: Script) {
    this.script = script;
  }
  async *stream(messages: ChatMessage[], _tools: unknown, signal: AbortSignal): AsyncIterable<ChatDelta> {
    this.requests.push(messages);
    const s = this.script(messages);
    await new Promise((r) => setTimeout(r, s.firstTokenMs ?? 200));
    if (signal.aborted) return;
    if (s.fail) throw new Error("boom");
    if (s.text) for (const w of s.text.split(/(?<= )/)) yield { type: "text", text: w };
    if (s.tool) yield { type: "tool_call", index: 0, id: "call_1", name: s.tool.name, arguments: JSON.stringify(s.tool.args) };
    yield { type: "usage", promptTokens: 100, completionTokens: 20 };
    yield { type: "finish", reason: s.tool ? "tool_calls" : "stop" };
  }
}

export class FakeTts implements Tts {
  chars = 0;
  opened: string[] = [];
  closed: string[] = [];
  private handlers = new Map<string, TtsContextHandlers>();
  failNext = false;
  open(id: string, h: TtsContextHandlers) {
    this.opened.push(id);
    this.handlers.set(id, h);
  }
  send(id: string, text: string) {
    this.chars += text.length;
    const h = this.handlers.get(id);
    if (this.failNext) {
      this.failNext = false;
      setTimeout(() => h?.onError("synthesis failed"), 50);
      return;
    }
    const a = synth(`${text} `);
    setTimeout(() => this.handlers.get(id) && h?.onAudio(a.b64, a.chars), 150);
  }
  close(id: string) {
    this.closed.push(id);
    this.handlers.delete(id);
  }
}

export class FakeTools implements Tools {
  calls: Array<{ name: string; args: string }> = [];
  specs() {
    return [{ type: "function" as const, function: { name: "end_call", description: "end", parameters: { type: "object", properties: {} } } }];
  }
  async run(name: string, args: string) {
    this.calls.push({ name, args });
    return name === "end_call" ? { content: "ok", effect: "end_call" as const } : { content: "done" };
  }
}

export class Recorder implements ConversationEvents {
  turns: TurnRecord[] = [];
  hangups: string[] = [];
  usage = { wasted: 0, tts: 0 };
  logs: string[] = [];
  onTurn(t: TurnRecord) {
    this.turns.push(t);
  }
  onPartial() {}
  onUsage(u: { wastedTokens?: number; ttsChars?: number }) {
    this.usage.wasted += u.wastedTokens ?? 0;
    this.usage.tts += u.ttsChars ?? 0;
  }
  onHangup(r: string) {
    this.hangups.push(r);
  }
  log(m: string) {
    this.logs.push(m);
  }
}

/** Loud (speech) or silent 20 ms μ-law frames. */
export const speechFrame = () => new Uint8Array(160).map((_, i) => (i % 2 ? 0x10 : 0x90));
export const silenceFrame = () => new Uint8Array(160).fill(0xff);

export async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}
