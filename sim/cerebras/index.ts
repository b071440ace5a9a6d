// The Cerebras simulator: OpenAI-compatible chat completions with a deterministic,
// persona-aware stand-in model (see decide.ts and intents.ts for how it answers).
//   POST /v1/chat/completions   GET /v1/models[/{id}]   GET /v1/tcp_warming (the SDK's warm-up)
// Control routes (/cerebras/… on the control port):
//   POST rate-limit   {count?=1, kind?="requests"|"tokens", retryAfterSeconds?} → next chats get 429
//   POST stream-error {count?=1, afterEvents?=2, status?=500, message?}         → error chunk mid-stream
//   POST script       {replies:[{content}|{tool:{name, arguments}}]}             → override next replies
//   GET  completions                                                             → what was asked and answered
import { sendJson } from "../core/server.ts";
import type { ProviderSim, SimContext } from "../core/types.ts";
import { type CompletionRecord, checkAuth, handleChat } from "./chat.ts";
import { errorForStatus, rateLimited } from "./errors.ts";
import { MODELS, findModel } from "./models.ts";
import { RateLimitCounters } from "./rate-limits.ts";
import { CerebrasScenarios } from "./scenarios.ts";

export function createCerebrasSim(ctx: SimContext): ProviderSim {
  const scenarios = new CerebrasScenarios();
  const limits = new RateLimitCounters();
  const completions: CompletionRecord[] = [];
  const cache = new Set<string>();
  const deps = { ctx, scenarios, limits, completions, cache };

  return {
    name: ctx.name,
    handlers: {
      errorBody: (status, message) => ({
        contentType: "application/json",
        body: JSON.stringify(status === 429 ? rateLimited("requests") : errorForStatus(status, message)),
        headers: status === 429 ? limits.headers("requests") : undefined,
      }),
      async request(req, res) {
        if (req.method === "GET" && req.path === "/v1/tcp_warming") return sendJson(res, 200, {});
        if (req.method === "POST" && req.path === "/v1/chat/completions") return handleChat(req, res, deps);
        if (req.method === "GET" && req.path === "/v1/models") {
          if (!checkAuth(req, res, ctx.credentials.cerebras.apiKey)) return;
          return sendJson(res, 200, { object: "list", data: MODELS });
        }
        const model = /^\/v1\/models\/([^/]+)$/.exec(req.path);
        if (req.method === "GET" && model) {
          if (!checkAuth(req, res, ctx.credentials.cerebras.apiKey)) return;
          const found = findModel(decodeURIComponent(model[1]));
          return found ? sendJson(res, 200, found) : sendJson(res, 404, errorForStatus(404, `Model ${model[1]} does not exist or you do not have access to it.`));
        }
        sendJson(res, 404, { detail: "Not Found" });
      },
    },
    state: () => ({
      completions: completions.length,
      scenarios: { rateLimit: scenarios.rateLimit, streamError: scenarios.streamError, scripted: scenarios.script.length },
    }),
    reset() {
      scenarios.reset();
      limits.reset();
      completions.length = 0;
      cache.clear();
    },
    control: {
      "rate-limit": (input) => scenarios.armRateLimit(input),
      "stream-error": (input) => scenarios.armStreamError(input),
      script: (input) => scenarios.setScript(input),
      completions: () => completions,
    },
  };
}
