// Every call the simulator placed, and what the handsets (or the control API on their
// behalf) do to them: answer, reject, hang up, speak, stream microphone audio, press keys.
import { fromBase64 } from "../audio/mulaw.ts";
import type { HandsetCommand } from "../handset/protocol.ts";
import type { HandsetHost } from "../handset/phones.ts";
import { Call, type CallDeps } from "./call.ts";
import type { CallParams } from "./call-types.ts";

/**
 * Ended calls kept, as Twilio keeps call records (REST fetch of an old SID must keep working:
 * a product asking after a call it lost track of gets the call, not a 404). Live calls are
 * never dropped; the oldest ended ones go past this many, trimmed in batches so placing a
 * call stays O(1) amortized.
 */
const MAX_ENDED = 20_000;
const TRIM_BATCH = 1_000;

export class Calls implements HandsetHost {
  readonly byId = new Map<string, Call>();
  private readonly deps: CallDeps;
  private trimAt = MAX_ENDED + TRIM_BATCH;
  constructor(deps: CallDeps) {
    this.deps = deps;
  }

  create(params: CallParams): Call {
    const call = new Call(params, this.deps);
    this.byId.set(call.sid, call);
    if (this.byId.size > this.trimAt) {
      const ended = [...this.byId.values()].filter((c) => !c.live);
      for (const c of ended.slice(0, Math.max(0, ended.length - MAX_ENDED))) this.byId.delete(c.sid);
      this.trimAt = this.byId.size + TRIM_BATCH;
    }
    call.start();
    return call;
  }

  get(sid: string): Call | undefined {
    return this.byId.get(sid);
  }

  list(): Call[] {
    return [...this.byId.values()];
  }

  /** The call a phone's command means: the one named, else its most recent live call. */
  pick(number: string, callSid?: string): Call | string {
    if (callSid) {
      const c = this.byId.get(callSid);
      if (!c || c.to !== number) return `no call ${callSid} to ${number}`;
      return c;
    }
    const live = this.list().filter((c) => c.to === number && c.live);
    return live[live.length - 1] ?? `no live call to ${number}`;
  }

  command(number: string, cmd: Exclude<HandsetCommand, { type: "policy" }>): string | undefined {
    const call = this.pick(number, cmd.callSid);
    if (typeof call === "string") return call;
    switch (cmd.type) {
      case "answer":
        return call.answer("human");
      case "reject":
      case "hangup":
        return this.hangup(call);
      case "say":
        if (call.status !== "in-progress") return `call ${call.sid} is ${call.status}; nothing to say into`;
        call.media.say(cmd.text, cmd.durationMs, cmd.ref);
        return undefined;
      case "audio":
        if (call.status !== "in-progress") return `call ${call.sid} is ${call.status}`;
        call.media.audio(fromBase64(cmd.payload));
        return undefined;
      case "dtmf":
        if (call.status !== "in-progress") return `call ${call.sid} is ${call.status}`;
        call.media.dtmf(cmd.digit);
        return undefined;
      default: {
        const never: never = cmd;
        return never;
      }
    }
  }

  /** The callee hangs up: declining a ringing call reads as busy to the caller. */
  hangup(call: Call): string | undefined {
    if (call.status === "ringing") call.end("busy", "rejected");
    else if (call.status === "in-progress") call.end("completed", "handset-hangup");
    else return `call ${call.sid} is ${call.status}`;
    return undefined;
  }

  /** Forget ended calls; live ones keep running. */
  reset(): void {
    for (const c of this.list()) if (!c.live) this.byId.delete(c.sid);
  }

  shutdown(): void {
    for (const c of this.list()) c.shutdown();
  }
}
