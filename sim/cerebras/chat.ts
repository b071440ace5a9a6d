// POST /v1/chat/completions: auth, validation, scenarios, then the stand-in model's answer.
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendJson, type SimRequest } from "../core/server.ts";
import type { SimContext } from "../core/types.ts";
import { type Outcome, decide } from "./decide.ts";
import { modelNotFound, notAuthenticated, rateLimited, wrongApiKey } from "./errors.ts";
import { generate } from "./generation.ts";
import { findModel } from "./models.ts";
import type { RateLimitCounters } from "./rate-limits.ts";
import { envelope, respondJson, respondStream, usageOf } from "./respond.ts";
import type { CerebrasScenarios } from "./scenarios.ts";
import { countTokens, promptTokens } from "./tokens.ts";
import { parseChatRequest } from "./wire.ts";

export interface CompletionRecord {
  at: number;
  model: string;
  stream: boolean;
  lastRole: string;
  lastContent: string;
  outcome: Outcome;
  finishReason: string;
  usage: unknown;
}

export interface ChatDeps {
  ctx: SimContext;
  scenarios: CerebrasScenarios;
  limits: RateLimitCounters;
  completions: CompletionRecord[];
  /** System prompts seen before: their prefix counts as cached, as with Cerebras prompt caching. */
  cache: Set<string>;
}

/** Bearer auth as Cerebras answers it: 403 without a header, 401 with a wrong key. */
export function checkAuth(req: SimRequest, res: ServerResponse, apiKey: string): boolean {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  if (!m) {
    sendJson(res, 403, notAuthenticated());
    return false;
  }
  if (m[1].trim() !== apiKey) {
    sendJson(res, 401, wrongApiKey());
    return false;
  }
  return true;
}

const MAX_RECORDS = 500;

export async function handleChat(req: SimRequest, res: ServerResponse, deps: ChatDeps): Promise<void> {
  const { ctx, scenarios, limits } = deps;
  if (!checkAuth(req, res, ctx.credentials.cerebras.apiKey)) return;
  const parsed = parseChatRequest(req.body);
  if (!parsed.ok) return sendJson(res, parsed.status, parsed.error);
  const chat = parsed.request;
  if (!findModel(chat.model)) return sendJson(res, 404, modelNotFound(chat.model));

  const limited = scenarios.takeRateLimit();
  if (limited) {
    const headers = limits.headers(limited.kind);
    if (limited.retryAfterSeconds !== undefined) headers["retry-after"] = String(limited.retryAfterSeconds);
    return sendJson(res, 429, rateLimited(limited.kind), headers);
  }

  const scripted = scenarios.script.shift();
  const outcome = scripted ?? decide(chat);
  const g = generate(chat, outcome);
  const prompt = promptTokens(chat);
  const system = chat.messages.find((m) => m.role === "system")?.content ?? "";
  const key = createHash("sha256").update(system).digest("hex");
  // Cerebras caches prompt prefixes in 128-token blocks; a repeated system prompt is the prefix.
  const cached = deps.cache.has(key) ? Math.floor(countTokens(system) / 128) * 128 : 0;
  deps.cache.add(key);
  const usage = usageOf(g, prompt, cached);
  limits.count(usage.total_tokens);
  const headers = limits.headers();
  const env = envelope(chat.model);
  const pacing = { firstTokenMs: ctx.latency.ms("cerebras.first_token"), tokensPerSecond: ctx.latency.rate("cerebras.tokens_per_s", 1_000_000) };

  const last = chat.messages[chat.messages.length - 1];
  deps.completions.push({ at: Date.now(), model: chat.model, stream: chat.stream, lastRole: last.role, lastContent: last.content, outcome, finishReason: g.finishReason, usage });
  if (deps.completions.length > MAX_RECORDS) deps.completions.splice(0, deps.completions.length - MAX_RECORDS);

  const drop = ctx.faults.take(req.path, ["drop"]);
  if (!chat.stream) return respondJson(res, g, env, usage, pacing, headers, drop !== undefined);
  const error = scenarios.takeStreamError();
  await respondStream(res, g, env, usage, pacing, headers, {
    includeUsage: chat.includeUsage,
    dropAfterEvents: drop && drop.afterMs === undefined ? (drop.afterMessages ?? 1) : undefined,
    dropAfterMs: drop?.afterMs,
    errorAfterEvents: error?.afterEvents,
    errorStatus: error?.status,
    errorMessage: error?.message,
  });
}
