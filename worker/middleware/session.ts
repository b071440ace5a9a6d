import { createMiddleware } from "hono/factory";
import { readCookie, serializeCookie, SESSION_MAX_AGE, sessionCookie } from "../../core/auth/cookie.ts";
import { resolveSession } from "../../core/auth/session.ts";
import { createWorkos } from "../../core/auth/workos.ts";
import { findUserByWorkosId } from "../../core/db/users.ts";
import type { AppEnv } from "../app-env.ts";
import { unauthorized, unavailable } from "../errors.ts";

/**
 * Loads the signed-in person from the sealed session cookie (refreshing it when the access
 * token expired). The account row must still exist: a deleted account's session stops
 * working on the next request.
 */
export const session = createMiddleware<AppEnv>(async (c, next) => {
  const config = c.var.config;
  const spec = sessionCookie(config.appUrl);
  const sealed = readCookie(c.req.header("cookie"), spec.name);
  if (sealed) {
    const result = await resolveSession(createWorkos(config), sealed, config.workos.cookiePassword);
    if (result.kind === "unavailable") throw unavailable("auth_unavailable", "Sign-in is briefly unavailable. Please try again in a moment.");
    if (result.kind === "ok") {
      const user = await findUserByWorkosId(c.var.db, result.workosUserId);
      if (user) {
        c.set("user", user);
        c.set("sessionId", result.sessionId);
      }
      await next();
      if (user && result.refreshedCookie) c.header("Set-Cookie", serializeCookie(spec.name, result.refreshedCookie, { secure: spec.secure, maxAge: SESSION_MAX_AGE }), { append: true });
      if (!user) c.header("Set-Cookie", serializeCookie(spec.name, "", { secure: spec.secure, maxAge: 0 }), { append: true });
      return;
    }
  }
  await next();
});

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user) throw unauthorized();
  await next();
});

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user) throw unauthorized();
  // Not 403: an operator page's existence is nobody else's business.
  if (c.var.user.role !== "admin") return c.json({ error: { code: "not_found", message: "Not found." } }, 404);
  await next();
});
