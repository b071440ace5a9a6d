import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { ConfigError, readConfig } from "../core/config.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";
import { database } from "./middleware/db.ts";
import { ownOriginCors } from "./middleware/origin.ts";
import { auth } from "./routes/auth.ts";
import { health } from "./routes/health.ts";
import { callSockets } from "./routes/call-sockets.ts";
import { stripeWebhook } from "./routes/stripe.ts";
import { twilio } from "./routes/twilio.ts";
import { api, openapiDocument } from "./routes/index.ts";

export const MAX_BODY_BYTES = 128 * 1024;

export const app = new Hono<AppEnv>().basePath("/api");

const security = secureHeaders({ crossOriginResourcePolicy: "same-origin" });
// WebSocket handshakes answer 101 with immutable headers; security headers don't apply there.
app.use("*", (c, next) => (c.req.header("upgrade") ? next() : security(c, next)));
app.route("/health", health);

// Fail fast: every other route needs a complete configuration.
app.use("*", async (c, next) => {
  c.set("config", readConfig(c.env));
  await next();
});
app.use("*", ownOriginCors);
app.use(
  "*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json({ error: { code: "payload_too_large", message: `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KB.` } }, 413),
  }),
);
app.use("*", database);
app.route("/auth", auth);
// Webhooks and sockets authenticate themselves (signatures, tokens, session + Origin).
app.route("/twilio", twilio);
app.route("/stripe", stripeWebhook);
app.route("/calls", callSockets);
app.get("/openapi.json", (c) => c.json(openapiDocument(c.var.config.appUrl)));
app.route("/", api);

app.notFound((c) => c.json({ error: { code: "not_found", message: `No route ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));

app.onError((err, c) => {
  if (err instanceof ApiError) {
    const body: { error: { code: string; message: string; details?: unknown } } = { error: { code: err.code, message: err.message } };
    if (err.details !== undefined) body.error.details = err.details;
    if (err.status === 429 && typeof err.details === "object" && err.details && "retryAfterSeconds" in err.details) {
      c.header("Retry-After", String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException) {
    const malformed = /malformed json/i.test(err.message);
    return c.json({ error: { code: malformed ? "invalid_json" : "bad_request", message: malformed ? "The request body is not valid JSON." : err.message || "Bad request." } }, err.status);
  }
  if (err instanceof ConfigError) {
    console.error(err.message);
    return c.json({ error: { code: "misconfigured", message: err.message } }, 500);
  }
  console.error(`[api] ${c.req.method} ${new URL(c.req.url).pathname}:`, err);
  return c.json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } }, 500);
});
