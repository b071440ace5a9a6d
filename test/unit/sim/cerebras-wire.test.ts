import { describe, expect, it } from "vitest";
import { parseChatRequest } from "../../../sim/cerebras/wire.ts";

describe("chat request parsing at the edge", () => {
  it("parses the SDK's shape, content parts and tool messages included", () => {
    const p = parseChatRequest(
      JSON.stringify({
        model: "gpt-oss-120b",
        stream: true,
        stream_options: { include_usage: true },
        max_completion_tokens: 64,
        messages: [
          { role: "system", content: [{ type: "text", text: "You are Brad." }] },
          { role: "user", content: "hi" },
          { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "end_call", arguments: "{}" } }] },
          { role: "tool", tool_call_id: "c1", content: "ok" },
        ],
        tools: [{ type: "function", function: { name: "end_call", parameters: { type: "object" } } }],
        tool_choice: { type: "function", function: { name: "end_call" } },
      }),
    );
    expect(p.ok && p.request).toMatchObject({ stream: true, includeUsage: true, maxCompletionTokens: 64, toolChoice: { name: "end_call" } });
    expect(p.ok && p.request.messages[0]).toEqual({ role: "system", content: "You are Brad." });
  });

  it.each([
    ["{not json", 400, /^: Invalid JSON/],
    [JSON.stringify({ model: "m", messages: [], foo: 1 }), 400, /foo: property 'foo' is unsupported/],
    [JSON.stringify({ messages: [{ role: "user", content: "x" }] }), 422, /^model: Field required$/],
    [JSON.stringify({ model: "m" }), 422, /^messages: Field required$/],
    [JSON.stringify({ model: "m", messages: [] }), 400, /at least 1 item/],
    [JSON.stringify({ model: "m", messages: [{ role: "robot", content: "x" }] }), 422, /messages\.0\.role/],
    [JSON.stringify({ model: "m", messages: [{ role: "tool", content: "x" }] }), 422, /tool_call_id: Field required/],
    [JSON.stringify({ model: "m", messages: [{ role: "user", content: "x" }], max_completion_tokens: 0 }), 422, /greater than or equal to 1/],
    [JSON.stringify({ model: "m", messages: [{ role: "user", content: "x" }], response_format: { type: "json_schema", json_schema: {} } }), 400, /name: Field required/],
  ])("rejects %s with %i", (body, status, message) => {
    const p = parseChatRequest(body);
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.status).toBe(status);
    expect(p.error).toMatchObject({ type: "invalid_request_error", code: "wrong_api_format", message: expect.stringMatching(message) });
  });
});
