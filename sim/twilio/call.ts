// One outbound-api call: queued → initiated → ringing → in-progress → a terminal status,
// decided by the callee's phone policy; status callbacks for the events asked for, in
// order, numbered per call; TwiML run on answer; TimeLimit; AMD when asked.
import type { Latency } from "../core/latency.ts";
import type { Phones } from "../handset/phones.ts";
import type { HandsetEvent } from "../handset/protocol.ts";
import { CallMedia } from "./call-media.ts";
import { callResource, durationSeconds, type CallView } from "./call-resource.ts";
import { TERMINAL, type AnsweredBy, type CallEvent, type CallMetrics, type CallParams, type CallStatus, type StatusEvent, type TwimlSource } from "./call-types.ts";
import { rfc2822, sid } from "./format.ts";
import { runTwiml, type Fetched } from "./twiml-runner.ts";
import { ok, type Webhooks } from "./webhooks.ts";

export interface CallDeps {
  accountSid: string;
  authToken(): string;
  webhooks: Webhooks;
  latency: Latency;
  phones: Phones;
}

/** queued → initiated: Twilio takes the call off its queue almost at once. */
const INITIATE_MS = 10;
/** "auto" / "voicemail" phones pick up after this unless their policy says otherwise. */
const DEFAULT_PICKUP_MS = 300;
/** How long the simulated answering-machine detection takes. */
const AMD_MS = 300;
const VOICEMAIL_GREETING = "Hi, you have reached my voicemail. Please leave a message after the beep.";
const SIP_CODE: Partial<Record<CallStatus, string>> = { completed: "200", busy: "486", "no-answer": "487", canceled: "487", failed: "500" };
const MAX_EVENTS = 300;

export class Call implements CallView {
  readonly sid = sid("CA");
  readonly accountSid: string;
  readonly to: string;
  readonly from: string;
  readonly params: CallParams;
  status: CallStatus = "queued";
  readonly createdAt = Date.now();
  updatedAt = this.createdAt;
  initiatedAt?: number;
  ringingAt?: number;
  answeredAt?: number;
  endedAt?: number;
  answeredBy?: AnsweredBy;
  endReason?: string;
  readonly events: CallEvent[] = [];
  readonly metrics: CallMetrics = { says: [], clears: [], heard: [], outboundFramesPlayed: 0, lateFrames: 0, lateFrameSamples: [], staleAfterClearMs: 0, inboundFramesSent: 0, inboundSpeechFramesSent: 0, replyFirstArrivals: [], callerFramesSent: [] };
  readonly media: CallMedia;
  private amdDone = false;
  private callbackSeq = 0;
  private callbacks: Promise<unknown> = Promise.resolve();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private ringTimer?: ReturnType<typeof setTimeout>;
  private timeLimitTimer?: ReturnType<typeof setTimeout>;
  private runner?: AbortController;
  private readonly deps: CallDeps;

  constructor(params: CallParams, deps: CallDeps) {
    this.params = params;
    this.deps = deps;
    this.accountSid = deps.accountSid;
    this.to = params.to;
    this.from = params.from;
    this.media = new CallMedia({
      accountSid: deps.accountSid, callSid: this.sid, authToken: deps.authToken, webhooks: deps.webhooks, latency: deps.latency, metrics: this.metrics,
      notify: (e) => this.notify(e),
    });
  }

  get live(): boolean {
    return !TERMINAL.includes(this.status);
  }

  resource() {
    return callResource(this);
  }

  start(): void {
    this.after(INITIATE_MS, () => this.initiate());
  }

