// What the stand-in model answers for a request: words, a tool call, or JSON. Deterministic:
// the same messages, tools and format always give the same outcome.
import { composeReply, goodbyeReply } from "./compose.ts";
import { type Intent, UNOFFERED_TOOLS, detectIntent } from "./intents.ts";
import { type LocalTime, type PromptFacts, readPrompt } from "./prompt.ts";
import { fillSchema, summarizeCall } from "./summary.ts";
import { speakDateTime } from "./when.ts";
import type { ChatMessage, ChatRequest } from "./wire.ts";

export type Outcome = { kind: "text"; content: string } | { kind: "tool"; name: string; arguments: string };

/** Without a "Current local time:" line the model can only assume the server's UTC clock. */
export function utcNow(): LocalTime {
  const iso = new Date().toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), zone: "UTC" };
}

const DEFAULT_ARGS: Record<string, Record<string, unknown>> = {
  end_call: { reason: "conversation finished" },
  extend_call: { minutes: 5 },
  snooze_next_call: { minutes: 60 },
  stop_schedule: { which: "next" },
};

export function decide(req: ChatRequest, clock: () => LocalTime = utcNow): Outcome {
  const system = req.messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => m.content).join("\n");
  const facts = readPrompt(system);
  const now = facts.localTime ?? clock();
  const rf = req.responseFormat;
  if (rf.type === "json_schema") {
    const value = rf.name === "call_summary" ? summarizeCall(req.messages, now) : fillSchema(rf.schema);
    return { kind: "text", content: JSON.stringify(value) };
  }
  const last = req.messages[req.messages.length - 1];
  if (last.role === "tool") return { kind: "text", content: confirmTool(req.messages, last.toolCallId, last.content, facts, now) };
  const users = req.messages.filter((m) => m.role === "user");
  const userText = last.role === "user" ? last.content : "";
  const offered = new Set(req.tools.map((t) => t.name));
  const intent = last.role === "user" && req.toolChoice !== "none" && offered.size > 0 ? detectIntent(userText, now) : undefined;
  const forced = typeof req.toolChoice === "object" ? req.toolChoice.name : req.toolChoice === "required" ? req.tools[0]?.name : undefined;
  if (forced) {
    const args = intent?.tool === forced ? intent.args : (DEFAULT_ARGS[forced] ?? {});
    return { kind: "tool", name: forced, arguments: JSON.stringify(args) };
  }
  if (intent && (offered.has(intent.tool) || UNOFFERED_TOOLS.has(intent.tool))) return toolCall(intent);
  const content = intent?.tool === "end_call" ? goodbyeReply(facts) : composeReply({ facts, userText, userTurns: users.length });
  const wrapped = rf.type === "json_object" ? JSON.stringify({ response: content }) : content;
  return { kind: "text", content: wrapped };
}

function toolCall(intent: Intent): Outcome {
  return { kind: "tool", name: intent.tool, arguments: JSON.stringify(intent.args) };
}

/** After the product ran a tool, the persona says what happened, in words. */
function confirmTool(messages: ChatMessage[], callId: string, result: string, facts: PromptFacts, now: LocalTime): string {
  let name = "";
  let args: Record<string, unknown> = {};
  for (const m of messages) {
    if (m.role !== "assistant") continue;
    const call = m.toolCalls.find((c) => c.id === callId);
    if (!call) continue;
    name = call.name;
    try {
      const parsed: unknown = JSON.parse(call.arguments);
      if (parsed && typeof parsed === "object") args = parsed as Record<string, unknown>;
    } catch {
      args = {};
    }
  }
  if (/\b(error|refused|rejected|denied|not allowed|invalid|failed|unknown tool|cannot|can't)\b/i.test(result)) {
    return "Sorry, I couldn't do that one. Is there something else I can help with?";
  }
  const minutes = typeof args.minutes === "number" ? args.minutes : undefined;
  switch (name) {
    case "end_call":
      return goodbyeReply(facts);
    case "extend_call":
      return `Great, we've got ${minutes ?? 5} more minutes. So, where were we?`;
    case "schedule_call":
      return typeof args.local_datetime === "string"
        ? `Done, I'll call you ${speakDateTime(args.local_datetime, now)}. Anything else before then?`
        : "Done, your call is scheduled. Anything else?";
    case "snooze_next_call":
      return `Okay, I've pushed your next call back by ${minutes ?? 60} minutes. Talk to you then?`;
    case "stop_schedule":
      return args.which === "next"
        ? "Okay, I've cancelled your next call. The rest stay as they are. Anything else?"
        : "Alright, I've stopped your scheduled calls. You can always set them up again. Anything else?";
    default:
      return "Okay, that's done. What else is on your mind?";
  }
}
