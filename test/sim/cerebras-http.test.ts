// The Cerebras simulator over plain HTTP: auth and error bodies, the SSE wire format, usage,
// limits, reasoning, tool-call streaming, and the control-API scenarios.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, sseData, startHarness } from "./sim-harness.ts";

let h: Harness;
const KEY = "csk-sim-cerebras-key";
const SYSTEM = "You are Brad, your bro who keeps it real.\nCurrent local time: 2026-07-14T10:00 (Europe/London)";
const TOOLS = ["end_call", "extend_call", "schedule_call", "snooze_next_call", "stop_schedule"].map((name) => ({ type: "function", function: { name, parameters: { type: "object" } } }));

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.control("POST", "/reset"));

const chat = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) =>
  fetch(`${h.urls.cerebras}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const ask = (content: string, extra: object = {}) => ({ model: "gpt-oss-120b", messages: [{ role: "system", content: SYSTEM }, { role: "user", content }], ...extra });

describe("auth and errors", () => {
  it("answers a missing key with 403 and a wrong key with 401, in Cerebras' shapes", async () => {
    const none = await chat(ask("hi"), {});
    expect(none.status).toBe(403);
    expect(await none.json()).toEqual({ detail: "Not authenticated" });
    const wrong = await chat(ask("hi"), { authorization: "Bearer nope" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: "Wrong API Key", type: "invalid_request_error", param: "api_key", code: "wrong_api_key" });
  });

  it("answers an unknown model with 404 model_not_found and bad bodies with 400/422", async () => {
    const res = await chat({ ...ask("hi"), model: "gpt-5" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ type: "not_found_error", code: "model_not_found", param: "model" });
    expect((await chat("{oops")).status).toBe(400);
    const missing = await chat({ model: "gpt-oss-120b" });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ message: "messages: Field required", type: "invalid_request_error", param: "validation_error", code: "wrong_api_format" });
  });

  it("lists models and answers the SDK's warm-up path", async () => {
    const models = await fetch(`${h.urls.cerebras}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } }).then((r) => r.json());
    expect(models.object).toBe("list");
    expect(models.data.map((m: { id: string }) => m.id)).toContain("gpt-oss-120b");
    expect((await fetch(`${h.urls.cerebras}/v1/tcp_warming`)).status).toBe(200);
  });
});

