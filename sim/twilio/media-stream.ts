// One Media Streams WebSocket, dialled by the simulator to the product's <Stream url>: sends
// connected / start / a continuous 20 ms media frame per clock tick / dtmf / mark echoes /
// stop, and takes media, mark and clear back. The call's clock drives `tick`; the stream
// ends when the product closes the socket (TwiML then continues) or when the call stops it.
import { WebSocket, type RawData } from "ws";
import { isSpeech } from "../audio/vad.ts";
import { KIND_CALLER, readFrame } from "../audio/watermark.ts";
import type { CallMetrics, SayMetric, StreamInfo } from "./call-types.ts";
import { rfc2822, sid } from "./format.ts";
import { parseProductMessage, type TwilioStreamMessage } from "./media-messages.ts";
import { Playback } from "./playback.ts";
import { PlayTracker } from "./play-tracker.ts";
import { twilioSignature } from "./signature.ts";
import type { StreamSpec } from "./twiml.ts";
import type { Webhooks } from "./webhooks.ts";

export interface StreamHost {
  accountSid: string;
  callSid: string;
  authToken: string;
  webhooks: Webhooks;
  metrics: CallMetrics;
  /** Inbound latency as whole frames (a fixed delay line keeps frames evenly spaced). */
  inboundDelayFrames: number;
  /** A frame started playing; the call delivers it to the ear after the outbound latency. */
  onPlayed(frame: Uint8Array, nominal: number): void;
}

export interface MouthFrame {
  frame: Uint8Array;
  say?: SayMetric;
  first?: boolean;
  last?: boolean;
}

export type StreamEnd = "server-closed" | "stopped" | "failed";

const MAX_REJECTED = 100;
const MAX_MARKS = 2000;
const MEDIA_FORMAT = { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 } as const;

export class MediaStream {
  readonly info: StreamInfo;
  private readonly host: StreamHost;
  private readonly spec: StreamSpec;
  private ws?: WebSocket;
  private seq = 0;
  private chunk = 0;
  private started = false;
  private readonly playback = new Playback();
  private readonly tracker: PlayTracker;
  private readonly delayLine: MouthFrame[] = [];
  private finish!: (end: StreamEnd) => void;
  readonly ended: Promise<StreamEnd>;

  constructor(host: StreamHost, spec: StreamSpec, extra = false) {
    this.host = host;
    this.spec = spec;
    this.tracker = new PlayTracker(host.metrics);
    this.info = {
      streamSid: sid("MZ"), url: spec.url, name: spec.name, customParameters: { ...spec.parameters }, extra, openedAt: Date.now(),
      mediaSent: 0, mediaReceived: 0, bytesReceived: 0, marksReceived: [], marksEchoed: [], clears: 0, dtmfSent: [], rejected: [],
    };
    for (let i = 0; i < host.inboundDelayFrames; i++) this.delayLine.push({ frame: new Uint8Array(160).fill(0xff) });
    this.ended = new Promise((r) => (this.finish = r));
  }

  /** Media flows once `start` went out and until `stop` (or the socket closed). */
  get active(): boolean {
    return this.started && this.info.stopSentAt === undefined && this.ws?.readyState === WebSocket.OPEN;
  }

