// The audio of one live call: a 20 ms clock from answer to hang-up that moves the caller's
// speech into the open media stream(s), plays the product's audio (or Twilio's own <Say>)
// and delivers every played frame to the caller's ear after the outbound latency.
import type { HandsetEvent } from "../handset/protocol.ts";
import type { Latency } from "../core/latency.ts";
import { FRAME_MS } from "../audio/mulaw.ts";
import { synthSpeech } from "../audio/speech.ts";
import { KIND_REPLY } from "../audio/watermark.ts";
import { CallClock } from "./call-clock.ts";
import type { CallMetrics, SayMetric } from "./call-types.ts";
import { CallerMouth } from "./caller-mouth.ts";
import { Ear } from "./ear.ts";
import { MediaStream, type StreamEnd } from "./media-stream.ts";
import { Playback } from "./playback.ts";
import type { StreamSpec } from "./twiml.ts";
import type { Webhooks } from "./webhooks.ts";

export interface MediaHost {
  accountSid: string;
  callSid: string;
  authToken(): string;
  webhooks: Webhooks;
  latency: Latency;
  metrics: CallMetrics;
  notify(event: HandsetEvent): void;
}

const MAX_SAYS = 1000;
// <Say> is Twilio's own voice: reply-kind watermark with ids far from the TTS simulator's.
let nextTwimlSayId = 0;
const twimlSayId = () => 0xf000 + (nextTwimlSayId++ % 0x0fff);

export class CallMedia {
  readonly streams: MediaStream[] = [];
  primary?: MediaStream;
  private primarySpec?: StreamSpec;
  private readonly host: MediaHost;
  private readonly clock = new CallClock((t) => this.tick(t));
  private readonly mouth: CallerMouth;
  private readonly ear: Ear;
  private readonly sayPlayback = new Playback();
  private readonly sayWaiters = new Map<string, () => void>();
  private readonly sayRefs = new Map<number, string | undefined>();
  private inboundDelayFrames = 0;
  private outboundDelayMs = 0;
  private stopped = false;

  constructor(host: MediaHost) {
    this.host = host;
    this.mouth = new CallerMouth((say) => {
      const ref = this.sayRefs.get(say.id);
      this.sayRefs.delete(say.id);
      host.notify({ type: "said", callSid: host.callSid, id: say.id, text: say.text, startAt: say.startAt ?? 0, endAt: say.endAt ?? 0, ref });
    });
    this.ear = new Ear(host.metrics, (u, at) => host.notify({ type: "heard", callSid: host.callSid, id: u.id, text: u.text ?? "", at }));
  }

  /** Answered: sample this call's network legs once (a fixed delay keeps frames evenly spaced). */
  start(): void {
    this.inboundDelayFrames = Math.round(this.host.latency.ms("twilio.media.inbound") / FRAME_MS);
    this.outboundDelayMs = this.host.latency.ms("twilio.media.outbound");
    this.clock.start();
  }

  stop(): void {
    this.stopped = true;
    this.clock.stop();
    for (const s of this.streams) s.stop();
    this.mouth.flush();
    for (const done of this.sayWaiters.values()) done();
    this.sayWaiters.clear();
  }

  say(text: string, durationMs?: number, ref?: string): SayMetric {
    const say = this.mouth.say(text, Date.now(), durationMs);
    this.sayRefs.set(say.id, ref);
    this.host.metrics.says.push(say);
    if (this.host.metrics.says.length > MAX_SAYS) this.host.metrics.says.shift();
    return say;
  }

  audio(bytes: Uint8Array): void {
    this.mouth.audio(bytes);
  }

  dtmf(digit: string): boolean {
    const live = this.streams.filter((s) => s.active);
    for (const s of live) s.dtmf(digit);
    return live.length > 0;
  }

  /** <Say>: Twilio's voice, played on the line until its last frame has played. */
  playSay(text: string, signal: AbortSignal): Promise<void> {
    if (this.stopped || signal.aborted) return Promise.resolve();
    const frames = synthSpeech(text, { id: twimlSayId(), kind: KIND_REPLY, f0: 190 });
    for (const f of frames) this.sayPlayback.enqueueAudio(f);
    const name = `say-${Math.random().toString(36).slice(2)}`;
    return new Promise((resolve) => {
      const done = () => {
        this.sayWaiters.delete(name);
        signal.removeEventListener("abort", abort);
        resolve();
      };
      const abort = () => {
        this.sayPlayback.clear();
        done();
      };
      this.sayWaiters.set(name, done);
      signal.addEventListener("abort", abort, { once: true });
      for (const m of this.sayPlayback.enqueueMark(name, Date.now())) this.sayWaiters.get(m)?.();
    });
  }

  /** <Connect><Stream>: runs until the product closes the socket or the call stops it. */
  async runStream(spec: StreamSpec, signal: AbortSignal): Promise<StreamEnd> {
    if (this.stopped || signal.aborted) return "stopped";
    const stream = new MediaStream(this.streamHost(), spec);
    this.streams.push(stream);
    this.primary = stream;
    this.primarySpec = spec;
    const stop = () => stream.stop();
    signal.addEventListener("abort", stop, { once: true });
    const end = await stream.open();
    signal.removeEventListener("abort", stop);
    return end;
  }

  /** Scenario: a second stream for the same call, as a misbehaving edge might open. */
  openExtraStream(): MediaStream | string {
    if (this.stopped) return "the call has ended";
    if (!this.primarySpec) return "the call has no media stream to duplicate";
    const stream = new MediaStream(this.streamHost(), this.primarySpec, true);
    this.streams.push(stream);
    void stream.open();
    return stream;
  }

  private streamHost() {
    const h = this.host;
    return {
      accountSid: h.accountSid, callSid: h.callSid, authToken: h.authToken(), webhooks: h.webhooks, metrics: h.metrics,
      inboundDelayFrames: this.inboundDelayFrames,
      onPlayed: (frame: Uint8Array) => this.toEar(frame),
    };
  }

  private tick(nominal: number): void {
    const m = this.mouth.next(nominal);
    for (const s of this.streams) s.tick(m, nominal);
    const r = this.sayPlayback.tick(nominal);
    if (r.played) this.toEar(r.played.frame);
    for (const name of r.marks) this.sayWaiters.get(name)?.();
  }

  private toEar(frame: Uint8Array): void {
    const deliver = () => {
      const at = Date.now();
      this.ear.hear(frame, at);
      this.host.notify({ type: "audio", callSid: this.host.callSid, payload: Buffer.from(frame).toString("base64"), at });
    };
    if (this.outboundDelayMs <= 0) deliver();
    else setTimeout(deliver, this.outboundDelayMs).unref();
  }
}
