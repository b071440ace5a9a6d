import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConfigError, readConfig } from "../core/config.ts";
import type { AppEnv } from "./app-env.ts";
import { ApiError } from "./errors.ts";
import { health } from "./routes/health.ts";

export const app = new Hono<AppEnv>().basePath("/api");

app.route("/health", health);

// Fail fast: every other route needs a complete configuration.
app.use("*", async (c, next) => {
  c.set("config", readConfig(c.env));
  await next();
});

app.notFound((c) => c.json({ error: { code: "not_found", message: `No route ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));

app.onError((err, c) => {
  if (err instanceof ApiError) {
    const body: { error: { code: string; message: string; details?: unknown } } = { error: { code: err.code, message: err.message } };
    if (err.details !== undefined) body.error.details = err.details;
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: err.status === 413 ? "payload_too_large" : "bad_request", message: err.message || "Bad request." } }, err.status);
  }
  if (err instanceof ConfigError) {
    console.error(err.message);
    return c.json({ error: { code: "misconfigured", message: err.message } }, 500);
  }
  console.error(`[api] ${c.req.method} ${new URL(c.req.url).pathname}:`, err);
  return c.json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } }, 500);
});
