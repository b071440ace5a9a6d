// One /v1/listen socket: binary audio in, Results / SpeechStarted / UtteranceEnd / Metadata out,
// each sent after its injected latency but never out of order; KeepAlive, Finalize and
// CloseStream; the 10 s idle close (1011 NET-0001).
import { createHash, randomUUID } from "node:crypto";
import type { RawData } from "ws";
import type { Latency, Stage } from "../core/latency.ts";
import type { SimSocket } from "../core/server.ts";
import { frameSource, type FrameSource } from "./audio-frames.ts";
import { modelInfo, type ListenParams } from "./params.ts";
import { resultsMessage, type ResultsContext, type ServerMessage } from "./results.ts";
import type { TextMemory } from "./text-memory.ts";
import { Transcriber, type TranscriptEvent } from "./transcriber.ts";

export const IDLE_CLOSE_MS = 10_000;

export type ClientMessage = { type: "KeepAlive" } | { type: "Finalize"; channel?: number } | { type: "CloseStream" };

export function parseClientMessage(text: string): ClientMessage | undefined {
  try {
    const j: unknown = JSON.parse(text);
    if (typeof j !== "object" || j === null) return undefined;
    const type = (j as { type?: unknown }).type;
    if (type === "KeepAlive" || type === "CloseStream") return { type };
    if (type === "Finalize") return { type };
  } catch {
    // not JSON: ignored, as the real service ignores text it does not understand
  }
  return undefined;
}

export interface StreamStats {
  socketId: number;
  requestId: string;
  params: ListenParams;
  openedAt: number;
  closedAt?: number;
  bytes: number;
  seconds: number;
  /** Final transcripts (non-empty), in order. */
  transcripts: string[];
  sent: Record<string, number>;
  /** Arrival time of recent caller-speech frames (watermark id/index), for latency benchmarks. */
  frameLog: Array<{ at: number; id: number; index: number }>;
}

const FRAME_LOG_MAX = 5000;

export class ListenSocket {
  readonly stats: StreamStats;
  private readonly socket: SimSocket;
  private readonly latency: Latency;
  private readonly frames?: FrameSource;
  private readonly transcriber: Transcriber;
  private readonly hash = createHash("sha256");
  private readonly results: ResultsContext;
  private idle?: NodeJS.Timeout;
  private sendAt = 0;
  private closing = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(socket: SimSocket, params: ListenParams, latency: Latency, memory?: TextMemory) {
    this.socket = socket;
    this.latency = latency;
    const requestId = randomUUID();
    this.stats = { socketId: socket.record.id, requestId, params, openedAt: Date.now(), bytes: 0, seconds: 0, transcripts: [], sent: {}, frameLog: [] };
    this.results = { channels: params.channels, punctuate: params.punctuate || params.smartFormat, requestId, modelUuid: modelUuid(params.model), modelInfo: modelInfo(params.model) };
    if (params.encoding) this.frames = frameSource(params.encoding, params.sampleRate, params.channels);
    this.transcriber = new Transcriber({
      interimResults: params.interimResults,
      endpointingMs: params.endpointing,
      utteranceEndMs: params.utteranceEndMs,
      vadEvents: params.vadEvents,
      memory,
    });
    socket.ws.on("message", (data: RawData, isBinary: boolean) => this.onMessage(data, isBinary));
    socket.ws.on("close", () => this.dispose());
    this.armIdle();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    this.armIdle();
    if (!isBinary) {
      const msg = parseClientMessage(data.toString());
      if (msg?.type === "Finalize") this.emit(this.transcriber.finalize());
      else if (msg?.type === "CloseStream") this.closeStream();
      return; // KeepAlive only resets the idle timer
    }
    const bytes = toBytes(data);
    // An empty binary message is the legacy end-of-stream signal: the stream closes.
    if (bytes.length === 0) return this.closeStream();
    if (!this.frames) {
      // Without an encoding the audio must be a container; raw telephone audio cannot be decoded.
      this.closing = true;
      this.socket.close(1008, "DATA-0000");
      return;
    }
    this.hash.update(bytes);
    this.stats.bytes += bytes.length;
    const at = Date.now();
    for (const f of this.frames.push(bytes)) {
      if (f.mark && f.mark.kind === 1) {
        this.stats.frameLog.push({ at, id: f.mark.id, index: f.mark.index });
        if (this.stats.frameLog.length > FRAME_LOG_MAX) this.stats.frameLog.splice(0, this.stats.frameLog.length - FRAME_LOG_MAX);
      }
      this.emit(this.transcriber.push(f));
    }
    this.stats.seconds = this.frames.seconds;
  }

  private emit(events: TranscriptEvent[]): void {
    for (const e of events) {
      if (e.type === "speech_started") this.schedule("deepgram.speech_started", { type: "SpeechStarted", channel: [0], timestamp: round(e.timestamp) });
      else if (e.type === "utterance_end") this.schedule(undefined, { type: "UtteranceEnd", channel: [0, this.stats.params.channels], last_word_end: round(e.lastWordEnd) });
      else {
        const msg = resultsMessage(e.reason, e.start, e.end, e.words, this.results);
        if (msg.is_final && msg.channel.alternatives[0].transcript) this.stats.transcripts.push(msg.channel.alternatives[0].transcript);
        const stage: Stage = e.reason === "interim" || e.reason === "final" ? "deepgram.interim" : "deepgram.final_extra";
        this.schedule(stage, msg);
      }
    }
  }

  /** Send after the stage's latency, but never before a message scheduled earlier. */
  private schedule(stage: Stage | undefined, msg: ServerMessage, after?: () => void): void {
    const now = performance.now();
    this.sendAt = Math.max(now + (stage ? this.latency.ms(stage) : 0), this.sendAt);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.stats.sent[msg.type] = (this.stats.sent[msg.type] ?? 0) + 1;
      this.socket.send(JSON.stringify(msg));
      after?.();
    }, this.sendAt - now);
    this.timers.add(t);
  }

  private closeStream(): void {
    if (this.closing) return;
    this.emit(this.transcriber.close());
    this.closing = true;
    clearTimeout(this.idle);
    const metadata: ServerMessage = {
      type: "Metadata",
      transaction_key: "deprecated",
      request_id: this.stats.requestId,
      sha256: this.hash.digest("hex"),
      created: new Date(this.stats.openedAt).toISOString(),
      duration: round(this.frames?.seconds ?? 0),
      channels: this.stats.params.channels,
    };
    this.schedule(undefined, metadata, () => this.socket.close(1000, ""));
  }

  private armIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.closing = true;
      this.socket.close(1011, "NET-0001");
    }, IDLE_CLOSE_MS);
    this.idle.unref?.();
  }

  private dispose(): void {
    this.closing = true;
    this.stats.closedAt = Date.now();
    clearTimeout(this.idle);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A stable UUID per model name, like the real service's model_uuid. */
function modelUuid(model: string): string {
  const h = createHash("sha1").update(model).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
