// Scenario state the control API arms on the Cerebras simulator: rate limiting, mid-stream
// errors and scripted replies. Each is consumed by the next chat requests.
import type { ControlInput } from "../core/types.ts";
import type { Outcome } from "./decide.ts";

export interface RateLimitScenario {
  remaining: number;
  kind: "requests" | "tokens";
  retryAfterSeconds?: number;
}

export interface StreamErrorScenario {
  remaining: number;
  afterEvents: number;
  status: number;
  message: string;
}

const num = (v: unknown, d: number) => (typeof v === "number" && Number.isFinite(v) ? v : d);

export class CerebrasScenarios {
  rateLimit?: RateLimitScenario;
  streamError?: StreamErrorScenario;
  script: Outcome[] = [];

  armRateLimit({ body }: ControlInput): RateLimitScenario {
    this.rateLimit = {
      remaining: num(body.count, 1),
      kind: body.kind === "tokens" ? "tokens" : "requests",
      retryAfterSeconds: typeof body.retryAfterSeconds === "number" ? body.retryAfterSeconds : undefined,
    };
    return this.rateLimit;
  }

  armStreamError({ body }: ControlInput): StreamErrorScenario {
    this.streamError = {
      remaining: num(body.count, 1),
      afterEvents: num(body.afterEvents, 2),
      status: num(body.status, 500),
      message: typeof body.message === "string" ? body.message : "Internal server error",
    };
    return this.streamError;
  }

  /** Queue replies that override the stand-in model: {content} or {tool:{name, arguments}}. */
  setScript({ body }: ControlInput): { queued: number } {
    const replies = Array.isArray(body.replies) ? body.replies : [];
    for (const r of replies) {
      if (r && typeof r === "object" && typeof (r as { content?: unknown }).content === "string") {
        this.script.push({ kind: "text", content: (r as { content: string }).content });
        continue;
      }
      const tool = r && typeof r === "object" ? (r as { tool?: { name?: unknown; arguments?: unknown } }).tool : undefined;
      if (!tool || typeof tool.name !== "string") throw new Error("each reply is {content: string} or {tool: {name, arguments}}");
      const args = typeof tool.arguments === "string" ? tool.arguments : JSON.stringify(tool.arguments ?? {});
      this.script.push({ kind: "tool", name: tool.name, arguments: args });
    }
    return { queued: this.script.length };
  }

  takeRateLimit(): RateLimitScenario | undefined {
    const s = this.rateLimit;
    if (!s || s.remaining <= 0) return undefined;
    s.remaining--;
    return { ...s };
  }

  takeStreamError(): StreamErrorScenario | undefined {
    const s = this.streamError;
    if (!s || s.remaining <= 0) return undefined;
    s.remaining--;
    return { ...s };
  }

  reset(): void {
    this.rateLimit = undefined;
    this.streamError = undefined;
    this.script = [];
  }
}