describe("completions", () => {
  it("answers non-streaming with message, usage and time_info; the same input gives the same words", async () => {
    const a = await chat(ask("Work has been exhausting.")).then((r) => r.json());
    const b = await chat(ask("Work has been exhausting.")).then((r) => r.json());
    expect(a.object).toBe("chat.completion");
    expect(a.choices[0].message.content).toBe(b.choices[0].message.content);
    expect(a.choices[0].finish_reason).toBe("stop");
    expect(a.usage.total_tokens).toBe(a.usage.prompt_tokens + a.usage.completion_tokens);
    expect(a.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(typeof a.choices[0].message.reasoning).toBe("string");
    expect(a.time_info).toMatchObject({ queue_time: expect.any(Number), total_time: expect.any(Number) });
    // The repeated system prompt counts as a cached prefix (in 128-token blocks, so 0 for a short one).
    expect(b.usage.prompt_tokens_details).toEqual({ cached_tokens: 0 });
  });

  it("streams SSE chunks: reasoning first, then content, a finish chunk with usage, then [DONE]", async () => {
    const res = await chat(ask("hello", { stream: true, stream_options: { include_usage: true } }));
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("x-ratelimit-remaining-requests-day")).toMatch(/^\d+$/);
    const data = await sseData(res);
    expect(data.at(-1)).toBe("[DONE]");
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0].id)).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe("assistant");
    const kinds = chunks.flatMap((c) => Object.keys(c.choices[0].delta).filter((k) => k !== "role"));
    expect(kinds.indexOf("content")).toBeGreaterThan(kinds.lastIndexOf("reasoning"));
    const last = chunks.at(-1);
    expect(last.choices[0].finish_reason).toBe("stop");
    const pieces = chunks.filter((c) => c.choices[0].delta.content || c.choices[0].delta.reasoning).length;
    expect(last.usage.completion_tokens).toBe(pieces);
    expect(last.time_info.total_time).toBeGreaterThanOrEqual(0);
  });

  it("leaves usage off the stream unless include_usage is set, and hides reasoning when asked", async () => {
    const data = await sseData(await chat(ask("hello", { stream: true, reasoning_format: "hidden" })));
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(chunks.some((c) => c.choices[0].delta.reasoning)).toBe(false);
    expect(chunks.some((c) => c.choices[0].delta.content)).toBe(true);
  });

  it("cuts at max_completion_tokens with finish_reason length", async () => {
    const r = await chat(ask("Tell me a story", { reasoning_effort: "none", max_completion_tokens: 5 })).then((x) => x.json());
    expect(r.choices[0].finish_reason).toBe("length");
    expect(r.usage.completion_tokens).toBe(5);
  });

  it("streams a tool call in pieces with finish_reason tool_calls", async () => {
    const data = await sseData(await chat(ask("call me tomorrow at 8", { stream: true, tools: TOOLS, reasoning_effort: "none" })));
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    const calls = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, id: expect.stringMatching(/^call_/), type: "function", function: { name: "schedule_call", arguments: "" } });
    expect(calls.length).toBeGreaterThan(2);
    expect(JSON.parse(calls.map((c) => c.function.arguments).join(""))).toEqual({ local_datetime: "2026-07-15T08:00" });
    expect(chunks.at(-1).choices[0].finish_reason).toBe("tool_calls");
  });

  it("returns the call_summary JSON for a summary request", async () => {
    const r = await chat({
      model: "gpt-oss-120b",
      messages: [
        { role: "system", content: "Summarise this call as JSON. Current local time: 2026-07-14T21:00 (Europe/London)" },
        { role: "user", content: "Brad: How's it going?\nCaller: I have a presentation on Friday. I love early runs." },
      ],
      response_format: { type: "json_schema", json_schema: { name: "call_summary", strict: true, schema: { type: "object" } } },
    }).then((x) => x.json());
    expect(JSON.parse(r.choices[0].message.content)).toEqual({
      summary: expect.stringContaining("Brad"),
      memories: [
        { kind: "follow_up", text: "Caller has a presentation on Friday", due_date: "2026-07-17" },
        { kind: "preference", text: "Caller loves early runs", due_date: null },
      ],
    });
  });
});

describe("scenarios", () => {
  it("answers 429 with the rate-limit headers when armed", async () => {
    await h.control("POST", "/cerebras/rate-limit", { count: 1, kind: "tokens", retryAfterSeconds: 2 });
    const res = await chat(ask("hi"));
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ message: expect.stringContaining("Tokens per minute"), type: "too_many_requests_error", param: "quota", code: "token_quota_exceeded" });
    expect(res.headers.get("x-ratelimit-remaining-tokens-minute")).toBe("0");
    expect(res.headers.get("retry-after")).toBe("2");
    expect(Number(res.headers.get("x-ratelimit-reset-tokens-minute"))).toBeGreaterThan(0);
    expect((await chat(ask("hi"))).status).toBe(200);
  });

  it("answers 429 through the fault injector too", async () => {
    await h.control("POST", "/faults", { provider: "cerebras", mode: "5xx", status: 429 });
    const res = await chat(ask("hi"));
    expect(res.status).toBe(429);
    expect((await res.json()).code).toBe("request_quota_exceeded");
    expect(res.headers.get("x-ratelimit-limit-requests-day")).toBeTruthy();
  });

  it("sends the SDK's error chunk mid-stream", async () => {
    await h.control("POST", "/cerebras/stream-error", { afterEvents: 2, status: 503, message: "overloaded" });
    const data = await sseData(await chat(ask("hello", { stream: true })));
    expect(data).toHaveLength(3);
    expect(JSON.parse(data[2])).toMatchObject({ status_code: 503, error: { message: "overloaded" } });
  });

  it("replays scripted replies and records what it answered", async () => {
    await h.control("POST", "/cerebras/script", { replies: [{ content: "Scripted words." }, { tool: { name: "end_call", arguments: { reason: "test" } } }] });
    expect((await chat(ask("x")).then((r) => r.json())).choices[0].message.content).toBe("Scripted words.");
    const second = await chat(ask("y", { tools: TOOLS })).then((r) => r.json());
    expect(second.choices[0].message.tool_calls[0].function).toEqual({ name: "end_call", arguments: '{"reason":"test"}' });
    const log = await h.control<Array<{ lastContent: string }>>("GET", "/cerebras/completions");
    expect(log.map((c) => c.lastContent)).toEqual(["x", "y"]);
  });
});
