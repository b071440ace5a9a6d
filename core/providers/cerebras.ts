// Cerebras chat completions (OpenAI-compatible) over fetch: streaming SSE for live replies,
// one-shot for post-call summaries. Reasoning deltas are dropped here so they can never be
// spoken.
import type { Config } from "../config.ts";
import { ProviderError } from "./errors.ts";

export type CerebrasConfig = Config["cerebras"];

export type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string; tool_calls?: ToolCall[] }
  | { role: "tool"; content: string; tool_call_id: string };

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ToolSpec {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_completion_tokens?: number;
  tools?: ToolSpec[];
  response_format?: Record<string, unknown>;
  seed?: number;
}

export type ChatDelta =
  | { type: "text"; text: string }
  | { type: "tool_call"; index: number; id?: string; name?: string; arguments?: string }
  | { type: "usage"; promptTokens: number; completionTokens: number }
  | { type: "finish"; reason: string };

/** Reasoning models (gpt-oss, zai-glm, qwen thinking) get low effort and hidden reasoning. */
export function isReasoningModel(model: string): boolean {
  return /^(gpt-oss|zai-glm|qwen-3.*thinking)/i.test(model);
}

function body(req: ChatRequest, stream: boolean): string {
  const b: Record<string, unknown> = { ...req, stream };
  if (stream) b.stream_options = { include_usage: true };
  if (isReasoningModel(req.model)) {
    b.reasoning_effort = "low";
    b.reasoning_format = "hidden";
  }
  return JSON.stringify(b);
}

async function post(cfg: CerebrasConfig, req: ChatRequest, stream: boolean, signal: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${cfg.baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${cfg.apiKey}`, "Content-Type": "application/json", Accept: stream ? "text/event-stream" : "application/json" },
      body: body(req, stream),
      signal,
    });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new ProviderError("cerebras", `request failed: ${(e as Error).message}`);
  }
  if (!res.ok) {
    const text = await res.text().catch(() => "");
    let message = `HTTP ${res.status}`;
    try {
      const j = JSON.parse(text) as { message?: string; error?: { message?: string } };
      message = j.message ?? j.error?.message ?? message;
    } catch {
      /* not JSON */
    }
    throw new ProviderError("cerebras", message, { status: res.status });
  }
  return res;
}

export async function* streamChat(cfg: CerebrasConfig, req: ChatRequest, signal: AbortSignal): AsyncIterable<ChatDelta> {
  const res = await post(cfg, req, true, signal);
  if (!res.body) throw new ProviderError("cerebras", "empty stream");
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  let done = false;
  try {
    while (!done) {
      const { value, done: eof } = await reader.read();
      if (eof) break;
      buf += value;
      let sep: number;
      while ((sep = buf.indexOf("\n\n")) >= 0) {
        const event = buf.slice(0, sep);
        buf = buf.slice(sep + 2);
        let isError = false;
        for (const line of event.split("\n")) {
          if (line.startsWith("event:") && line.slice(6).trim() === "error") isError = true;
          if (!line.startsWith("data:")) continue;
          const data = line.slice(5).trim();
          if (data === "[DONE]") {
            done = true;
            break;
          }
          yield* parseChunk(data, isError);
        }
        if (done) break;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  if (!done && !signal.aborted) throw new ProviderError("cerebras", "stream ended before [DONE]");
}

interface Chunk {
  error?: { message?: string };
  status_code?: number;
  choices?: Array<{ delta?: { content?: string | null; tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

function* parseChunk(data: string, isError: boolean): Iterable<ChatDelta> {
  let c: Chunk;
  try {
    c = JSON.parse(data) as Chunk;
  } catch {
    throw new ProviderError("cerebras", "malformed stream chunk");
  }
  if (isError || c.error) throw new ProviderError("cerebras", c.error?.message ?? "stream error", { status: c.status_code ?? 500 });
  for (const choice of c.choices ?? []) {
    const d = choice.delta;
    if (d?.content) yield { type: "text", text: d.content };
    for (const t of d?.tool_calls ?? []) yield { type: "tool_call", index: t.index, id: t.id, name: t.function?.name, arguments: t.function?.arguments };
    if (choice.finish_reason) yield { type: "finish", reason: choice.finish_reason };
  }
  if (c.usage) yield { type: "usage", promptTokens: c.usage.prompt_tokens ?? 0, completionTokens: c.usage.completion_tokens ?? 0 };
}

export interface Completion {
  content: string;
  toolCalls: ToolCall[];
  promptTokens: number;
  completionTokens: number;
}

export async function completeChat(cfg: CerebrasConfig, req: ChatRequest, signal: AbortSignal = AbortSignal.timeout(30_000)): Promise<Completion> {
  const res = await post(cfg, req, false, signal);
  const j = (await res.json()) as { choices?: Array<{ message?: { content?: string | null; tool_calls?: ToolCall[] } }>; usage?: { prompt_tokens?: number; completion_tokens?: number } };
  const m = j.choices?.[0]?.message;
  return { content: m?.content ?? "", toolCalls: m?.tool_calls ?? [], promptTokens: j.usage?.prompt_tokens ?? 0, completionTokens: j.usage?.completion_tokens ?? 0 };
}
