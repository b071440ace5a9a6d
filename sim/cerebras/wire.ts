// The request side of POST /v1/chat/completions, parsed once at the edge into a typed shape.
// Rejections mirror what Cerebras answers: unknown properties and unparsable JSON are 400s with
// param "validation_error", missing or mistyped fields 422s (pydantic-style "loc: message").
import { type CerebrasError, validationError } from "./errors.ts";

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, exactly as the model produced it. */
  arguments: string;
}

export type ChatMessage =
  | { role: "system" | "developer"; content: string }
  | { role: "user"; content: string }
  | { role: "assistant"; content: string; toolCalls: ToolCall[] }
  | { role: "tool"; content: string; toolCallId: string };

export interface ToolDef {
  name: string;
  parameters?: unknown;
}

export type ResponseFormat = { type: "text" } | { type: "json_object" } | { type: "json_schema"; name: string; schema: unknown };

export type ToolChoice = "auto" | "none" | "required" | { name: string };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  maxCompletionTokens?: number;
  tools: ToolDef[];
  toolChoice: ToolChoice;
  responseFormat: ResponseFormat;
  reasoningEffort?: "none" | "low" | "medium" | "high";
  reasoningFormat?: "none" | "parsed" | "text_parsed" | "raw" | "hidden";
  disableReasoning: boolean;
}

export type ParsedChat = { ok: true; request: ChatRequest } | { ok: false; status: 400 | 422; error: CerebrasError };

// Every body param the SDK knows (ChatCompletionCreateParamsBase); anything else is refused.
const KNOWN = new Set([
  "model", "messages", "stream", "stream_options", "max_completion_tokens", "max_tokens", "min_completion_tokens", "min_tokens",
  "temperature", "top_p", "stop", "seed", "n", "frequency_penalty", "presence_penalty", "logit_bias", "logprobs", "top_logprobs",
  "response_format", "tools", "tool_choice", "parallel_tool_calls", "reasoning_effort", "reasoning_format", "prediction",
  "prompt_cache_key", "service_tier", "user", "clear_thinking", "disable_reasoning", "model_parameters",
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Invalid extends Error {
  readonly status: 400 | 422;
  readonly param: string;
  constructor(status: 400 | 422, message: string, param = "validation_error") {
    super(message);
    this.status = status;
    this.param = param;
  }
}

/** Message content is a string or an array of {type:"text", text} parts. */
function text(v: unknown, loc: string): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) {
    return v
      .map((p, i) => {
        if (!isObj(p) || p.type !== "text" || typeof p.text !== "string") throw new Invalid(422, `${loc}.${i}: Input should be a valid text content part`);
        return p.text;
      })
      .join("");
  }
  throw new Invalid(422, `${loc}: Input should be a valid string`);
}

function message(m: unknown, i: number): ChatMessage {
  const loc = `messages.${i}`;
  if (!isObj(m)) throw new Invalid(422, `${loc}: Input should be a valid dictionary`);
  switch (m.role) {
    case "system":
    case "developer":
      return { role: m.role, content: text(m.content, `${loc}.${m.role}.content`) };
    case "user":
      if (m.content === undefined) throw new Invalid(422, `${loc}.user.content: Field required`);
      return { role: "user", content: text(m.content, `${loc}.user.content`) };
    case "assistant": {
      const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
      const toolCalls = calls.map((c, j): ToolCall => {
        const f = isObj(c) ? c.function : undefined;
        if (!isObj(c) || !isObj(f) || typeof f.name !== "string") throw new Invalid(422, `${loc}.assistant.tool_calls.${j}.function: Field required`);
        return { id: typeof c.id === "string" ? c.id : "", name: f.name, arguments: typeof f.arguments === "string" ? f.arguments : "{}" };
      });
      return { role: "assistant", content: text(m.content, `${loc}.assistant.content`), toolCalls };
    }
    case "tool":
      if (typeof m.tool_call_id !== "string") throw new Invalid(422, `${loc}.tool.tool_call_id: Field required`);
      return { role: "tool", content: text(m.content, `${loc}.tool.content`), toolCallId: m.tool_call_id };
    default:
      throw new Invalid(422, `${loc}.role: Input should be 'system', 'developer', 'user', 'assistant' or 'tool'`);
  }
}

