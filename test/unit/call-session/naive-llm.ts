// A model with no guard rails, for red-team tests: it does whatever its script says the
// words in front of it ask for — several tool calls at once, tools it was never offered,
// arguments the product never defined — and keeps calling tools after a tool ran.
import type { ChatDelta, ChatMessage, ToolSpec } from "../../../core/providers/cerebras.ts";
import type { Llm } from "../../../durable-objects/call-session/ports.ts";

export interface NaiveTurn {
  text?: string;
  calls?: Array<{ name: string; args: Record<string, unknown> | string }>;
}

export interface NaiveRequest {
  messages: ChatMessage[];
  offered: string[];
}

export class NaiveLlm implements Llm {
  requests: NaiveRequest[] = [];
  private readonly script: (req: NaiveRequest) => NaiveTurn;
  constructor(script: (req: NaiveRequest) => NaiveTurn) {
    this.script = script;
  }
  async *stream(messages: ChatMessage[], tools: ToolSpec[], signal: AbortSignal): AsyncIterable<ChatDelta> {
    const req = { messages, offered: tools.map((t) => t.function.name) };
    this.requests.push(req);
    const turn = this.script(req);
    await new Promise((r) => setTimeout(r, 200));
    if (signal.aborted) return;
    if (turn.text) for (const w of turn.text.split(/(?<= )/)) yield { type: "text", text: w };
    for (const [index, c] of (turn.calls ?? []).entries()) {
      const args = typeof c.args === "string" ? c.args : JSON.stringify(c.args);
      yield { type: "tool_call", index, id: `call_${this.requests.length}_${index}`, name: c.name, arguments: args };
    }
    yield { type: "usage", promptTokens: 100, completionTokens: 20 };
    yield { type: "finish", reason: turn.calls?.length ? "tool_calls" : "stop" };
  }
}
