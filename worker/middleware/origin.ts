import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { forbidden } from "../errors.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated mutations must come from the app's own origin, whatever the body's
 * Content-Type: a form or text/plain POST from another site carries the cookie too
 * (SameSite=Lax only stops cross-site subrequests, not top-level form posts on some paths).
 */
export const sameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (!SAFE.has(c.req.method)) {
    const origin = c.req.header("origin");
    const own = new URL(c.var.config.appUrl).origin;
    if (origin !== own) throw forbidden("forbidden_origin", "This request must come from the Call Me Back app itself.");
  }
  await next();
});

/** CORS only for the app's own origin; every other origin gets no CORS headers at all. */
export const ownOriginCors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("origin");
  const own = c.var.config ? new URL(c.var.config.appUrl).origin : undefined;
  const allowed = origin !== undefined && origin === own;
  if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) {
    if (!allowed) return c.body(null, 403);
    return c.body(null, 204, {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Credentials": "true",
      "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE",
      "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    });
  }
  await next();
  // A WebSocket handshake's 101 response has immutable headers, and CORS doesn't apply to it.
  if (c.res.status === 101) return;
  if (allowed) {
    c.res.headers.set("Access-Control-Allow-Origin", origin);
    c.res.headers.set("Access-Control-Allow-Credentials", "true");
  }
  c.res.headers.append("Vary", "Origin");
});
