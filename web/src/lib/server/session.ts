// The signed-in person for a page request: the same sealed WorkOS cookie the API worker reads
// (core/auth), so both see one session. A refreshed session is written back to the browser;
// a session whose account was deleted is cleared.
import type { Cookies } from "@sveltejs/kit";
import { SESSION_MAX_AGE, sessionCookie } from "$core/auth/cookie.ts";
import { resolveSession } from "$core/auth/session.ts";
import { createWorkos } from "$core/auth/workos.ts";
import type { Queryable } from "$core/db/pool.ts";
import { findUserByWorkosId, type User } from "$core/db/users.ts";
import { webConfig } from "./config.ts";

export interface PageSession {
  user: User;
  /** The sealed cookie as it stands after any refresh: what API calls must forward. */
  sealed: string;
}

export type SessionLookup = { kind: "signed_in"; session: PageSession } | { kind: "signed_out" } | { kind: "unavailable" };

/** The cookie's name and flags for this deployment (__Host- prefix on https). */
export function cookieSpec() {
  return sessionCookie(webConfig().appUrl);
}

// Sealed sessions are base64url-ish; SvelteKit would otherwise percent-encode them and the
// API (which reads the raw cookie) would not recognise the value.
const raw = (v: string) => v;

export function writeSessionCookie(cookies: Cookies, value: string): void {
  const spec = cookieSpec();
  cookies.set(spec.name, value, { path: "/", httpOnly: true, sameSite: "lax", secure: spec.secure, maxAge: SESSION_MAX_AGE, encode: raw });
}

export function clearSessionCookie(cookies: Cookies): void {
  const spec = cookieSpec();
  cookies.delete(spec.name, { path: "/", httpOnly: true, sameSite: "lax", secure: spec.secure });
}

export async function lookupSession(cookies: Cookies, db: Queryable): Promise<SessionLookup> {
  const config = webConfig();
  const spec = cookieSpec();
  const sealed = cookies.get(spec.name, { decode: raw });
  if (!sealed) return { kind: "signed_out" };
  const result = await resolveSession(createWorkos(config), sealed, config.workos.cookiePassword);
  if (result.kind === "unavailable") return { kind: "unavailable" };
  if (result.kind === "signed_out") {
    clearSessionCookie(cookies);
    return { kind: "signed_out" };
  }
  const user = await findUserByWorkosId(db, result.workosUserId);
  if (!user) {
    // The account was deleted: its session ends here.
    clearSessionCookie(cookies);
    return { kind: "signed_out" };
  }
  if (result.refreshedCookie) writeSessionCookie(cookies, result.refreshedCookie);
  return { kind: "signed_in", session: { user, sealed: result.refreshedCookie ?? sealed } };
}
