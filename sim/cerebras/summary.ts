// The post-call summary (docs/sim-contracts.md): a non-streaming request whose
// response_format is the json_schema "call_summary". Derived only from the transcript in the
// messages, so the same call always yields the same memories.
import { type LocalTime, localTimeOf, readPrompt } from "./prompt.ts";
import { toThirdPerson } from "./third-person.ts";
import { dayOf } from "./when.ts";
import type { ChatMessage } from "./wire.ts";

export type MemoryKind = "fact" | "plan" | "follow_up" | "preference";
export interface Memory {
  kind: MemoryKind;
  text: string;
  due_date: string | null;
}
export interface CallSummary {
  summary: string;
  memories: Memory[];
}

const EVENT =
  /\b(interview|presentation|exam|test|meeting|trip|appointment|date|game|match|race|marathon|party|wedding|surgery|deadline|launch|pitch|audition|concert|recital|flight|vacation|holiday|birthday|review)\b/i;
const PLAN = /\bI('m| am) (going to|planning to|gonna|starting|about to)\b|\bI('ll| will| plan to| want to start| intend to| need to start)\b/i;
const PREFERENCE = /\bI (really |also |just )?(like|love|prefer|enjoy|hate|dislike|can't stand|don't like|adore)\b|\bmy favou?rite\b|\bplease call me\b/i;
const FACT =
  /\bI('m| am) (an?|the|from|married|single|retired|\d+)\b|\bI (work|live|study|teach|grew up)\b|\bmy (wife|husband|partner|son|daughter|dog|cat|kids?|children|name|job|boss|sister|brother|mom|mum|dad|mother|father|family)\b|\bI (have|'ve got) (a|an|two|three|four) (dogs?|cats?|kids?|children|sons?|daughters?|sisters?|brothers?)\b/i;

export function classify(sentence: string, ref: string): Memory | undefined {
  const firstPerson = /\b(I|I'm|I've|I'll|my)\b/.test(sentence.replace(/[’‘]/g, "'"));
  if (!firstPerson) return undefined;
  const text = toThirdPerson(sentence);
  if (EVENT.test(sentence) && !PREFERENCE.test(sentence)) return { kind: "follow_up", text, due_date: dayOf(sentence, ref) ?? null };
  if (PLAN.test(sentence)) return { kind: "plan", text, due_date: dayOf(sentence, ref) ?? null };
  if (PREFERENCE.test(sentence)) return { kind: "preference", text, due_date: null };
  if (FACT.test(sentence)) return { kind: "fact", text, due_date: null };
  return undefined;
}

const CALLER_LINE = /^\s*(caller|user|human|customer)\s*:\s*(.+)$/i;
const OTHER_LINE = /^\s*([A-Z][\p{L}'-]*)\s*:\s*\S/u;

/** The caller's sentences: "Caller:" lines of a transcript if there is one, else user turns. */
function transcript(messages: ChatMessage[]): { caller: string[]; persona?: string } {
  const lines: string[] = [];
  let persona: string | undefined;
  for (const m of messages) {
    if (m.role === "assistant" || m.role === "tool") continue;
    for (const line of m.content.split(/\r?\n/)) {
      const c = CALLER_LINE.exec(line);
      if (c) lines.push(c[2]);
      else if (!persona) persona = OTHER_LINE.exec(line)?.[1];
    }
  }
  const source = lines.length ? lines : messages.filter((m) => m.role === "user").map((m) => m.content);
  const caller = source.flatMap((l) => l.split(/(?<=[.!?])\s+/)).map((s) => s.trim()).filter(Boolean);
  return { caller, persona: lines.length ? persona : undefined };
}

export function summarizeCall(messages: ChatMessage[], fallbackNow: LocalTime): CallSummary {
  const all = messages.map((m) => m.content).join("\n");
  const now = localTimeOf(all) ?? fallbackNow;
  const system = messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => m.content).join("\n");
  const { caller, persona } = transcript(messages);
  const name = persona ?? readPrompt(system).name;
  const memories: Memory[] = [];
  for (const s of caller) {
    const mem = classify(s, now.date);
    if (mem && !memories.some((x) => x.text === mem.text)) memories.push(mem);
  }
  const who = name === "your companion" ? "their companion" : name;
  const summary = caller.length
    ? [`The caller talked with ${who}.`, ...memories.map((m) => `${m.text}.`)].join(" ")
    : `A short call with ${who}; the caller shared nothing to remember.`;
  return { summary, memories };
}

/** Any other json_schema: the simplest value of the schema's shape. */
export function fillSchema(schema: unknown): unknown {
  if (typeof schema !== "object" || schema === null) return {};
  const s = schema as Record<string, unknown>;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      const props = (typeof s.properties === "object" && s.properties) || {};
      return Object.fromEntries(Object.entries(props as Record<string, unknown>).map(([k, v]) => [k, fillSchema(v)]));
    }
    case "array":
      return [];
    case "string":
      return "";
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return {};
  }
}