  private initiate(): void {
    if (!this.live) return;
    this.initiatedAt = Date.now();
    this.setStatus("initiated", "initiated");
    const policy = this.deps.phones.policyFor(this.to);
    this.note("policy", JSON.stringify(policy));
    if (policy.answer === "fail") return void this.after(policy.ringMs ?? 0, () => this.end("failed", "failed"));
    if (policy.answer === "busy") return void this.after(policy.ringMs ?? 0, () => this.end("busy", "busy"));
    this.ringingAt = Date.now();
    this.setStatus("ringing", "ringing");
    this.notify({ type: "incoming", callSid: this.sid, from: this.from, to: this.to, at: Date.now() });
    const timeoutMs = this.params.timeout * 1000;
    const noAnswer = () => this.end("no-answer", "no-answer");
    if (policy.answer === "manual") this.ringTimer = this.after(timeoutMs, noAnswer);
    else if (policy.answer === "no-answer") this.ringTimer = this.after(Math.min(policy.ringMs ?? timeoutMs, timeoutMs), noAnswer);
    else {
      const pickup = policy.ringMs ?? DEFAULT_PICKUP_MS;
      const by = policy.answer === "voicemail" ? "machine" : "human";
      this.ringTimer = pickup >= timeoutMs ? this.after(timeoutMs, noAnswer) : this.after(pickup, () => this.answer(by));
    }
  }

  /** The callee picked up: a person, or an answering machine (voicemail). */
  answer(by: "human" | "machine"): string | undefined {
    if (this.status !== "ringing") return `call ${this.sid} is ${this.status}, not ringing`;
    clearTimeout(this.ringTimer);
    const amd = this.params.machineDetection;
    if (amd) this.answeredBy = by === "human" ? "human" : amd === "DetectMessageEnd" ? "machine_end_beep" : "machine_start";
    // Synchronous AMD holds the TwiML request until detection is over; async lets it go now.
    const syncAmd = amd !== undefined && !this.params.asyncAmd;
    this.amdDone = syncAmd;
    this.answeredAt = Date.now();
    this.setStatus("in-progress", "answered");
    this.media.start();
    this.timeLimitTimer = this.after(this.params.timeLimit * 1000, () => this.end("completed", "time-limit"));
    // The machine's greeting is caller audio; with DetectMessageEnd it is over before TwiML runs.
    if (by === "machine" && !(syncAmd && amd === "DetectMessageEnd")) this.media.say(VOICEMAIL_GREETING);
    if (amd && this.params.asyncAmd) this.after(AMD_MS, () => this.asyncAmdCallback());
    if (syncAmd) this.after(AMD_MS, () => this.startRunner(this.params.source));
    else this.startRunner(this.params.source);
    return undefined;
  }

  /** Ends the call once; later calls are no-ops (returns false). */
  end(status: CallStatus, reason: string): boolean {
    if (!this.live) return false;
    this.endReason = reason;
    this.endedAt = Date.now();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.runner?.abort();
    this.media.stop();
    this.setStatus(status, "completed");
    this.notify({ type: "ended", callSid: this.sid, status, reason, at: Date.now() });
    return true;
  }

  /** REST update with Url/Twiml: before answer it replaces what runs at answer. */
  redirect(source: TwimlSource): string | undefined {
    if (this.status === "in-progress") this.startRunner(source);
    else if (this.live) this.params.source = source;
    else return "not-in-progress";
    return undefined;
  }

  setTimeLimit(seconds: number): void {
    this.params.timeLimit = seconds;
    if (this.status !== "in-progress" || this.answeredAt === undefined) return;
    clearTimeout(this.timeLimitTimer);
    this.timeLimitTimer = this.after(Math.max(0, this.answeredAt + seconds * 1000 - Date.now()), () => this.end("completed", "time-limit"));
  }

  /** Stop everything without callbacks (simulator shutdown). */
  shutdown(): void {
    for (const t of this.timers) clearTimeout(t);
    this.runner?.abort();
    this.media.stop();
  }

  note(what: string, detail?: string): void {
    this.events.push({ at: Date.now(), what, detail });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }

  notify(e: HandsetEvent): void {
    this.deps.phones.notify(this.to, e);
  }

