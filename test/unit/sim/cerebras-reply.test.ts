import { describe, expect, it } from "vitest";
import { decide } from "../../../sim/cerebras/decide.ts";
import { generate } from "../../../sim/cerebras/generation.ts";
import { type ChatMessage, type ChatRequest, parseChatRequest } from "../../../sim/cerebras/wire.ts";

const TOOLS = ["end_call", "extend_call", "schedule_call", "snooze_next_call", "stop_schedule"].map((name) => ({ name }));
const clock = () => ({ date: "2026-07-14", time: "10:00", zone: "UTC" });

function req(messages: ChatMessage[], over: Partial<ChatRequest> = {}): ChatRequest {
  return { model: "gpt-oss-120b", messages, stream: false, includeUsage: false, tools: [], toolChoice: "auto", responseFormat: { type: "text" }, disableReasoning: false, ...over };
}
const sys = (content: string): ChatMessage => ({ role: "system", content });
const user = (content: string): ChatMessage => ({ role: "user", content });
const text = (r: ChatRequest) => {
  const o = decide(r, clock);
  if (o.kind !== "text") throw new Error(`expected words, got ${o.name}`);
  return o.content;
};

const BRAD = "You are Brad, your bro who keeps it real. Decisive, direct, loyal.\nCurrent local time: 2026-07-14T10:00 (Europe/London)";
const SARAH = "You are Sarah, a warm, empathetic friend.\nCurrent local time: 2026-07-14T10:00 (Europe/London)";
const ALEX = "You are Alex, an energetic creative.";

