// The CallSession Durable Object: a thin shell. One instance per call (named by the call id)
// takes the call's media stream (Twilio's, or a browser's for a web call) and the owner's
// live-view sockets, and hands everything to the CallController.
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import { readConfig } from "../../core/config.ts";
import type { CallStatus } from "../../core/db/calls.ts";
import { initialState, type CallSetup, type CallState } from "./call-info.ts";
import { CallController, type ControllerHost } from "./call-controller.ts";
import { agendaPowers, afterCall } from "./hooks.ts";

/** Set by the API worker on requests it forwards (after authenticating them). */
export const ROLE_HEADER = "x-cmb-role";
/** A web call whose browser hasn't joined by then is abandoned (and costs nothing). */
export const WEB_JOIN_TIMEOUT_MS = 30_000;
/** Past Twilio's ring timeout and then some: ask Twilio what became of an unconnected call. */
export const PHONE_CONNECT_TIMEOUT_MS = 150_000;
export type ConnectionRole = "media" | "live";

export class CallSession extends Server<Env> {
  static override options = { hibernate: false };
  private controller?: CallController;
  private loading?: Promise<CallController | undefined>;

  private async load(): Promise<CallController | undefined> {
    if (this.controller) return this.controller;
    this.loading ??= (async () => {
      const [setup, state] = await Promise.all([this.ctx.storage.get<CallSetup>("setup"), this.ctx.storage.get<CallState>("state")]);
      if (!setup) return undefined;
      this.controller = new CallController(this.host(setup), setup, state ?? initialState());
      return this.controller;
    })();
    const c = await this.loading;
    if (!c) this.loading = undefined;
    return c;
  }

  private host(setup: CallSetup): ControllerHost {
    return {
      config: readConfig(this.env),
      storage: this.ctx.storage,
      waitUntil: (p) => this.ctx.waitUntil(p),
      sendLive: (msg) => {
        const text = JSON.stringify(msg);
        for (const c of this.getConnections("live")) c.send(text);
      },
      agenda: agendaPowers(this.env, setup),
      afterCall: (outcome) => afterCall(this.env, outcome),
    };
  }

  // ——— RPC from the API worker ———

  /** Called once when the call is placed. Idempotent. */
  async init(setup: CallSetup): Promise<void> {
    if (await this.ctx.storage.get("setup")) return;
    await this.ctx.storage.put({ setup, state: initialState() });
    // A call that never connects must still be settled: a browser that never joins, a
    // status callback that never arrives. The alarm checks and releases the credits.
    await this.ctx.storage.setAlarm(Date.now() + (setup.channel === "web" ? WEB_JOIN_TIMEOUT_MS : PHONE_CONNECT_TIMEOUT_MS));
  }

  /** Twilio says the phone is ringing: warm up. */
  async ringing(callSid?: string): Promise<void> {
    const c = await this.load();
    if (!c) return;
    if (callSid && !c.setup.twilioCallSid) {
      c.setup.twilioCallSid = callSid;
      await this.ctx.storage.put("setup", c.setup);
    }
    await c.warmUp();
  }

  async setTwilioSid(callSid: string): Promise<void> {
    const c = await this.load();
    if (!c || c.setup.twilioCallSid) return;
    c.setup.twilioCallSid = callSid;
    await this.ctx.storage.put("setup", c.setup);
  }

  /** Twilio reached a final status for the call. */
  async ended(status: CallStatus, reason: string, durationSeconds?: number): Promise<void> {
    const c = await this.load();
    await c?.finish(status, reason, durationSeconds);
  }

  async hangUp(reason: string): Promise<void> {
    const c = await this.load();
    await c?.hangUp(reason);
  }

  async extend(): Promise<{ ok: boolean; message: string; deadlineAt?: number }> {
    const c = await this.load();
    if (!c) return { ok: false, message: "No such call." };
    return c.extend("app");
  }

  async status(): Promise<{ phase: string; ended: boolean; streams: number } | null> {
    const c = await this.load();
    return c ? { phase: c.state.phase, ended: c.state.phase === "ended", streams: c.state.streams } : null;
  }

  /** What the TwiML for this call needs: the stream's secret, and whether to stop redirecting. */
  async twiml(): Promise<{ token: string; ended: boolean; streams: number } | null> {
    const c = await this.load();
    return c ? { token: c.setup.streamToken, ended: c.state.phase === "ended" || c.state.endReason !== undefined, streams: c.state.streams } : null;
  }

  /** Twilio's answering-machine detection says a machine took the call. */
  async machineAnswered(answeredBy: string): Promise<void> {
    const c = await this.load();
    if (!c) return;
    c.state.endReason ??= "voicemail";
    await c.hangUp("voicemail");
    void answeredBy;
  }

  /** Operator tool: reset this object (the call resumes when Twilio reconnects the stream). */
  async reset(): Promise<void> {
    this.ctx.abort("reset requested by an operator");
  }

  // ——— sockets ———

  override getConnectionTags(_c: Connection, ctx: ConnectionContext): string[] {
    const role = ctx.request.headers.get(ROLE_HEADER);
    return [role === "media" ? "media" : "live"];
  }

  override async onConnect(conn: Connection, ctx: ConnectionContext): Promise<void> {
    const role = ctx.request.headers.get(ROLE_HEADER) as ConnectionRole | null;
    const c = await this.load();
    if (!c) return conn.close(1008, "no such call");
    if (role === "media") c.acceptMedia(conn);
    else conn.send(JSON.stringify(c.liveSnapshot()));
  }

  override async onMessage(conn: Connection, message: WSMessage): Promise<void> {
    const c = this.controller ?? (await this.load());
    if (!c || typeof message !== "string") return;
    if (c.isMedia(conn)) return c.onMediaMessage(message);
    // The live view may hang up or ask for more time.
    let m: { type?: unknown };
    try {
      m = JSON.parse(message) as { type?: unknown };
    } catch {
      return;
    }
    if (m.type === "hangup") await c.hangUp("hung_up_in_app");
    else if (m.type === "extend") conn.send(JSON.stringify({ type: "extend_result", ...(await c.extend("app")) }));
  }

  override async onClose(conn: Connection): Promise<void> {
    const c = this.controller;
    if (c?.isMedia(conn)) c.onStreamEnd("socket closed");
  }

  override async onAlarm(): Promise<void> {
    const c = await this.load();
    await c?.alarm();
  }
}
