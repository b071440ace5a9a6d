// One call from dial to bill: warm start while it rings, the media stream, the conversation,
// the paid-time limit, the end and the money. The Durable Object shell hands it entry points;
// everything that must survive a reset is in storage.
import { chargeExtension, settleCall } from "../../core/billing/call-charges.ts";
import type { Config } from "../../core/config.ts";
import { upsertUsage } from "../../core/db/call-records.ts";
import { advanceCallStatus, setCallFacts, type CallStatus } from "../../core/db/calls.ts";
import { BudgetExceeded, InsufficientCredits } from "../../core/db/credits.ts";
import { recordPersonaUsage } from "../../core/db/personas.ts";
import { createPool, type Pool } from "../../core/db/pool.ts";
import { assemblePrompt } from "../../core/prompt.ts";
import { EXTENSION } from "../../core/pricing.ts";
import { streamChat } from "../../core/providers/cerebras.ts";
import { endCall, fetchCall } from "../../core/providers/twilio.ts";
import { ProviderError } from "../../core/providers/errors.ts";
import { usageRows } from "../../core/usage-cost.ts";
import type { CallSetup, CallState } from "./call-info.ts";
import { Conversation } from "./conversation.ts";
import { LineBank } from "./line-bank.ts";
import { Listener } from "./listener.ts";
import type { TurnRecord } from "./ports.ts";
import { openDeepgram } from "./providers/deepgram.ts";
import { TurnWriter } from "./recorder.ts";
import { CallTools, type ToolPowers } from "./tools.ts";
import { TtsHub } from "./tts-hub.ts";
import { clearMessage, markMessage, mediaMessage, MediaProtocolError, parseInbound } from "./twilio/messages.ts";

export interface ControllerHost {
  config: Config;
  storage: DurableObjectStorage;
  waitUntil(p: Promise<unknown>): void;
  sendLive(msg: Record<string, unknown>): void;
  /** Extra tool powers the worker provides (the caller's agenda). */
  agenda?: ToolPowers["agenda"];
  /** After a call that was answered ended (summaries, agenda outcome). */
  afterCall?(outcome: CallOutcome): Promise<void>;
}

export interface CallOutcome {
  setup: CallSetup;
  answered: boolean;
  status: CallStatus;
  endReason: string;
  durationSeconds: number;
  turns: TurnRecord[];
}

export interface MediaSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

const NO_MEDIA_MS = 10_000;
/** Failed connect-timeout checks with Twilio before the call is settled unanswered. */
const MAX_CONNECT_CHECKS = 10;
const TWILIO_FINAL: Record<string, CallStatus> = { completed: "completed", busy: "busy", "no-answer": "no_answer", failed: "failed", canceled: "canceled" };
const WARNING_BEFORE_MS = 60_000;
const MAX_STREAMS = 6;
const MAX_LIVE_TURNS = 200;

export class CallController {
  readonly setup: CallSetup;
  state: CallState;
  private readonly host: ControllerHost;
  private readonly lines = new LineBank();
  private readonly tts: TtsHub;
  private listener?: Listener;
  private conversation?: Conversation;
  private media?: MediaSocket;
  private streamSid = "";
  private lastMediaAt = 0;
  private watchdog?: ReturnType<typeof setInterval>;
  private warming?: Promise<void>;
  private pool?: Pool;
  private readonly turns: TurnWriter;
  private settling?: Promise<void>;
  private allTurns: TurnRecord[] = [];

  constructor(host: ControllerHost, setup: CallSetup, state: CallState) {
    this.host = host;
    this.setup = setup;
    this.state = state;
    this.tts = new TtsHub(host.config.elevenlabs, this.voice(), (m) => this.log(m));
    this.turns = new TurnWriter(() => this.db(), setup.callId, (m) => this.log(m));
  }

  private voice() {
    return { voiceId: this.setup.voiceId, modelId: this.host.config.elevenlabs.model, languageCode: this.setup.language.slice(0, 2) };
  }

  private db(): Pool {
    return (this.pool ??= createPool(this.host.config.databaseUrl, { max: 2 }));
  }

  private log(m: string): void {
    console.log(`[call ${this.setup.callId.slice(0, 8)}] ${m}`);
  }

  private save(): void {
    void this.host.storage.put("state", this.state);
  }

  // ——— warm start ———

