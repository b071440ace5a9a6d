// The official @cerebras/cerebras_cloud_sdk, unmodified, against the simulator.
import Cerebras from "@cerebras/cerebras_cloud_sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./sim-harness.ts";

let h: Harness;
let client: Cerebras;
const SYSTEM = "You are Sarah, a warm, empathetic friend.\nCurrent local time: 2026-07-14T10:00 (Europe/London)";

beforeAll(async () => {
  h = await startHarness();
  client = new Cerebras({ apiKey: "csk-sim-cerebras-key", baseURL: h.urls.cerebras, warmTCPConnection: false, maxRetries: 0 });
});
afterAll(() => h.close());

describe("@cerebras/cerebras_cloud_sdk", () => {
  it("streams a chat with usage", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-oss-120b",
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: "low",
      max_completion_tokens: 200,
      messages: [
        { role: "system", content: SYSTEM },
        { role: "user", content: "I had a rough day at work." },
      ],
    });
    let content = "";
    let reasoning = "";
    let usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      if (!("object" in chunk) || chunk.object !== "chat.completion.chunk") continue;
      const choice = chunk.choices?.[0];
      content += choice?.delta?.content ?? "";
      reasoning += choice?.delta?.reasoning ?? "";
      finish = choice?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(content.length).toBeGreaterThan(10);
    expect(content.trim().endsWith("?")).toBe(true);
    expect(reasoning.length).toBeGreaterThan(0);
    expect(finish).toBe("stop");
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it("streams a tool call the product offered", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-oss-120b",
      stream: true,
      messages: [
        { role: "system", content: SYSTEM },
        { role: "user", content: "Yes, five more minutes please" },
      ],
      tools: [
        { type: "function", function: { name: "extend_call", description: "Add minutes", parameters: { type: "object", properties: { minutes: { type: "integer" } } } } },
        { type: "function", function: { name: "end_call", parameters: { type: "object" } } },
      ],
    });
    let name = "";
    let args = "";
    let id = "";
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      if (!("object" in chunk) || chunk.object !== "chat.completion.chunk") continue;
      const choice = chunk.choices?.[0];
      for (const call of choice?.delta?.tool_calls ?? []) {
        id ||= call.id ?? "";
        name += call.function.name ?? "";
        args += call.function.arguments ?? "";
      }
      finish = choice?.finish_reason ?? finish;
    }
    expect(id).toMatch(/^call_/);
    expect(name).toBe("extend_call");
    expect(JSON.parse(args)).toEqual({ minutes: 5 });
    expect(finish).toBe("tool_calls");
  });

  it("surfaces a wrong key and a mid-stream error as the SDK's errors", async () => {
    const bad = new Cerebras({ apiKey: "wrong", baseURL: h.urls.cerebras, warmTCPConnection: false, maxRetries: 0 });
    await expect(bad.chat.completions.create({ model: "gpt-oss-120b", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({ status: 401 });
    await h.control("POST", "/cerebras/stream-error", { afterEvents: 1, status: 500, message: "engine fault" });
    const stream = await client.chat.completions.create({ model: "gpt-oss-120b", stream: true, messages: [{ role: "user", content: "hi" }] });
    // SDK 1.91 quirk: APIError.generate is called without headers for an error chunk, so the
    // error surfaces as an APIConnectionError whose cause carries the chunk's error object.
    const err = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Cerebras.APIConnectionError);
    expect(String((err as Error).cause)).toContain("engine fault");
  });

  it("lists models", async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain("gpt-oss-120b");
  });
});
