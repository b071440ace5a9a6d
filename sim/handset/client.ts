// A handset client for tests, the benchmark and the browser softphone: no Node APIs, only the
// global WebSocket (Node 22 and browsers) and the browser-safe sim/audio modules.
//
//   const phone = await HandsetClient.connect(urls.twilio, "+15551234567");
//   await phone.waitFor("incoming");  phone.answer();
//   await phone.say("What's on my calendar today?");   // resolves once the last frame is spoken
//   const reply = await phone.waitFor("heard");         // reply text reassembled from the audio
import { toBase64 } from "../audio/mulaw.ts";
import { speechDurationMs } from "../audio/speech.ts";
import { parseEvent, type HandsetCommand, type HandsetEvent, type HandsetEventType, type Policy } from "./protocol.ts";

type EventOf<T extends HandsetEventType> = Extract<HandsetEvent, { type: T }>;
type Predicate = (e: HandsetEvent) => boolean;

export interface WaitOptions {
  from?: number;
  advance?: boolean;
}

interface Waiter {
  match: Predicate;
  resolve: (e: HandsetEvent) => void;
}

export class HandsetError extends Error {}

export class HandsetClient {
  readonly number: string;
  /** Every event but `audio` (50 per second per call; counted in `audioFrames` instead). */
  readonly events: HandsetEvent[] = [];
  audioFrames = 0;
  /** Called for each played frame the phone hears (e.g. to feed a speaker in the browser). */
  onAudio?: (e: EventOf<"audio">) => void;
  /** The call this phone is on (or ringing for), if any. */
  currentCall?: string;
  private readonly ws: WebSocket;
  private waiters = new Set<Waiter>();
  private cursor = 0;
  private refs = 0;

  private constructor(ws: WebSocket, number: string) {
    this.ws = ws;
    this.number = number;
    ws.addEventListener("message", (ev: MessageEvent) => this.onMessage(String(ev.data)));
  }

  /** Open `ws://<twilio sim>/handset?number=…` and wait for the `registered` event. */
  static async connect(twilioUrl: string, number: string, timeoutMs = 5000): Promise<HandsetClient> {
    const url = new URL("/handset", twilioUrl.replace(/^http/, "ws"));
    url.searchParams.set("number", number);
    const ws = new WebSocket(url.toString());
    const client = new HandsetClient(ws, number);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("error", () => reject(new HandsetError(`handset ${number}: cannot connect to ${url}`)), { once: true });
      ws.addEventListener("open", () => resolve(), { once: true });
    });
    await client.waitFor("registered", timeoutMs);
    return client;
  }

  get heard(): Array<EventOf<"heard">> {
    return this.events.filter((e): e is EventOf<"heard"> => e.type === "heard");
  }

  get sms(): Array<EventOf<"sms">> {
    return this.events.filter((e): e is EventOf<"sms"> => e.type === "sms");
  }

  answer(callSid = this.currentCall): void {
    this.send({ type: "answer", callSid });
  }

  reject(callSid = this.currentCall): void {
    this.send({ type: "reject", callSid });
  }

  hangup(callSid = this.currentCall): void {
    this.send({ type: "hangup", callSid });
  }

  dtmf(digit: string, callSid = this.currentCall): void {
    this.send({ type: "dtmf", digit, callSid });
  }

  /** Set how this phone answers; resolves once the simulator has applied it. */
  async policy(p: Policy): Promise<void> {
    const done = this.waitFor("policy", 5000, { from: this.events.length, advance: false });
    this.send({ type: "policy", answer: p.answer, ringMs: p.ringMs });
    await done;
  }

  /** Microphone audio: μ-law bytes (or base64), already watermarked if it carries words. */
  sendAudio(audio: Uint8Array | string, callSid = this.currentCall): void {
    this.send({ type: "audio", payload: typeof audio === "string" ? audio : toBase64(audio), callSid });
  }

  /** Speak `text`; resolves with the `said` event once its last frame has been spoken. */
  async say(text: string, opts: { durationMs?: number; callSid?: string; timeoutMs?: number } = {}): Promise<EventOf<"said">> {
    const ref = `say-${++this.refs}`;
    const timeout = opts.timeoutMs ?? (opts.durationMs ?? speechDurationMs(text)) + 10_000;
    // Not advancing the cursor: what the phone heard meanwhile stays readable by waitFor.
    const done = this.waitFor((e) => (e.type === "said" || e.type === "error") && e.ref === ref, timeout, { from: this.events.length, advance: false });
    this.send({ type: "say", text, durationMs: opts.durationMs, callSid: opts.callSid ?? this.currentCall, ref });
    const e = await done;
    if (e.type === "error") throw new HandsetError(e.message);
    return e as EventOf<"said">;
  }

  /**
   * The next event of a type (or matching a predicate) at or after the read cursor; the cursor
   * then moves past it, so successive waits read the conversation in order. `from` overrides
   * where the search starts; `advance: false` leaves the cursor alone.
   */
  waitFor<T extends HandsetEventType>(type: T, timeoutMs?: number, opts?: WaitOptions): Promise<EventOf<T>>;
  waitFor(match: Predicate, timeoutMs?: number, opts?: WaitOptions): Promise<HandsetEvent>;
  waitFor(what: HandsetEventType | Predicate, timeoutMs = 5000, opts: WaitOptions = {}): Promise<HandsetEvent> {
    const match: Predicate = typeof what === "function" ? what : (e) => e.type === what;
    const from = opts.from ?? this.cursor;
    const advance = opts.advance ?? true;
    for (let i = from; i < this.events.length; i++) {
      if (match(this.events[i])) {
        if (advance) this.cursor = i + 1;
        return Promise.resolve(this.events[i]);
      }
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (e) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (advance && e.type !== "audio") this.cursor = this.events.length;
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new HandsetError(`handset ${this.number}: no ${typeof what === "string" ? `"${what}"` : "matching"} event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.addEventListener("close", () => resolve(), { once: true });
      this.ws.close();
    });
  }

  private send(cmd: HandsetCommand): void {
    if (this.ws.readyState !== WebSocket.OPEN) throw new HandsetError(`handset ${this.number}: socket is not open`);
    this.ws.send(JSON.stringify(cmd));
  }

  private onMessage(text: string): void {
    const e = parseEvent(text);
    if (!e) return;
    if (e.type === "audio") {
      this.audioFrames++;
      this.onAudio?.(e);
    } else {
      this.events.push(e);
      if (e.type === "incoming") this.currentCall = e.callSid;
      if (e.type === "ended" && this.currentCall === e.callSid) this.currentCall = undefined;
    }
    for (const w of [...this.waiters]) if (w.match(e)) w.resolve(e);
  }
}
