// A stream-input or multi-stream-input socket: authentication (header or first message),
// contexts (at most 5 open at once on multi), the end-of-input / keep-alive / close_context /
// close_socket messages, and the inactivity close.
import type { RawData } from "ws";
import type { Latency } from "../core/latency.ts";
import type { SimSocket } from "../core/server.ts";
import type { OutputFormat } from "./formats.ts";
import { WS_ERRORS, closeReason, parseClientMessage, type ClientMessage, type ServerMessage } from "./messages.ts";
import type { Speech } from "./synth.ts";
import { TtsContext, type GenerationRecord } from "./tts-context.ts";

export const MAX_CONTEXTS = 5;
/** Multi-stream messages without context_id go to this context (UNCONFIRMED name). */
export const DEFAULT_CONTEXT = "default";

export interface SessionOptions {
  multi: boolean;
  voiceId: string;
  modelId: string;
  outputFormat: string;
  format: OutputFormat;
  inactivityS: number;
  autoMode: boolean;
  /** The key from the xi-api-key header, if one came; otherwise the first message must carry it. */
  headerKey?: string;
  apiKey: string;
}

export interface SessionDeps {
  latency: Latency;
  synth(text: string, speed: number): Promise<Speech>;
  nextUtteranceId(): number;
  record(g: GenerationRecord & { socketId: number }): void;
}

type WsError = { message: string; error: string };

export class StreamInputSession {
  readonly socket: SimSocket;
  readonly opts: SessionOptions;
  private readonly deps: SessionDeps;
  readonly contexts = new Map<string, TtsContext>();
  /** Every context this socket opened, closed ones included (for state()). */
  readonly history: TtsContext[] = [];
  private authed: boolean;
  private ending = false;
  private idle?: NodeJS.Timeout;

  constructor(socket: SimSocket, opts: SessionOptions, deps: SessionDeps) {
    this.socket = socket;
    this.opts = opts;
    this.deps = deps;
    this.authed = opts.headerKey !== undefined;
    socket.ws.on("message", (data: RawData, isBinary: boolean) => this.onMessage(isBinary ? "" : data.toString()));
    socket.ws.on("close", () => this.shutdown());
    if (opts.headerKey !== undefined && opts.headerKey !== opts.apiKey) this.fail(WS_ERRORS.invalidKey);
    else this.armIdle();
  }

  private onMessage(raw: string): void {
    if (this.ending || !this.socket.open) return;
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) return this.fail(WS_ERRORS.invalidMessage);
    const msg = parsed.msg;
    if (!this.authed) {
      const key = msg.kind === "text" ? msg.apiKey : undefined;
      if (key === undefined) return this.fail(WS_ERRORS.missingKey);
      if (key !== this.opts.apiKey) return this.fail(WS_ERRORS.invalidKey);
      this.authed = true;
    }
    this.armIdle();
    if (this.opts.multi) this.onMulti(msg);
    else this.onSingle(msg);
  }

  private onSingle(msg: ClientMessage): void {
    if (msg.kind !== "text") return this.fail(WS_ERRORS.invalidMessage);
    let ctx = this.contexts.get(DEFAULT_CONTEXT);
    if (!ctx) ctx = this.open(DEFAULT_CONTEXT, null, msg);
    // "" ends the input: flush, send the rest of the audio, then isFinal and close.
    if (msg.text === "" && !msg.flush) return void this.endSingle(ctx);
    if (msg.text === " " && msg.init) return;
    ctx.input(msg.text, msg.flush, msg.tryTrigger);
  }

  private async endSingle(ctx: TtsContext): Promise<void> {
    this.ending = true;
    clearTimeout(this.idle);
    await ctx.finish();
    if (ctx.closed) return;
    this.send({ isFinal: true });
    this.socket.close(1000, "");
  }

  private onMulti(msg: ClientMessage): void {
    if (msg.kind === "close_socket") {
      this.ending = true;
      for (const [id, ctx] of this.contexts) {
        ctx.stop();
        this.send({ isFinal: true, contextId: id });
      }
      this.contexts.clear();
      this.socket.close(1000, "");
      return;
    }
    if (msg.kind === "close_context") {
      const ctx = this.contexts.get(msg.contextId);
      if (!ctx) return;
      // Late audio for a closed context stops here; isFinal follows promptly.
      ctx.stop();
      this.contexts.delete(msg.contextId);
      this.send({ isFinal: true, contextId: msg.contextId });
      return;
    }
    const id = msg.contextId ?? DEFAULT_CONTEXT;
    let ctx = this.contexts.get(id);
    if (!ctx) {
      // A keep-alive for a context that does not exist opens nothing.
      if (msg.text === "" && !msg.flush) return;
      // Any other message for a new id opens it, a bare flush included (as the real one does).
      if (this.contexts.size >= MAX_CONTEXTS) return this.fail(WS_ERRORS.maxContexts);
      ctx = this.open(id, id, msg);
    }
    if (msg.text === "" && !msg.flush) {
      ctx.lastInputAt = Date.now();
      return;
    }
    if (msg.text === " " && msg.init) return;
    ctx.input(msg.text, msg.flush, msg.tryTrigger);
  }

  private open(key: string, contextId: string | null, msg: ClientMessage): TtsContext {
    const init = msg.kind === "text" ? msg.init : undefined;
    const ctx = new TtsContext(
      {
        latency: this.deps.latency,
        format: this.opts.format,
        synth: this.deps.synth,
        send: (m) => this.send(m),
        nextUtteranceId: this.deps.nextUtteranceId,
        // The same object, so the context's later updates (first audio, completion) show in state().
        record: (g) => this.deps.record(Object.assign(g, { socketId: this.socket.record.id })),
        contextId,
      },
      { speed: init?.speed, schedule: init?.chunkLengthSchedule, autoMode: this.opts.autoMode },
    );
    this.contexts.set(key, ctx);
    this.history.push(ctx);
    return ctx;
  }

  private armIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.fail(WS_ERRORS.timeout(this.opts.inactivityS)), this.opts.inactivityS * 1000);
    this.idle.unref?.();
  }

  private send(msg: ServerMessage): void {
    this.socket.send(JSON.stringify(msg));
  }

  /** The real service's way out: an error frame, then close 1008 with the (truncated) message. */
  private fail(e: WsError): void {
    if (!this.socket.open) return;
    this.send({ message: e.message, error: e.error, code: 1008 });
    this.shutdown();
    this.socket.close(1008, closeReason(e.message));
  }

  private shutdown(): void {
    this.ending = true;
    clearTimeout(this.idle);
    for (const ctx of this.contexts.values()) ctx.stop();
  }
}