  open(): Promise<StreamEnd> {
    const url = this.spec.url;
    // Twilio signs the upgrade over the ws(s) URL itself, with no parameters.
    const signature = twilioSignature(this.host.authToken, url);
    const rec = this.host.webhooks.record({ kind: "stream-upgrade", callSid: this.host.callSid, at: Date.now(), method: "GET", url, params: {}, signature });
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, { headers: { "X-Twilio-Signature": signature, "User-Agent": "Twilio.TmeWs/1.0" }, perMessageDeflate: false, handshakeTimeout: 10_000 });
    } catch (e) {
      this.fail((rec.error = (e as Error).message));
      return this.ended;
    }
    this.ws = ws;
    ws.on("upgrade", (res) => (rec.status = res.statusCode));
    ws.on("unexpected-response", (req, res) => {
      rec.status = res.statusCode;
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => (rec.body = body.slice(0, 2000)));
      req.destroy();
      this.fail(`WebSocket handshake answered HTTP ${res.statusCode}`);
    });
    ws.on("error", (e) => {
      rec.error ??= e.message;
      this.fail(e.message);
    });
    ws.on("open", () => this.onOpen());
    ws.on("message", (data: RawData, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on("close", (code, reason) => this.onClose(code, reason.toString()));
    return this.ended;
  }

  private onOpen(): void {
    this.info.connectedAt = Date.now();
    this.send({ event: "connected", protocol: "Call", version: "1.0.0" });
    const { streamSid, customParameters } = this.info;
    this.send({
      event: "start", sequenceNumber: this.nextSeq(), streamSid,
      start: { streamSid, accountSid: this.host.accountSid, callSid: this.host.callSid, tracks: ["inbound"], customParameters, mediaFormat: MEDIA_FORMAT },
    });
    this.started = true;
    this.info.startAt = Date.now();
    if (!this.info.extra) this.host.metrics.streamStartAt = this.info.startAt;
    this.statusCallback("stream-started");
  }

  /** One 20 ms tick: send the caller's frame (through the latency delay line), play one frame. */
  tick(mouth: MouthFrame, nominal: number): void {
    if (!this.active) return;
    this.delayLine.push(mouth);
    const out = this.delayLine.shift()!;
    const now = Date.now();
    if (out.say && out.first && !this.info.extra) out.say.sentStartAt = now;
    if (out.say && out.last && !this.info.extra) out.say.sentEndAt = now;
    this.chunk++;
    this.send({
      event: "media", sequenceNumber: this.nextSeq(), streamSid: this.info.streamSid,
      media: { track: "inbound", chunk: String(this.chunk), timestamp: String(Math.max(0, nominal - (this.info.startAt ?? nominal))), payload: Buffer.from(out.frame).toString("base64") },
    });
    this.info.mediaSent++;
    if (!this.info.extra) {
      this.host.metrics.inboundFramesSent++;
      const mark = readFrame(out.frame);
      if (mark?.kind === KIND_CALLER || isSpeech(out.frame)) this.host.metrics.inboundSpeechFramesSent++;
      if (mark?.kind === KIND_CALLER && this.host.metrics.callerFramesSent.length < 5000) this.host.metrics.callerFramesSent.push({ id: mark.id, index: mark.index, at: now });
    }
    const r = this.playback.tick(nominal);
    this.echo(r.marks);
    if (r.played) {
      this.tracker.played(r.played.frame, nominal);
      this.host.metrics.outboundFramesPlayed++;
      this.host.onPlayed(r.played.frame, nominal);
    }
  }

  dtmf(digit: string): void {
    if (!this.active) return;
    this.info.dtmfSent.push(digit);
    this.send({ event: "dtmf", sequenceNumber: this.nextSeq(), streamSid: this.info.streamSid, dtmf: { track: "inbound_track", digit } });
  }

  /** Twilio ends the stream: `stop`, then it closes the socket. */
  stop(): void {
    if (this.info.stopSentAt !== undefined || this.info.closedAt !== undefined) return;
    this.info.stopSentAt = Date.now();
    if (this.ws?.readyState === WebSocket.OPEN) {
      if (this.started) this.send({ event: "stop", sequenceNumber: this.nextSeq(), streamSid: this.info.streamSid, stop: { accountSid: this.host.accountSid, callSid: this.host.callSid } });
      this.ws.close(1000, "stream stopped");
      // ws waits up to 30 s for the peer's close frame; a real edge does not wait that long.
      const ws = this.ws;
      setTimeout(() => ws.terminate(), 1000).unref();
    } else {
      this.ws?.terminate();
      this.onClose(1006, "stopped before open");
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const now = Date.now();
    const text = data.toString();
    if (isBinary) return this.reject(now, "binary frames are not part of the protocol", `<binary ${text.length} bytes>`);
    const parsed = parseProductMessage(text, this.info.streamSid);
    if ("error" in parsed) return this.reject(now, parsed.error, text);
    const msg = parsed.ok;
    switch (msg.event) {
      case "media": {
        const bytes = new Uint8Array(Buffer.from(msg.media.payload, "base64"));
        this.info.mediaReceived++;
        this.info.bytesReceived += bytes.length;
        this.tracker.arrived(bytes, now);
        this.playback.enqueueAudio(bytes);
        return;
      }
      case "mark":
        if (this.info.marksReceived.length < MAX_MARKS) this.info.marksReceived.push(msg.mark.name);
        return this.echo(this.playback.enqueueMark(msg.mark.name, now));
      case "clear": {
        this.info.clears++;
        const { marks, droppedBytes } = this.playback.clear();
        const interruptedId = this.tracker.clear(now, droppedBytes);
        this.host.metrics.clears.push({ at: now, streamSid: this.info.streamSid, droppedBytes, marksEchoed: marks, interruptedId });
        return this.echo(marks);
      }
      default: {
        const never: never = msg;
        return never;
      }
    }
  }

  private echo(marks: string[]): void {
    for (const name of marks) {
      if (this.info.marksEchoed.length < MAX_MARKS) this.info.marksEchoed.push(name);
      this.send({ event: "mark", sequenceNumber: this.nextSeq(), streamSid: this.info.streamSid, mark: { name } });
    }
  }

  private reject(at: number, reason: string, data: string): void {
    if (this.info.rejected.length < MAX_REJECTED) this.info.rejected.push({ at, reason, data: data.slice(0, 300) });
  }

  private onClose(code: number, reason: string): void {
    if (this.info.closedAt !== undefined) return;
    this.info.closedAt = Date.now();
    this.info.closeCode = code;
    this.info.closeReason = reason;
    if (this.info.error) this.info.closedBy = "error";
    else this.info.closedBy = this.info.stopSentAt !== undefined ? "sim" : "server";
    if (this.started) this.statusCallback("stream-stopped");
    this.finish(this.info.closedBy === "error" ? "failed" : this.info.closedBy === "sim" ? "stopped" : "server-closed");
  }

  private fail(message: string): void {
    if (this.info.closedAt !== undefined) return;
    this.info.error ??= message;
    this.statusCallback("stream-error", message);
    this.onClose(1006, message);
  }

  private send(msg: TwilioStreamMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private nextSeq(): string {
    return String(++this.seq);
  }

  private statusCallback(event: "stream-started" | "stream-stopped" | "stream-error", error?: string): void {
    if (!this.spec.statusCallback) return;
    const params: Record<string, string> = {
      AccountSid: this.host.accountSid, CallSid: this.host.callSid, StreamSid: this.info.streamSid,
      StreamName: this.spec.name ?? this.info.streamSid, StreamEvent: event, Timestamp: rfc2822(Date.now()),
    };
    if (error) params.StreamError = error;
    void this.host.webhooks.deliver({ kind: "stream-status", callSid: this.host.callSid, url: this.spec.statusCallback, method: this.spec.statusCallbackMethod, params });
  }
}