  private startRunner(source: TwimlSource): void {
    if (this.status !== "in-progress") return;
    this.runner?.abort();
    const ac = new AbortController();
    this.runner = ac;
    const host = {
      fetch: (url: string, method: string) => this.fetchTwiml(url, method),
      say: (text: string, signal: AbortSignal) => this.media.playSay(text, signal),
      stream: (spec: Parameters<CallMedia["runStream"]>[0], signal: AbortSignal) => this.media.runStream(spec, signal),
      finish: (reason: string) => void this.end("completed", reason),
      note: (what: string, detail?: string) => this.note(what, detail),
    };
    runTwiml(host, source, ac.signal).catch((e: unknown) => {
      this.note("twiml-crash", String(e));
      this.end("failed", "simulator-error");
    });
  }

  private async fetchTwiml(url: string, method: string): Promise<Fetched> {
    const params = this.voiceParams();
    let { rec, text } = await this.deps.webhooks.deliver({ kind: "twiml", callSid: this.sid, url, method, params });
    if (!ok(rec) && this.params.fallbackUrl && url !== this.params.fallbackUrl) {
      this.note("twiml-fallback", `${url} answered ${rec.status ?? rec.error}`);
      ({ rec, text } = await this.deps.webhooks.deliver({ kind: "twiml", callSid: this.sid, url: this.params.fallbackUrl, method: this.params.fallbackMethod, params }));
      url = this.params.fallbackUrl;
    }
    // Twilio error 11200: the TwiML request failed (network error or non-2xx).
    if (!ok(rec)) return { ok: false, error: `11200 HTTP retrieval failure: ${rec.error ?? `HTTP ${rec.status}`} from ${url}` };
    return { ok: true, xml: text, url };
  }

  private asyncAmdCallback(): void {
    if (!this.live) return;
    this.amdDone = true;
    const url = this.params.asyncAmdStatusCallback;
    if (!url) return;
    const params = { AccountSid: this.accountSid, CallSid: this.sid, AnsweredBy: this.answeredBy ?? "unknown", MachineDetectionDuration: String(AMD_MS) };
    void this.deps.webhooks.deliver({ kind: "amd-callback", callSid: this.sid, url, method: this.params.asyncAmdStatusCallbackMethod, params });
  }

  private voiceParams(): Record<string, string> {
    const p: Record<string, string> = {
      AccountSid: this.accountSid, ApiVersion: "2010-04-01", CallSid: this.sid, CallStatus: this.status,
      Called: this.to, Caller: this.from, Direction: "outbound-api", From: this.from, To: this.to,
    };
    if (this.amdDone && this.answeredBy) {
      p.AnsweredBy = this.answeredBy;
      p.MachineDetectionDuration = String(AMD_MS);
    }
    return p;
  }

  private setStatus(status: CallStatus, event?: StatusEvent): void {
    this.status = status;
    this.updatedAt = Date.now();
    this.note("status", status);
    this.notify({ type: "state", callSid: this.sid, status, at: this.updatedAt });
    if (event) this.statusCallback(event);
  }

  private statusCallback(event: StatusEvent): void {
    const { statusCallback: url, statusCallbackEvents, statusCallbackMethod } = this.params;
    if (!url || !statusCallbackEvents.includes(event)) return;
    const p = { ...this.voiceParams(), Timestamp: rfc2822(Date.now()), CallbackSource: "call-progress-events", SequenceNumber: String(this.callbackSeq++) };
    if (event === "completed") {
      const d = durationSeconds(this);
      Object.assign(p, { CallDuration: String(d), Duration: String(Math.ceil(d / 60)), SipResponseCode: SIP_CODE[this.status] ?? "200" });
    }
    // Sequential per call, so the product receives them in order (idempotency is its job).
    this.callbacks = this.callbacks.then(() => this.deps.webhooks.deliver({ kind: "status-callback", callSid: this.sid, url, method: statusCallbackMethod, params: p }));
  }

  private after(ms: number, fn: () => void): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }
}
