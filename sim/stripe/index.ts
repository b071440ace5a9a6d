// The Stripe simulator (API version 2026-07-29.dahlia; any Stripe-Version header is accepted).
//   Checkout Sessions create/list/retrieve (expand line_items…)/line_items/expire, customers,
//   payment_intents, charges, subscriptions (retrieve/update/cancel), invoices, refunds,
//   products, prices, events; the hosted page at /c/pay/{id}; signed webhook delivery.
// Control routes: see control.ts (events, deliveries, webhook, release, resend, renew,
// dispute, close-dispute, expire-session, pay-session).
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sleep } from "../core/latency.ts";
import type { SimRequest } from "../core/server.ts";
import type { ProviderSim, SimContext } from "../core/types.ts";
import { stripeControl } from "./control.ts";
import { StripeApiError, badKey, noKey, unrecognizedUrl } from "./errors.ts";
import { parseStripeForm } from "./form.ts";
import { IdempotencyStore } from "./idempotency.ts";
import { stripeId } from "./ids.ts";
import { API_VERSION } from "./objects.ts";
import { handleCheckoutPage } from "./page.ts";
import { route } from "./routes.ts";
import { StripeStore } from "./store.ts";
import { WebhookDispatcher } from "./webhooks.ts";

/** Bearer, or Basic with the key as user name (curl -u sk_…:), as Stripe accepts both. */
function apiKeyOf(req: SimRequest): string | undefined {
  const h = req.headers.authorization ?? "";
  const bearer = /^Bearer\s+(.+)$/i.exec(h);
  if (bearer) return bearer[1].trim();
  const basic = /^Basic\s+(.+)$/i.exec(h);
  if (basic) return Buffer.from(basic[1], "base64").toString("utf8").split(":")[0];
  return undefined;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers }).end(body);
}

export function createStripeSim(ctx: SimContext): ProviderSim {
  const creds = ctx.credentials.stripe;
  const store = new StripeStore();
  const idempotency = new IdempotencyStore();
  const hooks = new WebhookDispatcher({
    url: creds.webhookUrl,
    secret: creds.webhookSecret,
    enabledEvents: ["*"],
    maxAttempts: 6,
    backoffMs: 500,
    backoffFactor: 2,
    maxBackoffMs: 30_000,
    timeoutMs: 10_000,
    copies: 1,
    concurrentCopies: false,
    delayMs: 0,
    hold: false,
    batch: null,
  });
  store.onEvent = (e) => hooks.enqueue(e);
  const routeDeps = { store, baseUrl: () => ctx.urls().stripe };

  async function api(req: SimRequest, res: ServerResponse): Promise<void> {
    const requestId = stripeId("req", 14);
    const version = typeof req.headers["stripe-version"] === "string" ? req.headers["stripe-version"] : API_VERSION;
    const headers: Record<string, string> = { "request-id": requestId, "stripe-version": version };
    const fail = (e: StripeApiError) => send(res, e.status, JSON.stringify(e.body(requestId)), headers);
    const key = apiKeyOf(req);
    if (!key) return fail(noKey());
    if (key !== creds.secretKey) return fail(badKey(key));
    await sleep(ctx.latency.ms("stripe.rest"));

    // stripe-node sends GET/DELETE params in the query string, POST params in the body.
    const params = { ...parseStripeForm(req.url.search.slice(1)), ...(req.method === "POST" ? parseStripeForm(req.body) : {}) };
    const idemKey = req.method === "POST" ? req.headers["idempotency-key"] : undefined;
    const fingerprint = createHash("sha256").update(`${req.method} ${req.path}\n${JSON.stringify(params)}`).digest("hex");
    if (typeof idemKey === "string") {
      headers["idempotency-key"] = idemKey;
      const seen = idempotency.lookup(idemKey, fingerprint);
      if (seen.kind === "replay") return send(res, seen.answer.status, seen.answer.body, { ...headers, "idempotent-replayed": "true", "original-request": seen.answer.requestId });
      if (seen.kind === "mismatch") {
        return fail(new StripeApiError(400, "idempotency_error", `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`));
      }
      if (seen.kind === "busy") return fail(new StripeApiError(409, "idempotency_error", "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): " + idemKey + ". Please try again later."));
      idempotency.begin(idemKey);
    }
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify(route(routeDeps, { method: req.method, path: req.path, params, request: { id: requestId, idempotency_key: typeof idemKey === "string" ? idemKey : null } }));
    } catch (e) {
      if (!(e instanceof StripeApiError)) {
        if (typeof idemKey === "string") idempotency.finish(idemKey, { fingerprint, status: 500, body: "", requestId });
        throw e;
      }
      status = e.status;
      body = JSON.stringify(e.body(requestId));
    }
    if (typeof idemKey === "string") idempotency.finish(idemKey, { fingerprint, status, body, requestId });
    send(res, status, body, headers);
  }

  return {
    name: ctx.name,
    handlers: {
      errorBody: (status, message) => {
        const e = new StripeApiError(status, status >= 500 ? "api_error" : "invalid_request_error", status === 429 ? "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits." : message, status === 429 ? { code: "rate_limit" } : {});
        const requestId = stripeId("req", 14);
        // Stripe marks server errors retryable; stripe-node honours Stripe-Should-Retry.
        return { contentType: "application/json", body: JSON.stringify(e.body(requestId)), headers: { "request-id": requestId, ...(status >= 500 ? { "stripe-should-retry": "true" } : {}) } };
      },
      async request(req, res) {
        if (req.path.startsWith("/c/pay/")) return handleCheckoutPage(req, res, store);
        if (req.path.startsWith("/v1/")) return api(req, res);
        const e = unrecognizedUrl(req.method, req.path);
        send(res, 404, JSON.stringify(e.body(stripeId("req", 14))), {});
      },
    },
    state: () => ({
      sessions: store.sessions.size,
      customers: store.customers.size,
      subscriptions: store.subscriptions.size,
      events: store.events.length,
      deliveries: { total: hooks.deliveries.length, pending: hooks.deliveries.filter((d) => d.state !== "succeeded" && d.state !== "failed").length },
      webhook: hooks.settings,
    }),
    reset() {
      store.reset();
      idempotency.reset();
      hooks.reset();
    },
    control: stripeControl(store, hooks),
    close: async () => hooks.close(),
  };
}
