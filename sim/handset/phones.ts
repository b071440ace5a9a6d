// The simulator side of the handsets: which numbers have a phone connected, how each number
// answers (its policy), and the event fan-out to connected phones. Lives on the Twilio
// simulator's port; the Twilio simulator implements `HandsetHost` to act on commands.
import type { RawData } from "ws";
import type { SimSocket } from "../core/server.ts";
import { parseCommand, type HandsetCommand, type HandsetEvent, type Policy } from "./protocol.ts";

export interface HandsetHost {
  /** Act on a command from `number`'s phone; a string is an error to send back. */
  command(number: string, cmd: Exclude<HandsetCommand, { type: "policy" }>): string | undefined;
}

interface PolicyEntry {
  policy: Policy;
  source: "handset" | "control";
}

/** Numbers with no phone connected: ring until the call's Timeout, then no-answer. */
export const DEFAULT_POLICY: Policy = { answer: "no-answer" };

export class Phones {
  private sockets = new Map<string, Set<SimSocket>>();
  private policies = new Map<string, PolicyEntry>();
  defaultPolicy: Policy = { ...DEFAULT_POLICY };

  connected(number: string): boolean {
    return (this.sockets.get(number)?.size ?? 0) > 0;
  }

  /** Last writer wins between the phone's own `policy` and the control API. */
  policyFor(number: string): Policy {
    const set = this.policies.get(number);
    if (set) return set.policy;
    return this.connected(number) ? { answer: "manual" } : this.defaultPolicy;
  }

  setPolicy(number: string | undefined, policy: Policy, source: PolicyEntry["source"]): void {
    if (number === undefined) this.defaultPolicy = policy;
    else this.policies.set(number, { policy, source });
  }

  notify(number: string, event: HandsetEvent): void {
    const set = this.sockets.get(number);
    if (!set) return;
    const text = JSON.stringify(event);
    for (const s of set) s.send(text);
  }

  accept(number: string, socket: SimSocket, host: HandsetHost): void {
    let set = this.sockets.get(number);
    if (!set) this.sockets.set(number, (set = new Set()));
    set.add(socket);
    socket.ws.on("message", (data: RawData) => {
      const parsed = parseCommand(data.toString());
      if ("error" in parsed) return void socket.send(JSON.stringify({ type: "error", message: parsed.error } satisfies HandsetEvent));
      const cmd = parsed.ok;
      if (cmd.type === "policy") {
        const policy: Policy = { answer: cmd.answer, ringMs: cmd.ringMs };
        this.setPolicy(number, policy, "handset");
        // Acknowledged, so a client can be sure the policy holds before it places a call.
        return void socket.send(JSON.stringify({ type: "policy", number, policy, at: Date.now() } satisfies HandsetEvent));
      }
      const error = host.command(number, cmd);
      if (error) socket.send(JSON.stringify({ type: "error", message: error, ref: cmd.type === "say" ? cmd.ref : undefined } satisfies HandsetEvent));
    });
    socket.ws.on("close", () => {
      set.delete(socket);
      if (set.size === 0) {
        this.sockets.delete(number);
        if (this.policies.get(number)?.source === "handset") this.policies.delete(number);
      }
    });
    socket.send(JSON.stringify({ type: "registered", number, policy: this.policyFor(number), at: Date.now() } satisfies HandsetEvent));
  }

  reset(): void {
    // Connected phones keep their own policies; control-set ones and the default go back.
    for (const [n, e] of this.policies) if (e.source === "control") this.policies.delete(n);
    this.defaultPolicy = { ...DEFAULT_POLICY };
  }

  state(): { connected: Record<string, number>; policies: Record<string, PolicyEntry>; defaultPolicy: Policy } {
    const connected: Record<string, number> = {};
    for (const [n, s] of this.sockets) connected[n] = s.size;
    return { connected, policies: Object.fromEntries(this.policies), defaultPolicy: this.defaultPolicy };
  }
}
