// Writes a generation to the wire: one JSON body, or an SSE stream paced like the real thing
// (first token after "cerebras.first_token", then "cerebras.tokens_per_s"), with the optional
// mid-stream error or cut that scenarios and "drop" faults ask for.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sleep } from "../core/latency.ts";
import { streamError } from "./errors.ts";
import type { Generation } from "./generation.ts";

export interface Pacing {
  firstTokenMs: number;
  tokensPerSecond: number;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export interface Envelope {
  id: string;
  created: number;
  model: string;
  system_fingerprint: string;
}

export function envelope(model: string): Envelope {
  return { id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model, system_fingerprint: "fp_70185065a4" };
}

export function usageOf(g: Generation, promptTokens: number, cachedTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: g.completionTokens,
    total_tokens: promptTokens + g.completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens },
    completion_tokens_details: { reasoning_tokens: g.reasoningTokens },
  };
}

/**
 * An abrupt cut that still lets what was written reach the client: half-close the socket
 * (the chunked body never terminates, so the client sees a premature close), then destroy it.
 */
function cut(res: ServerResponse): void {
  res.socket?.end();
  setTimeout(() => res.destroy(), 50).unref();
}

function timeInfo(startedAt: number, firstTokenMs: number, created: number) {
  const total = (Date.now() - startedAt) / 1000;
  const prompt = Math.min(total, firstTokenMs / 1000);
  return { queue_time: 0.000_21, prompt_time: prompt, completion_time: Math.max(0, total - prompt), total_time: total, created: created + 0.0 };
}

export async function respondJson(res: ServerResponse, g: Generation, env: Envelope, usage: Usage, pacing: Pacing, headers: Record<string, string>, drop: boolean): Promise<void> {
  const startedAt = Date.now();
  await sleep(pacing.firstTokenMs + (g.completionTokens / pacing.tokensPerSecond) * 1000);
  const message: Record<string, unknown> = { role: "assistant", content: g.tool ? null : g.content.join("") };
  if (g.reasoning.length && g.showReasoning) message.reasoning = g.reasoning.join("");
  if (g.tool) message.tool_calls = [{ id: g.tool.id, type: "function", function: { name: g.tool.name, arguments: g.tool.argumentPieces.join("") } }];
  const body = JSON.stringify({
    ...env,
    object: "chat.completion",
    choices: [{ index: 0, message, finish_reason: g.finishReason }],
    usage,
    time_info: timeInfo(startedAt, pacing.firstTokenMs, env.created),
  });
  res.writeHead(200, { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
  // A "drop" fault on a plain request: half an answer, then the connection dies.
  if (drop) {
    res.write(body.slice(0, Math.floor(body.length / 2)));
    cut(res);
    return;
  }
  res.end(body);
}

export interface StreamOptions {
  includeUsage: boolean;
  /** Cut the connection (no [DONE]) after this many events, or after this long. */
  dropAfterEvents?: number;
  dropAfterMs?: number;
  /** Send the SDK's error chunk after this many events and stop. */
  errorAfterEvents?: number;
  errorStatus?: number;
  errorMessage?: string;
}

type Delta = Record<string, unknown>;

export async function respondStream(res: ServerResponse, g: Generation, env: Envelope, usage: Usage, pacing: Pacing, headers: Record<string, string>, opts: StreamOptions): Promise<void> {
  const startedAt = Date.now();
  const gone = new AbortController();
  res.on("close", () => gone.abort());
  res.writeHead(200, { ...headers, "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  res.flushHeaders();
  let dead = false;
  const drop = () => {
    dead = true;
    cut(res);
  };
  if (opts.dropAfterMs !== undefined) setTimeout(() => !gone.signal.aborted && drop(), opts.dropAfterMs).unref();
  let events = 0;
  const send = (data: string): boolean => {
    if (gone.signal.aborted || dead) return false;
    if (opts.errorAfterEvents !== undefined && events >= opts.errorAfterEvents) {
      res.end(`data: ${JSON.stringify(streamError(opts.errorStatus ?? 500, opts.errorMessage ?? "Internal server error"))}\n\n`);
      return false;
    }
    if (opts.dropAfterEvents !== undefined && events >= opts.dropAfterEvents) {
      drop();
      return false;
    }
    res.write(`data: ${data}\n\n`);
    events++;
    return true;
  };
  const chunk = (delta: Delta, finish: string | null = null, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ...env, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }], ...extra });

  await sleep(pacing.firstTokenMs, gone.signal);
  const deltas: Delta[] = [];
  for (const p of g.reasoning) deltas.push(g.showReasoning ? { reasoning: p } : {});
  for (const p of g.content) deltas.push({ content: p });
  if (g.tool) {
    deltas.push({ tool_calls: [{ index: 0, id: g.tool.id, type: "function", function: { name: g.tool.name, arguments: "" } }] });
    for (const p of g.tool.argumentPieces) deltas.push({ tool_calls: [{ index: 0, function: { arguments: p } }] });
  }
  let first = true;
  const t0 = Date.now();
  for (let i = 0; i < deltas.length; i++) {
    // Pace against the clock, sleeping only when ahead, so high rates don't pay timer overhead per token.
    const due = t0 + (i / pacing.tokensPerSecond) * 1000;
    if (due - Date.now() >= 2) await sleep(due - Date.now(), gone.signal);
    const d = deltas[i];
    // Hidden reasoning costs time but puts nothing on the wire.
    if (Object.keys(d).length === 0) continue;
    if (!send(chunk(first ? { role: "assistant", ...d } : d))) return;
    first = false;
  }
  const tail: Record<string, unknown> = { time_info: timeInfo(startedAt, pacing.firstTokenMs, env.created) };
  if (opts.includeUsage) tail.usage = usage;
  if (!send(chunk(first ? { role: "assistant" } : {}, g.finishReason, tail))) return;
  if (send("[DONE]")) res.end();
}
