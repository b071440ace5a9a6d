// The session cookie: HttpOnly, SameSite=Lax, and on https the __Host- prefix (Secure, no
// Domain, Path=/), so no script and no sibling subdomain can read or plant it.

export interface CookieSpec {
  name: string;
  secure: boolean;
}

export const SESSION_MAX_AGE = 60 * 60 * 24 * 30; // refresh tokens outlive access tokens; WorkOS decides the real end
export const STATE_COOKIE = "cmb_oauth";

export function sessionCookie(appUrl: string): CookieSpec {
  const secure = appUrl.startsWith("https://");
  return { name: secure ? "__Host-cmb_session" : "cmb_session", secure };
}

export function serializeCookie(name: string, value: string, opts: { secure: boolean; maxAge: number; sameSite?: "Lax" | "Strict" }): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", `SameSite=${opts.sameSite ?? "Lax"}`, `Max-Age=${opts.maxAge}`];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
