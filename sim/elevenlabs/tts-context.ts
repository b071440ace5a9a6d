// One synthesis context: the single context of a stream-input socket, or one context_id of a
// multi-stream-input socket. It buffers text, turns each triggered chunk into a generation,
// and sends that generation's audio paced like the real service: first audio
// `elevenlabs.first_audio` after the trigger, then `elevenlabs.realtime_factor` seconds of audio
// per second, one generation after another.
import { sleep, type Latency } from "../core/latency.ts";
import type { OutputFormat } from "./formats.ts";
import type { Alignment, ServerMessage } from "./messages.ts";
import { renderGeneration } from "./render.ts";
import type { Speech } from "./synth.ts";
import { TextBuffer } from "./text-buffer.ts";

export interface GenerationRecord {
  contextId: string | null;
  utteranceId: number;
  text: string;
  chars: number;
  /** Wall-clock ms from the trigger (flush / schedule step) to the first audio message. */
  firstAudioMs?: number;
  durationMs?: number;
  /** False when close_context (or the socket) cut it short. */
  complete: boolean;
}

export interface ContextDeps {
  latency: Latency;
  format: OutputFormat;
  /** Synthesise `text` in this socket's voice at `speed`. */
  synth(text: string, speed: number): Promise<Speech>;
  send(msg: ServerMessage): void;
  nextUtteranceId(): number;
  record(g: GenerationRecord): void;
  /** Multi-context sockets tag every message with the context id; single ones do not. */
  contextId: string | null;
}

export class TtsContext {
  readonly deps: ContextDeps;
  private readonly buffer: TextBuffer;
  private readonly speed: number;
  private chain: Promise<void> = Promise.resolve();
  /** Wall time (performance.now) when the audio produced so far will have been produced. */
  private producedUntil = 0;
  private readonly abort = new AbortController();
  chars = 0;
  generations = 0;
  lastInputAt = Date.now();

  constructor(deps: ContextDeps, opts: { speed?: number; schedule?: number[]; autoMode?: boolean }) {
    this.deps = deps;
    this.speed = opts.speed ?? 1;
    this.buffer = new TextBuffer(opts.schedule, opts.autoMode);
  }

  get closed(): boolean {
    return this.abort.signal.aborted;
  }

  input(text: string, flush: boolean, tryTrigger: boolean): void {
    if (this.closed) return;
    this.lastInputAt = Date.now();
    for (const t of this.buffer.push(text, { flush, tryTrigger })) this.generate(t);
  }

  /** Flush what is buffered and resolve once every generation's audio has been sent. */
  finish(): Promise<void> {
    for (const t of this.buffer.flush()) this.generate(t);
    return this.chain;
  }

  /** Stop now: audio not yet sent is discarded. */
  stop(): void {
    this.abort.abort();
  }

  private generate(text: string): void {
    const triggeredAt = performance.now();
    const rec: GenerationRecord = { contextId: this.deps.contextId, utteranceId: this.deps.nextUtteranceId(), text, chars: text.length, complete: false };
    this.chars += text.length;
    this.generations++;
    this.deps.record(rec);
    // Synthesis starts at once and overlaps the latency wait and earlier generations' playout.
    const speech = this.deps.synth(text, this.speed);
    speech.catch(() => {});
    const firstAudioDelay = this.deps.latency.ms("elevenlabs.first_audio");
    const factor = this.deps.latency.rate("elevenlabs.realtime_factor", 1000);
    this.chain = this.chain.then(() => this.play(rec, speech, triggeredAt, triggeredAt + firstAudioDelay, factor)).catch((e: unknown) => {
      console.error("[sim:elevenlabs] generation failed", e);
    });
  }

  private async play(rec: GenerationRecord, speechP: Promise<Speech>, triggeredAt: number, earliest: number, factor: number): Promise<void> {
    const speech = await speechP;
    if (this.closed) return;
    const r = renderGeneration(speech, rec.text, this.deps.format, rec.utteranceId);
    rec.durationMs = r.durationMs;
    const start = Math.max(earliest, this.producedUntil, performance.now());
    // Chunk k leaves once its audio is produced; the first one defines first-audio latency.
    const first = r.chunks[0]?.toMs ?? 0;
    this.producedUntil = start + (r.durationMs - first) / factor;
    const signal = this.abort.signal;
    for (const c of r.chunks) {
      await sleep(start + (c.toMs - first) / factor - performance.now(), signal);
      if (signal.aborted) return;
      rec.firstAudioMs ??= performance.now() - triggeredAt;
      const alignment: Alignment | null = c.alignment.chars.length ? c.alignment : null;
      this.deps.send({ audio: Buffer.from(c.bytes).toString("base64"), normalizedAlignment: alignment, alignment, ...this.tag() });
    }
    rec.complete = true;
  }

  tag(): { contextId?: string } {
    return this.deps.contextId === null ? {} : { contextId: this.deps.contextId };
  }
}
