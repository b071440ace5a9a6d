// Sign-in with WorkOS AuthKit. The browser only ever holds an HttpOnly sealed-session
// cookie; tokens never reach web storage or a URL.
import { Hono } from "hono";
import { readCookie, serializeCookie, SESSION_MAX_AGE, sessionCookie, STATE_COOKIE } from "../../core/auth/cookie.ts";
import { createWorkos } from "../../core/auth/workos.ts";
import { appendEntry } from "../../core/db/credits.ts";
import { upsertUserOnSignIn } from "../../core/db/users.ts";
import { WELCOME_GRANT_CENTS } from "../../core/pricing.ts";
import type { AppEnv } from "../app-env.ts";
import { badRequest } from "../errors.ts";
import { enforceRateLimit } from "../middleware/rate-limit.ts";
import { sameOrigin } from "../middleware/origin.ts";
import { session } from "../middleware/session.ts";

const STATE_MAX_AGE = 600;

/** Only same-site paths may be returned to after sign-in (no open redirects). */
export function safeReturnTo(v: string | undefined | null): string {
  if (!v || !v.startsWith("/") || v.startsWith("//") || v.startsWith("/\\") || v.startsWith("/api/")) return "/";
  return v.slice(0, 500);
}

function randomToken(bytes = 24): string {
  const a = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...a)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export const auth = new Hono<AppEnv>()
  .get("/login", async (c) => {
    const config = c.var.config;
    await enforceRateLimit(c.var.db, "signIn", c.req.header("cf-connecting-ip") ?? "local");
    const state = randomToken();
    const returnTo = safeReturnTo(c.req.query("returnTo"));
    const url = createWorkos(config).userManagement.getAuthorizationUrl({
      provider: "authkit",
      clientId: config.workos.clientId,
      redirectUri: `${config.appUrl}/api/auth/callback`,
      state,
      screenHint: c.req.query("signup") ? "sign-up" : "sign-in",
    });
    const secure = sessionCookie(config.appUrl).secure;
    c.header("Set-Cookie", serializeCookie(STATE_COOKIE, `${state}.${encodeURIComponent(returnTo)}`, { secure, maxAge: STATE_MAX_AGE }));
    return c.redirect(url, 302);
  })
  .get("/callback", async (c) => {
    const config = c.var.config;
    const code = c.req.query("code");
    const state = c.req.query("state");
    const saved = readCookie(c.req.header("cookie"), STATE_COOKIE);
    const [savedState, savedReturn] = (saved ?? "").split(".");
    if (!code || !state || !savedState || state !== savedState) {
      throw badRequest("invalid_sign_in", "This sign-in link is invalid or expired. Please sign in again.");
    }
    const workos = createWorkos(config);
    let result;
    try {
      result = await workos.userManagement.authenticateWithCode({
        clientId: config.workos.clientId,
        code,
        session: { sealSession: true, cookiePassword: config.workos.cookiePassword },
        userAgent: c.req.header("user-agent"),
      });
    } catch {
      throw badRequest("invalid_sign_in", "Sign-in could not be completed. Please try again.");
    }
    const u = result.user;
    const name = [u.firstName, u.lastName].filter(Boolean).join(" ");
    const { user, created } = await upsertUserOnSignIn(c.var.db, {
      workosUserId: u.id,
      email: u.email,
      name,
      admin: config.adminEmails.includes(u.email.toLowerCase()),
    });
    // The first call is free: one welcome grant per account, idempotent on its ref.
    if (created) await appendEntry(c.var.db, { userId: user.id, kind: "grant", amount: WELCOME_GRANT_CENTS, ref: `welcome:${user.id}`, note: "Your first call is on us" });
    const spec = sessionCookie(config.appUrl);
    c.header("Set-Cookie", serializeCookie(spec.name, result.sealedSession!, { secure: spec.secure, maxAge: SESSION_MAX_AGE }), { append: true });
    c.header("Set-Cookie", serializeCookie(STATE_COOKIE, "", { secure: spec.secure, maxAge: 0 }), { append: true });
    return c.redirect(safeReturnTo(decodeURIComponent(savedReturn ?? "")), 302);
  })
  .post("/logout", sameOrigin, session, async (c) => {
    const config = c.var.config;
    const sessionId = c.var.sessionId;
    if (sessionId) {
      // Revoke at WorkOS so the refresh token dies too; a failure here still signs out locally.
      await createWorkos(config)
        .userManagement.revokeSession({ sessionId })
        .catch((e: unknown) => console.warn("[auth] session revoke failed:", (e as Error).message));
    }
    const spec = sessionCookie(config.appUrl);
    c.header("Set-Cookie", serializeCookie(spec.name, "", { secure: spec.secure, maxAge: 0 }));
    return c.json({ ok: true, redirect: "/" });
  });