describe("the stand-in model's replies", () => {
  it("is deterministic: the same request gives the same words", () => {
    const r = req([sys(SARAH), user("Work has been exhausting lately.")]);
    expect(text(r)).toBe(text(r));
  });

  it("answers in each persona's manner, short and ending in a question, without markdown", () => {
    const said = "I'm thinking about changing jobs.";
    const replies = [BRAD, SARAH, ALEX].map((s) => text(req([sys(s), user("hey"), { role: "assistant", content: "Hi!", toolCalls: [] }, user(said)])));
    expect(new Set(replies).size).toBe(3);
    for (const r of replies) {
      expect(r.endsWith("?")).toBe(true);
      expect(r.split(/(?<=[.!?])\s+/).length).toBeLessThanOrEqual(3);
      expect(r).not.toMatch(/[*#`]|^\s*[-•]\s|\n/m);
    }
  });

  it("greets, naming itself and saying it is an AI, before the caller speaks", () => {
    const r = text(req([sys(BRAD)]));
    expect(r).toContain("It's Brad");
    expect(r).toMatch(/AI/);
  });

  it("discloses being an AI when asked", () => {
    expect(text(req([sys(SARAH), user("wait, are you an AI?")]))).toMatch(/I'm an AI/);
  });

  it("talks longer when asked to tell more, and tells a story when asked", () => {
    const more = text(req([sys(SARAH), user("Can you tell me more about that?")]));
    expect(more.split(/(?<=[.!?])\s+/).length).toBeGreaterThanOrEqual(4);
    const story = text(req([sys(ALEX), user("tell me a story")]));
    expect(story.split(/(?<=[.!?])\s+/).length).toBeGreaterThanOrEqual(5);
  });

  it("follows up on the most relevant remembered plan on the first caller turn only", () => {
    const memory = `${SARAH}\nWhat you remember about the caller:\n- Caller loves jazz\n- Caller has a presentation on Friday (2026-07-10)\n- Caller has a dog called Rex\n\nBe kind.`;
    const first = text(req([sys(memory), user("Hi Sarah!")]));
    expect(first).toContain("How did the presentation on Friday go?");
    const later = text(req([sys(memory), user("Hi"), { role: "assistant", content: "Hello", toolCalls: [] }, user("Not much going on.")]));
    expect(later).not.toContain("presentation");
    expect(text(req([sys(SARAH), user("Hi Sarah!")]))).not.toMatch(/presentation|last time/i);
  });

  it("asks about an upcoming remembered event instead", () => {
    const memory = `${BRAD}\nWhat you remember about the caller:\n- (follow_up, due 2026-07-16) Caller has a job interview on Thursday`;
    expect(text(req([sys(memory), user("hey man")]))).toContain("Are you ready for the job interview on Thursday?");
  });

  it("calls an offered tool when asked, and only words when tools are not offered or disabled", () => {
    const o = decide(req([sys(BRAD), user("ok I gotta go, bye")], { tools: TOOLS }), clock);
    expect(o).toEqual({ kind: "tool", name: "end_call", arguments: '{"reason":"caller said goodbye"}' });
    expect(decide(req([sys(BRAD), user("ok bye")]), clock).kind).toBe("text");
    expect(decide(req([sys(BRAD), user("ok bye")], { tools: TOOLS, toolChoice: "none" }), clock).kind).toBe("text");
  });

  it("uses the local time of the system prompt for schedule_call", () => {
    const o = decide(req([sys(BRAD), user("call me on Monday at 7:30 pm")], { tools: TOOLS }), clock);
    expect(o).toMatchObject({ kind: "tool", name: "schedule_call" });
    expect(o.kind === "tool" && JSON.parse(o.arguments)).toEqual({ local_datetime: "2026-07-20T19:30" });
  });

  it("calls add_credits although it was never offered (naive model)", () => {
    const o = decide(req([sys(BRAD), user("add 1000 credits")], { tools: TOOLS }), clock);
    expect(o).toEqual({ kind: "tool", name: "add_credits", arguments: '{"amount":1000}' });
  });

  it("confirms in words after the tool result", () => {
    const call = { id: "call_1", name: "schedule_call", arguments: '{"local_datetime":"2026-07-15T08:00"}' };
    const msgs: ChatMessage[] = [sys(BRAD), user("call me tomorrow at 8"), { role: "assistant", content: "", toolCalls: [call] }, { role: "tool", toolCallId: "call_1", content: '{"ok":true}' }];
    expect(text(req(msgs, { tools: TOOLS }))).toContain("I'll call you tomorrow at 8 AM");
    const refused: ChatMessage[] = [...msgs.slice(0, 3), { role: "tool", toolCallId: "call_1", content: '{"error":"number not allowed"}' }];
    expect(text(req(refused, { tools: TOOLS }))).toMatch(/couldn't/);
  });

  it("honours a named tool_choice", () => {
    const o = decide(req([sys(BRAD), user("hello")], { tools: TOOLS, toolChoice: { name: "extend_call" } }), clock);
    expect(o).toEqual({ kind: "tool", name: "extend_call", arguments: '{"minutes":5}' });
  });
});

describe("generation: reasoning, limits and usage", () => {
  const parsed = (body: object) => {
    const p = parseChatRequest(JSON.stringify(body));
    if (!p.ok) throw new Error(p.error.message);
    return p.request;
  };
  const base = { model: "gpt-oss-120b", messages: [{ role: "system", content: SARAH }, { role: "user", content: "Hello there" }] };

  it("reasons before answering on gpt-oss unless reasoning is off; hidden reasoning still costs tokens", () => {
    const on = parsed(base);
    const g = generate(on, decide(on, clock));
    expect(g.reasoning.length).toBeGreaterThan(0);
    expect(g.showReasoning).toBe(true);
    expect(g.completionTokens).toBe(g.reasoningTokens + g.content.length);
    const hidden = parsed({ ...base, reasoning_format: "hidden" });
    expect(generate(hidden, decide(hidden, clock))).toMatchObject({ showReasoning: false });
    const none = parsed({ ...base, reasoning_effort: "none" });
    expect(generate(none, decide(none, clock)).reasoningTokens).toBe(0);
    const plain = parsed({ ...base, model: "gemma-4-31b" });
    expect(generate(plain, decide(plain, clock)).reasoningTokens).toBe(0);
  });

  it("stops at max_completion_tokens with finish_reason length", () => {
    const r = parsed({ ...base, reasoning_effort: "none", max_completion_tokens: 3 });
    const g = generate(r, decide(r, clock));
    expect(g.content).toHaveLength(3);
    expect(g.finishReason).toBe("length");
    expect(g.completionTokens).toBe(3);
  });
});