  /** While the phone rings: open both provider sockets and have every fixed line ready. */
  warmUp(): Promise<void> {
    if (this.state.phase === "ended") return Promise.resolve();
    if (this.state.phase === "created") {
      this.state.phase = "ringing";
      this.save();
      this.host.sendLive({ type: "status", status: "ringing" });
    }
    this.warming ??= (async () => {
      const started = Date.now();
      const [billed] = await Promise.all([
        this.lines.load(this.host.config.elevenlabs, this.voice(), this.setup.personaId, this.setup.firstMessage, (m) => this.log(m)),
        this.tts.warm(),
        this.startListener(),
      ]);
      this.state.usage.ttsChars += billed;
      this.log(`warm in ${Date.now() - started} ms`);
    })();
    return this.warming;
  }

  private startListener(): Promise<void> {
    if (this.listener) return Promise.resolve();
    const cfg = this.host.config.deepgram;
    const l = new Listener((h) => openDeepgram(cfg, { model: cfg.model, language: this.setup.language, endpointingMs: 300, utteranceEndMs: 1000, interimResults: true }, h), {
      onEvent: (e) => this.conversation?.onStt(e),
      onFatal: (reason) => this.conversation?.fatal(reason),
      onReconnected: (attempt, ms) => this.log(`speech recognition reconnected (attempt ${attempt}, replayed ${Math.round(ms)} ms)`),
    });
    this.listener = l;
    return l.start();
  }

  // ——— the media stream ———

  /** A media stream (Twilio's or the browser's) wants in. Only one at a time. */
  acceptMedia(socket: MediaSocket): boolean {
    if (this.state.phase === "ended") {
      socket.close(1000, "call ended");
      return false;
    }
    if (this.media) {
      socket.close(1008, "this call already has a media stream");
      return false;
    }
    if (this.state.streams >= MAX_STREAMS) {
      socket.close(1008, "too many reconnects");
      void this.hangUp("reconnect_limit");
      return false;
    }
    this.media = socket;
    return true;
  }

  isMedia(socket: MediaSocket): boolean {
    return this.media === socket;
  }