function tools(v: unknown): ToolDef[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Invalid(422, "tools: Input should be a valid list");
  return v.map((t, i) => {
    const f = isObj(t) ? t.function : undefined;
    if (!isObj(t) || t.type !== "function") throw new Invalid(422, `tools.${i}.type: Input should be 'function'`);
    if (!isObj(f) || typeof f.name !== "string") throw new Invalid(422, `tools.${i}.function.name: Field required`);
    return { name: f.name, parameters: f.parameters };
  });
}

function toolChoice(v: unknown): ToolChoice {
  if (v === undefined || v === null) return "auto";
  if (v === "auto" || v === "none" || v === "required") return v;
  if (isObj(v) && isObj(v.function) && typeof v.function.name === "string") return { name: v.function.name };
  throw new Invalid(422, "tool_choice: Input should be 'none', 'auto', 'required' or a named function");
}

function responseFormat(v: unknown): ResponseFormat {
  if (v === undefined || v === null) return { type: "text" };
  if (!isObj(v)) throw new Invalid(422, "response_format: Input should be a valid dictionary");
  if (v.type === "text" || v.type === "json_object") return { type: v.type };
  if (v.type === "json_schema") {
    const js = v.json_schema;
    if (!isObj(js) || typeof js.name !== "string") throw new Invalid(400, "response_format.json_schema.name: Field required", "response_format");
    return { type: "json_schema", name: js.name, schema: js.schema };
  }
  throw new Invalid(422, "response_format.type: Input should be 'text', 'json_object' or 'json_schema'");
}

function positiveInt(v: unknown, loc: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new Invalid(422, `${loc}: Input should be a valid integer`);
  if (v < 1) throw new Invalid(422, `${loc}: Input should be greater than or equal to 1`);
  return v;
}

function oneOf<T extends string>(v: unknown, loc: string, allowed: readonly T[]): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
  throw new Invalid(422, `${loc}: Input should be ${allowed.map((a) => `'${a}'`).join(", ")}`);
}

export function parseChatRequest(raw: string): ParsedChat {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (e) {
    return { ok: false, status: 400, error: validationError(`: Invalid JSON: ${(e as Error).message}`) };
  }
  try {
    if (!isObj(body)) throw new Invalid(422, "body: Input should be a valid dictionary");
    const unknown = Object.keys(body).filter((k) => !KNOWN.has(k));
    if (unknown.length) throw new Invalid(400, unknown.map((k) => `${k}: property '${k}' is unsupported`).join("\n"));
    if (typeof body.model !== "string") throw new Invalid(422, body.model === undefined ? "model: Field required" : "model: Input should be a valid string");
    if (!Array.isArray(body.messages)) throw new Invalid(422, body.messages === undefined ? "messages: Field required" : "messages: Input should be a valid list");
    if (body.messages.length === 0) throw new Invalid(400, "messages: List should have at least 1 item after validation, not 0");
    if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") throw new Invalid(422, "stream: Input should be a valid boolean");
    const so = body.stream_options;
    const request: ChatRequest = {
      model: body.model,
      messages: body.messages.map(message),
      stream: body.stream === true,
      includeUsage: isObj(so) && so.include_usage === true,
      maxCompletionTokens: positiveInt(body.max_completion_tokens, "max_completion_tokens") ?? positiveInt(body.max_tokens, "max_tokens"),
      tools: tools(body.tools),
      toolChoice: toolChoice(body.tool_choice),
      responseFormat: responseFormat(body.response_format),
      reasoningEffort: oneOf(body.reasoning_effort, "reasoning_effort", ["none", "low", "medium", "high"] as const),
      reasoningFormat: oneOf(body.reasoning_format, "reasoning_format", ["none", "parsed", "text_parsed", "raw", "hidden"] as const),
      disableReasoning: body.disable_reasoning === true,
    };
    return { ok: true, request };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, status: e.status, error: validationError(e.message, e.param) };
    throw e;
  }
}
