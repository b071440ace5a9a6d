// Turns an outcome into what the model "generates": reasoning, then content or a tool call,
// cut at max_completion_tokens (finish_reason "length"), with the usage that goes with it.
import { createHash } from "node:crypto";
import type { Outcome } from "./decide.ts";
import { readPrompt } from "./prompt.ts";
import { tokenize } from "./tokens.ts";
import type { ChatRequest } from "./wire.ts";

export type FinishReason = "stop" | "length" | "tool_calls";

export interface Generation {
  /** Reasoning pieces; `showReasoning` says whether they go on the wire. */
  reasoning: string[];
  showReasoning: boolean;
  content: string[];
  tool?: { id: string; name: string; argumentPieces: string[] };
  finishReason: FinishReason;
  completionTokens: number;
  reasoningTokens: number;
}

export const isReasoningModel = (model: string) => model.startsWith("gpt-oss") || model.startsWith("qwen-3.8");

function reasoningText(req: ChatRequest, outcome: Outcome): string {
  const system = req.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n");
  const { name } = readPrompt(system);
  const last = req.messages[req.messages.length - 1];
  const said = last.content.replace(/\s+/g, " ").trim().slice(0, 80);
  const plan =
    outcome.kind === "tool"
      ? `The caller wants something done, so I should call ${outcome.name}.`
      : req.responseFormat.type === "json_schema"
        ? "I need to answer with JSON that matches the schema."
        : "I should answer briefly, in a spoken style, and ask one question.";
  const lines = [`The ${last.role === "tool" ? "tool returned" : "caller said"}: "${said}".`, plan, `I am ${name}, so I stay in character.`];
  const effort = req.reasoningEffort ?? "medium";
  return lines.slice(0, effort === "low" ? 1 : effort === "medium" ? 2 : 3).join(" ");
}

export function generate(req: ChatRequest, outcome: Outcome): Generation {
  const thinks = isReasoningModel(req.model) && req.reasoningEffort !== "none" && !req.disableReasoning;
  let budget = req.maxCompletionTokens ?? Infinity;
  const take = (pieces: string[]) => {
    const kept = pieces.slice(0, Math.max(0, budget));
    budget -= kept.length;
    return { kept, cut: kept.length < pieces.length };
  };
  const r = take(thinks ? tokenize(reasoningText(req, outcome)) : []);
  let cut = r.cut;
  let content: string[] = [];
  let tool: Generation["tool"];
  if (outcome.kind === "text") {
    const c = take(tokenize(outcome.content));
    content = c.kept;
    cut ||= c.cut;
  } else if (!cut) {
    const a = take(tokenize(outcome.arguments));
    // Ids follow OpenAI's length; derived from the arguments so that replays are identical.
    const id = `call_${createHash("sha256").update(outcome.name + outcome.arguments).digest("hex").slice(0, 24)}`;
    tool = { id, name: outcome.name, argumentPieces: a.kept };
    cut ||= a.cut;
  }
  const reasoningTokens = r.kept.length;
  return {
    reasoning: r.kept,
    showReasoning: req.reasoningFormat !== "hidden",
    content,
    tool,
    finishReason: cut ? "length" : tool ? "tool_calls" : "stop",
    completionTokens: reasoningTokens + content.length + (tool?.argumentPieces.length ?? 0),
    reasoningTokens,
  };
}