  async onMediaMessage(text: string): Promise<void> {
    let m;
    try {
      m = parseInbound(text);
    } catch (e) {
      if (e instanceof MediaProtocolError) this.log(`bad media message: ${e.message}`);
      return;
    }
    switch (m.event) {
      case "media": {
        this.lastMediaAt = Date.now();
        const bytes = decodeBase64(m.media.payload);
        this.state.usage.audioMs += bytes.byteLength / 8;
        // The recogniser hears the caller even while the persona is still warming up.
        this.listener?.push(bytes);
        this.conversation?.onAudio(bytes);
        return;
      }
      case "mark":
        this.conversation?.onMark(m.mark.name);
        return;
      case "start":
        return this.onStreamStart(m.streamSid, m.start.customParameters);
      case "stop":
        return this.onStreamEnd("stop");
      case "connected":
      case "dtmf":
        return;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  private async onStreamStart(streamSid: string, params: Record<string, string>): Promise<void> {
    if (params.token !== this.setup.streamToken || this.conversation) {
      this.log("media stream refused: wrong token or already started");
      this.media?.close(1008, "not allowed");
      this.media = undefined;
      return;
    }
    this.streamSid = streamSid;
    const resumed = this.state.streams > 0 || this.state.history.length > 0;
    this.state.streams++;
    this.lastMediaAt = Date.now();
    // The paid time runs from the moment the caller is connected, however long warming takes.
    if (this.state.answeredAt === undefined) {
      this.state.answeredAt = Date.now();
      this.state.deadlineAt = this.state.answeredAt + this.setup.purchasedSeconds * 1000;
      this.save();
    }
    // Only the first line has to be ready to start; the sockets finish warming meanwhile
    // (the recogniser buffers the caller's audio until it is connected).
    const warm = this.warmUp();
    await Promise.race([this.lines.ready(resumed ? "reconnected" : "greeting"), warm]);
    if (!this.media || this.state.phase === "ended") return;
    const media = this.media;
    const sid = this.streamSid;
    const conv = new Conversation(
      {
        sink: { media: (p) => media.send(mediaMessage(sid, p)), mark: (n) => media.send(markMessage(sid, n)), clear: () => media.send(clearMessage(sid)) },
        llm: {
          stream: (messages, tools, signal) =>
            streamChat(this.host.config.cerebras, { model: this.setup.model, messages, tools: tools.length ? tools : undefined, temperature: this.setup.temperature, max_completion_tokens: 300 }, signal),
        },
        tts: this.tts,
        tools: new CallTools(this.powers()),
        lines: (k) => this.lines.get(k),
        events: {
          onTurn: (t) => this.onTurn(t),
          onPartial: (text) => this.host.sendLive({ type: "partial", text }),
          onUsage: (u) => {
            const s = this.state.usage;
            s.promptTokens += u.promptTokens ?? 0;
            s.completionTokens += u.completionTokens ?? 0;
            s.wastedTokens += u.wastedTokens ?? 0;
            s.ttsChars += u.ttsChars ?? 0;
          },
          onHangup: (reason) => void this.hangUp(reason),
          log: (msg) => this.log(msg),
        },
        systemPrompt: () => this.systemPrompt(),
        finalizeStt: () => this.listener?.finalize(),
      },
      { naive: this.setup.naive, speculation: !this.setup.naive },
      { history: this.state.history, seq: this.state.seq },
    );
    this.conversation = conv;
    this.state.phase = "live";
    this.save();
    conv.start(resumed ? "reconnected" : "greeting");
    this.host.sendLive({ type: "status", status: "in_progress" });
    if (this.setup.channel === "web") void advanceCallStatus(this.db(), this.setup.callId, { status: "in_progress" }).catch(() => {});
    await this.armAlarm();
    cancelInterval(this.watchdog);
    this.watchdog = setInterval(() => {
      if (this.media && Date.now() - this.lastMediaAt > NO_MEDIA_MS) void this.hangUp("no_media");
    }, 1000);
  }

  /** The stream ended (Twilio stop, or the socket closed). The call itself may go on (a redirect). */
  onStreamEnd(why: string): void {
    if (!this.media && !this.conversation) return;
    this.log(`media stream ended (${why})`);
    this.media = undefined;
    cancelInterval(this.watchdog);
    if (this.conversation) {
      this.state.history = this.conversation.history;
      this.state.seq = this.conversation.nextSeq;
      this.conversation.stop();
      this.conversation = undefined;
      this.save();
    }
    // A browser leaving is the end of a web call; a phone call ends with Twilio's status callback.
    if (this.setup.channel === "web") void this.finish("completed", this.state.endReason ?? "caller_hung_up");
  }

  private onTurn(t: TurnRecord): void {
    this.allTurns.push(t);
    this.state.turns.push(t);
    if (this.state.turns.length > MAX_LIVE_TURNS) this.state.turns.shift();
    if (this.conversation) {
      this.state.history = this.conversation.history;
      this.state.seq = this.conversation.nextSeq;
    }
    this.save();
    this.turns.add(t);
    this.host.sendLive({ type: "turn", turn: t });
  }

  private systemPrompt(): string {
    const left = this.state.deadlineAt ? Math.max(0, (this.state.deadlineAt - Date.now()) / 1000) : this.setup.purchasedSeconds;
    return assemblePrompt({
      personaName: this.setup.personaName,
      personaPrompt: this.setup.personaPrompt,
      callerName: this.setup.callerName || undefined,
      timeZone: this.setup.timeZone,
      now: new Date(),
      summary: this.setup.memory.summary,
      memories: this.setup.memory.items,
      secondsLeft: left,
      canExtend: this.canExtend(),
      tools: new CallTools(this.powers()).specs().map((s) => s.function.name),
    });
  }

  // ——— time limit ———

  private goodbyeLeadMs(): number {
    const g = this.lines.get("goodbyeTime");
    return (g ? (g.b64.length * 3) / 4 / 8 : 4000) + 400;
  }

  private async armAlarm(): Promise<void> {
    const d = this.state.deadlineAt;
    if (this.state.phase === "ended" || d === undefined) return;
    const times = [d];
    if (!this.state.warned && this.setup.purchasedSeconds * 1000 > WARNING_BEFORE_MS * 1.5) times.push(d - WARNING_BEFORE_MS);
    if (this.state.goodbyeAt === undefined) times.push(d - this.goodbyeLeadMs());
    const now = Date.now();
    const next = Math.min(...times.filter((t) => t > now - 1000));
    if (Number.isFinite(next)) await this.host.storage.setAlarm(Math.max(next, now));
  }

  async alarm(): Promise<void> {
    if (this.state.finalized) return;
    if (this.state.answeredAt === undefined) return this.connectTimeout();
    const d = this.state.deadlineAt;
    if (this.state.phase !== "live" || d === undefined) return;
    const now = Date.now();
    if (now >= d - 50) {
      // The limit: hang up now, goodbye or not.
      await this.hangUp("time_limit");
      return;
    }
    if (this.state.goodbyeAt === undefined && now >= d - this.goodbyeLeadMs() - 50) {
      this.state.goodbyeAt = now;
      this.save();
      this.conversation?.timeUp();
    } else if (!this.state.warned && now >= d - WARNING_BEFORE_MS - 50) {
      this.state.warned = true;
      this.save();
      this.conversation?.timeWarning(this.canExtend());
    }
    await this.armAlarm();
  }

  /**
   * Nobody connected in time. A web call whose browser never joined is abandoned; for a phone
   * call we ask Twilio (its final callback may have been lost) and settle from its answer.
   */
  private async connectTimeout(): Promise<void> {
    if (this.setup.channel === "web") return this.finish("no_answer", "web_not_joined");
    const sid = this.setup.twilioCallSid;
    if (!sid) return this.finish("failed", "dial_failed");
    try {
      const call = await fetchCall(this.host.config.twilio, sid);
      const status = TWILIO_FINAL[call.status];
      if (status) return this.finish(status, status === "completed" ? "completed" : status, call.duration ? Number(call.duration) : undefined);
      if (call.status === "in-progress") {
        // Connected but the stream never arrived: try again shortly, the TimeLimit ends it anyway.
        await this.host.storage.setAlarm(Date.now() + 30_000);
        return;
      }
      await endCall(this.host.config.twilio, sid);
      return this.finish("no_answer", "no_answer");
    } catch (e) {
      // Twilio doesn't know the call (it never existed there, or its record is gone): nobody
      // was reached. Any other failure is retried, but not forever: after ten checks (5 min)
      // the call is settled unanswered — nothing was delivered without a stream, so nothing is charged.
      const checks = (this.state.connectChecks ?? 0) + 1;
      this.state.connectChecks = checks;
      this.save();
      if (e instanceof ProviderError && (e.status === 404 || e.code === 20404)) return this.finish("failed", "unknown_to_twilio");
      if (checks >= MAX_CONNECT_CHECKS) return this.finish("failed", "status_unknown");
      this.log(`connect check ${checks} failed, retrying: ${(e as Error).message}`);
      await this.host.storage.setAlarm(Date.now() + 30_000);
    }
  }

  // ——— tools: extension ———

  private canExtend(): boolean {
    return this.state.phase === "live" && this.state.deadlineAt !== undefined;
  }

  private powers(): ToolPowers {
    return {
      canExtend: () => this.canExtend(),
      extend: () => this.extend("voice"),
      agenda: this.host.agenda,
      log: (m) => this.log(m),
    };
  }

  /** +5 minutes for the extension price, charged once per window even when accepted twice. */
  async extend(source: "voice" | "app"): Promise<{ ok: boolean; message: string; deadlineAt?: number }> {
    const d = this.state.deadlineAt;
    if (!this.canExtend() || d === undefined) return { ok: false, message: "The call is not in progress, so it cannot be extended." };
    if (d - Date.now() > 2 * WARNING_BEFORE_MS + 30_000) return { ok: false, message: "More time can be added during the last two minutes of the call." };
    try {
      const { charged } = await chargeExtension(this.db(), this.setup.userId, this.setup.callId, String(d));
      if (charged) {
        this.state.deadlineAt = d + EXTENSION.seconds * 1000;
        this.state.extensions++;
        this.state.warned = false;
        this.state.goodbyeAt = undefined;
        this.save();
        await this.db()
          .query("update calls set extensions = extensions + 1, purchased_seconds = purchased_seconds + $2 where id = $1", [this.setup.callId, EXTENSION.seconds])
          .catch((e: unknown) => this.log(`extension write failed: ${(e as Error).message}`));
        await this.armAlarm();
        this.host.sendLive({ type: "extended", deadlineAt: this.state.deadlineAt, source });
      }
      return { ok: true, message: "Done: five more minutes were added to the call.", deadlineAt: this.state.deadlineAt };
    } catch (e) {
      if (e instanceof InsufficientCredits) return { ok: false, message: "There aren't enough credits for more time. The caller can buy credits in the app." };
      if (e instanceof BudgetExceeded) return { ok: false, message: "More time would go over the caller's monthly budget, so it can't be added. The budget can be changed in the app." };
      this.log(`extension failed: ${(e as Error).message}`);
      return { ok: false, message: "Adding time failed on our side; nothing was charged." };
    }
  }

  // ——— the end ———

  /** End the call from our side: Twilio hang-up (or close the browser's socket), then settle. */
  async hangUp(reason: string): Promise<void> {
    if (this.state.phase === "ended") return;
    this.state.endReason ??= reason;
    this.log(`hanging up: ${reason}`);
    this.save();
    if (this.setup.channel === "phone") {
      const sid = this.setup.twilioCallSid;
      if (sid) {
        try {
          await endCall(this.host.config.twilio, sid);
        } catch (e) {
          this.log(`twilio hang-up failed: ${(e as Error).message}`);
        }
      }
      this.media?.close(1000, reason);
      this.onStreamEnd("hang-up");
      // Twilio's completed callback settles the call; if it never comes, this does.
      this.host.waitUntil(
        new Promise<void>((r) => setTimeout(r, 15_000)).then(() => {
          if (!this.state.finalized) return this.finish("completed", reason);
        }),
      );
    } else {
      this.media?.close(1000, reason);
      this.onStreamEnd("hang-up");
      await this.finish("completed", reason);
    }
  }

  /** Twilio says the call reached a final status (or the browser left). Settles exactly once. */
  finish(status: CallStatus, reason: string, durationSeconds?: number): Promise<void> {
    this.settling ??= this.settle(status, reason, durationSeconds).catch((e: unknown) => {
      this.log(`settling failed: ${(e as Error).message}`);
      this.settling = undefined;
    });
    return this.settling;
  }

  private async settle(status: CallStatus, reason: string, durationSeconds?: number): Promise<void> {
    if (this.state.finalized) return;
    this.state.phase = "ended";
    this.state.endReason ??= reason;
    this.save();
    cancelInterval(this.watchdog);
    this.media?.close(1000, "call ended");
    this.onStreamEnd("call ended");
    this.listener?.close();
    this.tts.shutdown();
    await this.host.storage.deleteAlarm();

    // A voicemail picked up the stream too, but nobody was reached: it costs nothing.
    const answered = this.state.answeredAt !== undefined && this.state.endReason !== "voicemail";
    const seconds = durationSeconds ?? (answered ? Math.round((Date.now() - this.state.answeredAt!) / 1000) : 0);
    const db = this.db();
    // Our failure early in the call is on us: a call that broke in its first half costs nothing.
    const ourFault = this.state.endReason === "provider_error" && seconds < this.setup.purchasedSeconds / 2;
    const how = answered && !ourFault ? "capture" : "release";
    await settleCall(db, this.setup.userId, this.setup.callId, this.setup.priceCents, how, how === "capture" ? "Call answered" : ourFault ? "Refunded: the call failed on our side" : "Not answered: nothing charged");
    await this.turns.flush();
    const u = this.state.usage;
    const rows = usageRows({
      twilioSeconds: this.setup.channel === "phone" ? seconds : 0,
      audioSeconds: u.audioMs / 1000,
      promptTokens: u.promptTokens,
      completionTokens: u.completionTokens,
      wastedTokens: u.wastedTokens,
      ttsChars: u.ttsChars,
    });
    await upsertUsage(db, this.setup.callId, rows);
    const m2e = this.allTurns.map((t) => t.mouthToEarMs).filter((x): x is number => typeof x === "number").sort((a, b) => a - b);
    await setCallFacts(db, this.setup.callId, {
      endReason: this.state.endReason,
      durationSeconds: seconds,
      costMicrousd: rows.reduce((a, r) => a + r.costMicrousd, 0),
      mouthToEarP50Ms: m2e.length ? m2e[Math.floor(m2e.length / 2)] : null,
    });
    await advanceCallStatus(db, this.setup.callId, { status, endReason: this.state.endReason, durationSeconds: seconds });
    if (answered) await recordPersonaUsage(db, this.setup.userId, this.setup.personaId, seconds);
    this.state.finalized = true;
    this.save();
    this.host.sendLive({ type: "status", status, endReason: this.state.endReason, durationSeconds: seconds });
    if (this.host.afterCall) {
      const outcome: CallOutcome = { setup: this.setup, answered, status, endReason: this.state.endReason ?? reason, durationSeconds: seconds, turns: this.allTurns };
      this.host.waitUntil(this.host.afterCall(outcome).catch((e: unknown) => this.log(`after-call work failed: ${(e as Error).message}`)));
    }
    this.host.waitUntil(this.db().end().catch(() => {}));
    this.pool = undefined;
  }

  liveSnapshot(): Record<string, unknown> {
    return {
      type: "snapshot",
      callId: this.setup.callId,
      personaName: this.setup.personaName,
      channel: this.setup.channel,
      phase: this.state.phase,
      endReason: this.state.endReason ?? null,
      deadlineAt: this.state.deadlineAt ?? null,
      turns: this.state.turns,
    };
  }
}

function decodeBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function cancelInterval(t: ReturnType<typeof setInterval> | undefined): void {
  if (t !== undefined) clearInterval(t);
}
